import { Packr } from 'msgpackr';
import type { ActorManager, RemoteActorFailure, RemoteActorHosting } from '../core/actor-manager.js';
import { adoptOutOfBand, readOutOfBand, unlinkSegments } from '../objectstore/shared-arrays.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import type { ServiceHandlers } from '../rpc/rpc-server.js';
import { chooseNode } from '../scheduler/node-selection.js';
import type { CreateActor, ExecuteTask, SubmittedActor, TaskReply } from '../runtime/protocol.js';
import type { RemoteNode } from './remote-tasks.js';

/**
 * Actors on other nodes than their owner's (cluster mode). The owner's runtime keeps the
 * actor's record (its order of calls, its restarts, its handles) and sends the creation and
 * each call to the hosting node, which runs the actor like its own but never restarts it: when
 * the actor's worker or node dies, the owner restarts it where placement says.
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

type Buffers = Array<[string, Uint8Array]>;

interface CreatePayload {
  spec: SubmittedActor;
  create: CreateActor;
  buffers: Buffers;
}
interface CallPayload {
  actorId: string;
  seq: number;
  exec: ExecuteTask;
  buffers: Buffers;
}
type CallResult = { reply: TaskReply; buffers: Buffers } | { failure: RemoteActorFailure };

/** Copies of buffers' bytes, to send to another node. */
function bytesOf(refs: readonly string[]): Buffers {
  return refs.map((ref) => [ref, new Uint8Array(readOutOfBand(ref, 'Uint8Array') as Uint8Array)]);
}

/** Stores buffers from another node under their names; returns their references here. */
function adopt(buffers: Buffers): Map<string, string> {
  return new Map(buffers.map(([ref, bytes]) => [ref, adoptOutOfBand(ref, bytes)]));
}

/** The owner's side: where to host actors, and the calls to the nodes hosting them. */
export class RemoteActors implements RemoteActorHosting {
  private readonly cursor = { next: 0 };
  /** Nodes a call just failed on: left out of placement until then (the GCS decides later). */
  private readonly suspect = new Map<string, number>();

  constructor(
    private readonly localId: string,
    private readonly nodes: () => RemoteNode[],
    private readonly client: (address: string) => RpcClient,
  ) {}

  /**
   * DEFAULT keeps an actor on its owner's node when that node could ever hold it (actors are
   * long-lived: the owner's node is where its calls come from); SPREAD and node affinity, and
   * actors this node cannot hold, go where the task policy says.
   */
  place(spec: SubmittedActor): { nodeId: string } | { infeasible: string } | undefined {
    const now = Date.now();
    const nodes = this.nodes().map((n) => ((this.suspect.get(n.nodeId) ?? 0) > now ? { ...n, alive: false } : n));
    const local = nodes.find((n) => n.nodeId === this.localId);
    const fitsLocally = !!local && Object.entries(spec.resources).every(([k, v]) => (local.total[k] ?? 0) >= v);
    if (spec.nodeStrategy === undefined && fitsLocally) return undefined;
    const choice = chooseNode(spec.resources, spec.nodeStrategy, this.localId, nodes, this.cursor);
    if ('infeasible' in choice) return choice;
    return choice.nodeId === this.localId ? undefined : choice;
  }

  private address(nodeId: string): string {
    const node = this.nodes().find((n) => n.nodeId === nodeId);
    if (!node) throw new Error(`node ${nodeId} is not in the cluster`);
    return node.address;
  }

  async create(nodeId: string, spec: SubmittedActor, create: CreateActor, argBuffers: Buffers): Promise<Uint8Array | undefined> {
    const payload = packr.pack({ spec, create, buffers: argBuffers } satisfies CreatePayload);
    try {
      const res = await this.client(this.address(nodeId)).call('NodeManagerService.CreateActor', { payload }, { timeoutMs: 86_400_000, idempotent: false });
      return (packr.unpack(res.payload) as { death?: Uint8Array }).death;
    } catch (e) {
      this.failed(nodeId);
      throw e;
    }
  }

  async call(nodeId: string, actorId: string, seq: number, exec: ExecuteTask, segments: readonly string[]): Promise<TaskReply> {
    const buffers = bytesOf(segments);
    const payload = packr.pack({ actorId, seq, exec, buffers } satisfies CallPayload);
    let res;
    try {
      res = await this.client(this.address(nodeId)).call('NodeManagerService.CallActor', { payload }, { timeoutMs: 86_400_000, idempotent: false });
    } catch (e) {
      this.failed(nodeId);
      throw { crashed: `the node hosting it (${nodeId}) failed: ${(e as Error).message}` } satisfies RemoteActorFailure;
    }
    const result = packr.unpack(res.payload) as CallResult;
    if ('failure' in result) throw result.failure;
    const here = adopt(result.buffers);
    for (const r of result.reply.returns ?? []) if (r.segments) r.segments = r.segments.map((s) => here.get(s) ?? s);
    return result.reply;
  }

  /** Same span as for tasks: long enough for the GCS to declare a dead node dead. */
  private failed(nodeId: string): void {
    this.suspect.set(nodeId, Date.now() + 30_000);
  }

  kill(nodeId: string, actorId: string): void {
    let address: string;
    try {
      address = this.address(nodeId);
    } catch {
      return; // its node is gone, and the actor with it
    }
    this.client(address).call('NodeManagerService.KillActor', { payload: packr.pack({ actorId }) }, { timeoutMs: 10_000 }).catch(() => {
      // the node is gone: so is the actor
    });
  }

  bytesOf(refs: readonly string[]): Buffers {
    return bytesOf(refs);
  }
}

/** The hosting node's side: NodeManagerService handlers for actors of owners elsewhere. */
export function actorHostHandlers(actors: ActorManager, prepareCode: (moduleUrl: string) => Promise<void>): ServiceHandlers<'NodeManagerService'> {
  return {
    CreateActor: async (req) => {
      const { spec, create, buffers } = packr.unpack(req.payload) as CreatePayload;
      await prepareCode(spec.fn.moduleUrl);
      adopt(buffers);
      const death = await actors.hostForeign(spec, create);
      return { payload: packr.pack(death ? { death } : {}) };
    },
    CallActor: async (req) => {
      const { actorId, seq, exec, buffers } = packr.unpack(req.payload) as CallPayload;
      const args = [...adopt(buffers).values()];
      let result: CallResult;
      try {
        const reply = await actors.callForeign(actorId, seq, exec);
        const segments = (reply.returns ?? []).flatMap((r) => r.segments ?? []);
        result = { reply, buffers: bytesOf(segments) };
        unlinkSegments(segments); // the owner stores its own copies
      } catch (failure) {
        result = { failure: failure as RemoteActorFailure };
      } finally {
        unlinkSegments(args);
      }
      return { payload: packr.pack(result) };
    },
    KillActor: async (req) => {
      actors.killForeign((packr.unpack(req.payload) as { actorId: string }).actorId);
      return { payload: packr.pack({}) };
    },
  };
}
