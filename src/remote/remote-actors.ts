import { Packr } from 'msgpackr';
import { InvalidArgumentError } from '../common/errors.js';
import type { ActorManager } from '../core/actor-manager.js';
import type { ActorCallAnswer, ActorPlacement, RemoteActorFailure, RemoteActorHosting } from '../core/actor-records.js';
import type { ObjectTable } from '../core/object-table.js';
import type { GcsClient } from '../gcs/gcs-client.js';
import type { ObjectManager } from '../objectmanager/object-manager.js';
import { adoptOutOfBand, readOutOfBand } from '../objectstore/shared-arrays.js';
import { pack } from '../serialization/serializer.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import type { ActorTableData, SchedulingStrategyMsg, Wire } from '../rpc/messages.js';
import type { ServiceHandlers } from '../rpc/rpc-server.js';
import { chooseNode } from '../scheduler/node-selection.js';
import { actorHandleId, type CreateActor, type ExecuteTask, type FunctionDescriptor, type SubmittedActor, type TaskReply } from '../common/protocol.js';
import { CallBatcher, serveBatch, type BatchReply, type BatchRequest } from './call-batches.js';
import { offerArgs, offerResults, takeArgs, takeResults, type CallArgs, type CallOrigin, type CallResults } from './call-transfer.js';
import type { FailedNodes } from './failed-nodes.js';
import type { RemoteNode } from './remote-tasks.js';

/**
 * Actors across nodes (cluster mode).
 *
 * - Placement: the owner registers each actor with the GCS, which places it from the cluster's
 *   resource view and keeps its name unique in the cluster; the owner reports it ALIVE, moving
 *   (RESTARTING, re-placed by the GCS) and DEAD.
 * - Hosting: the owner's runtime keeps the actor's record (its order of calls, its restarts) and
 *   sends the creation and each call to the hosting node, which runs the actor like its own but
 *   never restarts it.
 * - Other callers: a node holding a handle of an actor another node owns forwards its calls to
 *   the owner, which puts them in the actor's order (per caller, as Ray orders calls).
 *
 * Calls move their buffers as refs (see call-transfer.ts). A creation carries its constructor
 * arguments' bytes: the owner keeps them to create the actor again after a restart, when the
 * argument objects may be gone.
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

/** GCS KV namespace of detached actors' creations (actor id -> packed CreatePayload). */
export const DETACHED_ACTOR_NAMESPACE = 'tsray.detached_actors';

type Buffers = Array<[string, Uint8Array]>;

interface CreatePayload {
  spec: SubmittedActor;
  create: CreateActor;
  buffers: Buffers;
}
interface CallPayload {
  actorId: string;
  /** Its place in the order of calls from `caller` (or from the owner, for the hosting node). */
  seq: number;
  exec: ExecuteTask;
  args: CallArgs;
  /** Set when a caller that is not the owner forwards the call to the owner. */
  caller?: string;
  /** Sent to the node hosting a detached actor whose owner is gone: that node takes it over. */
  ownerGone?: true;
}
type CallResult = ({ reply: TaskReply } & CallResults) | { failure: RemoteActorFailure };

/** Copies of buffers' bytes, to send to another node. */
function bytesOf(refs: readonly string[]): Buffers {
  return refs.map((ref) => [ref, new Uint8Array(readOutOfBand(ref, 'Uint8Array') as Uint8Array)]);
}

/** Stores buffers from another node under their names; returns their references here. */
function adopt(buffers: Buffers): Map<string, string> {
  return new Map(buffers.map(([ref, bytes]) => [ref, adoptOutOfBand(ref, bytes)]));
}

function strategyOf(spec: SubmittedActor): Wire<SchedulingStrategyMsg> | null {
  const s = spec.nodeStrategy;
  if (s === undefined) return null;
  if (s === 'SPREAD') return { kind: 'SPREAD' };
  return { kind: 'NODE_AFFINITY', nodeId: s.nodeId, soft: s.soft };
}

/**
 * How long a call waits for a detached actor the GCS is restarting, or whose owner it has not
 * declared dead yet (see detachedHost), before it fails.
 */
const DETACHED_RESTART_WAIT_MS = 60_000;

/** How long placement waits for an unreachable GCS before the owner places the actor itself. */
const GCS_PLACEMENT_WAIT_MS = 3000;

export interface RemoteActorsDeps {
  localId: string;
  /** Alive nodes with their resources now. */
  nodes(): RemoteNode[];
  /** A client of another raylet, one per address. */
  client(address: string): RpcClient;
  gcs: GcsClient;
  objects: ObjectManager;
  table: ObjectTable;
  origin(): CallOrigin;
  failedNodes: FailedNodes;
}

/** The owner's (and any caller's) side: where actors go, and calls to the nodes running them. */
export class RemoteActors implements RemoteActorHosting {
  private readonly cursor = { next: 0 };
  /** Actors the GCS knows (registered): the ones whose state is reported. */
  private readonly registered = new Set<string>();
  /**
   * Detached actors whose owner is gone, and the node hosting (and having adopted) each: calls
   * go there directly, numbered afresh for it (`seq`).
   */
  private readonly adopters = new Map<string, { nodeId: string; address: string; seq: number }>();
  /** Detached actors owned here whose creation the GCS keeps (see keepCreation). */
  private readonly keptCreations = new Set<string>();
  /** One GCS lookup at a time per actor, so calls waiting on it keep their order. */
  private readonly adopterLookups = new Map<string, Promise<{ nodeId: string; address: string; seq: number } | undefined>>();

  /** Calls to a node in one turn go in one RPC (a call runs as long as it runs: a day's deadline). */
  private readonly batcher = new CallBatcher<CallPayload, CallResult>(async (address, request) =>
    packr.unpack((await this.deps.client(address).call('NodeManagerService.CallActor', { payload: packr.pack(request) }, { timeoutMs: 86_400_000, idempotent: false })).payload) as BatchReply<CallResult>);

  constructor(private readonly deps: RemoteActorsDeps) {}

  /**
   * Registers the actor with the GCS and returns where the GCS placed it (`restart`: it moves,
   * saying why). When the GCS has no room now, or cannot be reached, the owner places it itself
   * as tasks are placed (it waits there for resources), and reports where it went.
   */
  async place(spec: SubmittedActor, restart?: string): Promise<ActorPlacement> {
    let record: ActorTableData | undefined;
    const avoidNodeIds = this.deps.failedNodes.list();
    try {
      if (restart === undefined) {
        const { actor, existed } = await this.deps.gcs.registerActor(this.tableEntry(spec), {
          callerNodeId: this.deps.localId,
          getIfExists: spec.getIfExists,
          avoidNodeIds,
          timeoutMs: GCS_PLACEMENT_WAIT_MS,
        });
        if (existed) return { existing: actor.actorId };
        record = actor;
        this.registered.add(spec.actorId);
      } else if (this.registered.has(spec.actorId)) {
        record = await this.deps.gcs.updateActorState(spec.actorId, 'RESTARTING', { deathCause: restart, avoidNodeIds }, { timeoutMs: GCS_PLACEMENT_WAIT_MS });
      }
    } catch (e) {
      if (e instanceof InvalidArgumentError) return { refused: e.message };
      // The GCS is away (restarting): the actor is not held up for it.
    }
    if (record?.placementMessage.startsWith('infeasible: ')) return { infeasible: record.placementMessage.slice('infeasible: '.length) };
    const node = record?.nodeId ? this.deps.nodes().find((n) => n.nodeId === record.nodeId && n.alive) : undefined;
    if (node && this.deps.failedNodes.reason(node.nodeId) === undefined) return node.nodeId === this.deps.localId ? undefined : { nodeId: node.nodeId };
    return this.placeHere(spec);
  }

  /** The owner's own choice: its node when it could ever hold the actor, else the task policy. */
  private placeHere(spec: SubmittedActor): ActorPlacement {
    const nodes = this.deps.failedNodes.view(this.deps.nodes());
    const local = nodes.find((n) => n.nodeId === this.deps.localId);
    const fitsLocally = !!local && Object.entries(spec.resources).every(([k, v]) => (local.total[k] ?? 0) >= v);
    if (spec.nodeStrategy === undefined && fitsLocally) return undefined;
    const choice = chooseNode(spec.resources, spec.nodeStrategy, this.deps.localId, nodes, this.cursor);
    if ('infeasible' in choice) return choice;
    return choice.nodeId === this.deps.localId ? undefined : choice;
  }

  private tableEntry(spec: SubmittedActor): Wire<ActorTableData> {
    const local = this.deps.nodes().find((n) => n.nodeId === this.deps.localId);
    return {
      actorId: spec.actorId,
      // The GCS ends the job's non-detached actors with it.
      jobId: spec.job?.jobId ?? '',
      name: spec.name ?? '',
      namespace: spec.namespace,
      className: spec.fn.name,
      owner: { nodeId: this.deps.localId, ipAddress: local?.address.split(':')[0] ?? '', port: 0, workerId: '' },
      detached: spec.detached,
      maxRestarts: spec.maxRestarts,
      requiredResources: spec.resources,
      schedulingStrategy: strategyOf(spec),
      // Enough for another node to make a handle of it by name.
      creationTask: { function: { moduleUrl: spec.fn.moduleUrl, key: spec.fn.key }, name: spec.fn.name },
    };
  }

  report(actorId: string, state: 'ALIVE' | 'DEAD', detail: { nodeId?: string; cause?: string }): void {
    if (!this.registered.has(actorId)) return;
    if (state === 'DEAD') {
      this.registered.delete(actorId);
      if (this.keptCreations.delete(actorId)) this.dropCreation(actorId);
    }
    const address = detail.nodeId ? { nodeId: detail.nodeId } : undefined;
    // Retried while the GCS restarts; a GCS gone for longer learns from the next report.
    this.deps.gcs.updateActorState(actorId, state, { address, deathCause: detail.cause }).catch((e: unknown) => {
      console.error(`tsray raylet: could not report actor ${actorId} ${state} to the GCS: ${(e as Error).message}`);
    });
  }

  /** A live actor by name, from the GCS (for nodes other than its owner's). */
  async lookup(name: string, namespace: string): Promise<{ actorId: string; fn: FunctionDescriptor } | undefined> {
    const actor = await this.deps.gcs.getNamedActor(name, namespace);
    const fn = actor?.creationTask?.function;
    if (!actor || actor.state === 'DEAD' || !fn) return undefined;
    return { actorId: actor.actorId, fn: { moduleUrl: fn.moduleUrl, key: fn.key, name: actor.className } };
  }

  private address(nodeId: string): string {
    const node = this.deps.nodes().find((n) => n.nodeId === nodeId);
    if (!node) throw new Error(`node ${nodeId} is not in the cluster`);
    return node.address;
  }

  async create(nodeId: string, spec: SubmittedActor, create: CreateActor, argBuffers: Buffers): Promise<Uint8Array | undefined> {
    const payload = packr.pack({ spec, create, buffers: argBuffers } satisfies CreatePayload);
    try {
      const res = await this.deps.client(this.address(nodeId)).call('NodeManagerService.CreateActor', { payload }, { timeoutMs: 86_400_000, idempotent: false });
      return (packr.unpack(res.payload) as { death?: Uint8Array }).death;
    } catch (e) {
      this.deps.failedNodes.mark(nodeId, `creating an actor there failed: ${(e as Error).message}`);
      throw e;
    }
  }

  call(nodeId: string, actorId: string, seq: number, exec: ExecuteTask, objectIds: Iterable<string>, segments: readonly string[] | undefined): Promise<ActorCallAnswer> {
    let address: string;
    try {
      address = this.address(nodeId);
    } catch (e) {
      return Promise.reject<ActorCallAnswer>({ crashed: `the node hosting it (${nodeId}) is gone: ${(e as Error).message}` });
    }
    return this.send(nodeId, address, { actorId, seq, exec }, objectIds, segments, (why) => {
      this.deps.failedNodes.mark(nodeId, why);
      return `the node hosting it (${nodeId})`;
    });
  }

  /** Whether another node owns the actor (a call to it goes there). */
  ownedElsewhere(actorId: string): boolean {
    return this.deps.objects.isForeign(actorHandleId(actorId));
  }

  adopted(actorId: string): void {
    this.registered.add(actorId);
  }

  private dropCreation(actorId: string): void {
    this.deps.gcs.kvDel(DETACHED_ACTOR_NAMESPACE, actorId).catch(() => {
      // the GCS is away: a dead actor's kept creation is never read again
    });
  }

  keepCreation(spec: SubmittedActor, create: CreateActor, argBuffers: Buffers): void {
    this.keptCreations.add(spec.actorId);
    const payload = packr.pack({ spec: { ...spec, argRefs: [], nestedRefs: undefined }, create, buffers: argBuffers } satisfies CreatePayload);
    this.deps.gcs.kvPut(DETACHED_ACTOR_NAMESPACE, spec.actorId, payload).catch((e: unknown) => {
      console.error(`tsray raylet: could not keep detached actor ${spec.actorId}'s creation in the GCS (it cannot restart once its owner is gone): ${(e as Error).message}`);
    });
  }

  /**
   * A detached actor the GCS re-placed here after its node and its owner died: its kept
   * creation, for this node to create it (undefined: none was kept, or it ended meanwhile).
   */
  async keptCreation(actorId: string): Promise<{ spec: SubmittedActor; create: CreateActor } | undefined> {
    const bytes = await this.deps.gcs.kvGet(DETACHED_ACTOR_NAMESPACE, actorId);
    if (!bytes) return undefined;
    const { spec, create, buffers } = packr.unpack(bytes) as CreatePayload;
    adopt(buffers);
    this.registered.add(actorId);
    this.keptCreations.add(actorId);
    return { spec, create };
  }

  forward(actorId: string, seq: number, exec: ExecuteTask, objectIds: Iterable<string>, segments: readonly string[] | undefined): Promise<ActorCallAnswer> {
    const ids = [...objectIds];
    if (this.adopters.has(actorId)) return this.toAdopter(actorId, exec, ids, segments, 'its owner is gone');
    const owner = this.deps.objects.directory.ownerOf(actorHandleId(actorId));
    if (!owner?.alive) {
      return this.toAdopter(actorId, exec, ids, segments, `its owner node ${owner ? `${owner.nodeId} died (${owner.deathReason || 'no reason given'})` : 'is not in the cluster'}`);
    }
    const caller = this.deps.origin().session;
    return this.send(owner.nodeId, owner.address, { actorId, seq, exec, caller }, ids, segments, () => `its owner node ${owner.nodeId}`).catch((failure: RemoteActorFailure) => {
      // An owner that refuses (its node died; the GCS may not know yet) leaves a detached actor
      // to the node hosting it.
      if (!('ownerGone' in failure)) throw failure;
      return this.toAdopter(actorId, exec, ids, segments, failure.ownerGone);
    });
  }

  /**
   * Sends a call of a detached actor whose owner is gone to the node hosting it, which adopts
   * it; rejects with `ownerGone` (`why`) for an actor that is not detached or has no live host.
   */
  private async toAdopter(actorId: string, exec: ExecuteTask, ids: string[], segments: readonly string[] | undefined, why: string, retry = true): Promise<ActorCallAnswer> {
    let host = this.adopters.get(actorId);
    if (!host) {
      let lookup = this.adopterLookups.get(actorId);
      if (!lookup) {
        lookup = this.detachedHost(actorId).then((found) => {
          this.adopterLookups.delete(actorId);
          const known = this.adopters.get(actorId);
          if (known) return known;
          const entry = found && { ...found, seq: 0 };
          if (entry) this.adopters.set(actorId, entry);
          return entry;
        });
        this.adopterLookups.set(actorId, lookup);
      }
      host = await lookup;
    }
    if (!host) throw { ownerGone: why } satisfies RemoteActorFailure;
    const target = host;
    const caller = this.deps.origin().session;
    try {
      return await this.send(target.nodeId, target.address, { actorId, seq: target.seq++, exec, caller, ownerGone: true }, ids, segments, () => `node ${target.nodeId}, which hosts it`);
    } catch (failure) {
      // Its host died too: the GCS restarts it elsewhere (see RayletDaemon.actorChanged), and
      // the call goes there, once.
      if (!retry || !('ownerGone' in (failure as RemoteActorFailure))) throw failure;
      if (this.adopters.get(actorId) === target) this.adopters.delete(actorId);
      return this.toAdopter(actorId, exec, ids, segments, (failure as { ownerGone: string }).ownerGone, false);
    }
  }

  /**
   * The live node hosting a detached actor whose owner is dead, from the GCS's actor table
   * (undefined: none, or not detached). One being restarted, or whose owner the GCS has not yet
   * declared dead (it misses heartbeats for seconds first), is waited for, as Ray's calls wait
   * for a restarting actor.
   */
  private async detachedHost(actorId: string): Promise<{ nodeId: string; address: string } | undefined> {
    const deadline = Date.now() + DETACHED_RESTART_WAIT_MS;
    for (;;) {
      let actor: ActorTableData | undefined;
      try {
        actor = await this.deps.gcs.getActor(actorId);
      } catch {
        return undefined;
      }
      if (!actor?.detached || actor.state === 'DEAD') return undefined;
      // Its host takes it over only once the GCS has its owner dead: an owner that is merely
      // slow to answer must not end up with a second owner beside it.
      const ownerId = actor.owner?.nodeId;
      const ownerAlive = !!ownerId && this.deps.nodes().some((n) => n.nodeId === ownerId && n.alive);
      const node = actor.state === 'ALIVE' && !ownerAlive ? this.deps.nodes().find((n) => n.nodeId === actor.nodeId && n.alive) : undefined;
      if (node) return { nodeId: node.nodeId, address: node.address };
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** One call to another node: offers its arguments, then takes its results back here. */
  private async send(
    nodeId: string,
    address: string,
    call: Omit<CallPayload, 'args'>,
    objectIds: Iterable<string>,
    segments: readonly string[] | undefined,
    /** Names the node that failed (and may note the failure): `why`, the error. */
    lost: (why: string) => string,
  ): Promise<ActorCallAnswer> {
    const name = `${call.exec.taskId}@${call.exec.attempt}`;
    const offer = offerArgs(this.deps.objects, this.deps.table, this.deps.origin(), nodeId, name, objectIds, segments);
    let result: CallResult;
    try {
      result = await this.batcher.call(address, { ...call, args: offer.args });
    } catch (e) {
      const why = `${lost((e as Error).message)} failed: ${(e as Error).message}`;
      const failure: RemoteActorFailure = call.caller ? { ownerGone: why } : { crashed: why };
      throw failure;
    } finally {
      offer.withdraw();
    }
    if ('failure' in result) throw result.failure;
    try {
      const taken = await takeResults(this.deps.objects, address, result.reply, result);
      return { reply: result.reply, settle: taken.settle };
    } catch (e) {
      throw { crashed: `the results of the call could not be fetched from ${lost((e as Error).message)}: ${(e as Error).message}` } satisfies RemoteActorFailure;
    }
  }

  kill(nodeId: string, actorId: string): void {
    let address: string;
    try {
      address = this.address(nodeId);
    } catch {
      return; // its node is gone, and the actor with it
    }
    this.deps.client(address).call('NodeManagerService.KillActor', { payload: packr.pack({ actorId }) }, { timeoutMs: 10_000 }).catch(() => {
      // the node is gone: so is the actor
    });
  }

  killViaOwner(actorId: string): void {
    const owner = this.deps.objects.directory.ownerOf(actorHandleId(actorId));
    if (!owner?.alive || this.adopters.has(actorId)) {
      void this.killDetached(actorId);
      return;
    }
    this.deps.client(owner.address).call('NodeManagerService.KillActor', { payload: packr.pack({ actorId, owned: true }) }, { timeoutMs: 10_000 }).catch((e: unknown) => {
      console.error(`tsray raylet: could not ask node ${owner.nodeId} to kill actor ${actorId} (${(e as Error).message}); asking its host`);
      void this.killDetached(actorId);
    });
  }

  /**
   * `ray.kill` of a detached actor whose owner is gone: its host (which adopts it, and reports
   * it dead) ends it; with no host left, the GCS records it dead, which frees its name.
   */
  private async killDetached(actorId: string): Promise<void> {
    const host = this.adopters.get(actorId) ?? (await this.detachedHost(actorId));
    try {
      if (host) {
        await this.deps.client(host.address).call('NodeManagerService.KillActor', { payload: packr.pack({ actorId, owned: true, ownerGone: true }) }, { timeoutMs: 10_000 });
      } else {
        const actor = await this.deps.gcs.getActor(actorId);
        if (actor?.detached && actor.state !== 'DEAD') {
          await this.deps.gcs.killActor(actorId, { noRestart: true });
          this.dropCreation(actorId);
        }
      }
    } catch (e) {
      console.error(`tsray raylet: could not kill detached actor ${actorId}: ${(e as Error).message}`);
    }
  }

  bytesOf(refs: readonly string[]): Buffers {
    return bytesOf(refs);
  }
}

/**
 * The other side, NodeManagerService handlers: hosts actors for owners elsewhere, and takes
 * calls forwarded to actors this node owns.
 */
export function actorHostHandlers(
  actors: ActorManager,
  manager: ObjectManager,
  table: ObjectTable,
  prepareCode: (moduleUrl: string) => Promise<void>,
): ServiceHandlers<'NodeManagerService'> {
  return {
    CreateActor: async (req) => {
      const { spec, create, buffers } = packr.unpack(req.payload) as CreatePayload;
      await prepareCode(spec.fn.moduleUrl);
      adopt(buffers);
      const death = await actors.hosted.create(spec, create);
      return { payload: packr.pack(death ? { death } : {}) };
    },
    CallActor: async (req) => {
      const reply = await serveBatch(packr.unpack(req.payload) as BatchRequest<CallPayload>, (call) => runCall(actors, manager, table, call));
      // The caller may drop its holds on the arguments once it has the reply: refs kept here
      // must be counted by their owners first.
      await manager.flushBorrows();
      return { payload: packr.pack(reply) };
    },
    KillActor: async (req) => {
      const { actorId, owned, ownerGone } = packr.unpack(req.payload) as { actorId: string; owned?: boolean; ownerGone?: boolean };
      if (owned) actors.kill(actorId, ownerGone === true);
      else actors.hosted.kill(actorId);
      return { payload: packr.pack({}) };
    },
  };
}

/** Runs one call for the owner (or, forwarded, for another caller): pulls its arguments, runs it, stages its results. */
async function runCall(actors: ActorManager, manager: ObjectManager, table: ObjectTable, call: CallPayload): Promise<CallResult> {
  const { actorId, seq, exec, args, caller, ownerGone } = call;
  let held: Awaited<ReturnType<typeof takeArgs>>;
  try {
    held = await takeArgs(manager, table, args);
  } catch (e) {
    // A lost argument is the call's error (Ray's rule), and the call gives its turn up.
    if (caller === undefined) actors.hosted.skip(actorId, seq);
    else actors.forwarded.skip(caller, actorId, seq);
    return { reply: { error: { data: pack(e, 'an error').data, classNames: [] } } };
  }
  try {
    const answer = caller === undefined
      ? { reply: await actors.hosted.call(actorId, seq, exec), settle: undefined }
      : await actors.forwarded.call(caller, seq, exec, { objects: args.objects ?? [], segments: held.inline }, ownerGone === true);
    // Released before the borrows go out, so a hold that began and ended here is never sent.
    held.release();
    const result: CallResult = { reply: answer.reply, ...offerResults(manager, answer.reply, args.from, `${exec.taskId}@${exec.attempt}`) };
    // The results' buffers belong to the stage now; the holds of refs inside them pass to the caller.
    answer.settle?.(() => true);
    return result;
  } catch (failure) {
    return { failure: failure as RemoteActorFailure };
  } finally {
    held.release();
  }
}
