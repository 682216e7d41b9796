import { Packr } from 'msgpackr';
import { NodeDiedError } from '../api/errors.js';
import type { DriverCoreWorker } from '../core/driver-core-worker.js';
import type { RemotePlacement, TaskRecord } from '../core/task-manager.js';
import type { ObjectManager } from '../objectstore/object-manager.js';
import { unlinkSegments } from '../objectstore/shared-arrays.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { chooseNode, type NodeView } from '../scheduler/node-selection.js';
import { pack } from '../serialization/serializer.js';
import { returnId, type ExecuteTask, type TaskReply } from '../runtime/protocol.js';
import type { ResourceMap } from './resources.js';

/**
 * Tasks that run on another node than their owner's. The owner's side picks the node and sends
 * the task with refs, not bytes (NodeManagerService.RunTask): the ids of its argument objects
 * and the key of its inline arguments' buffers, staged at the owner. The executing side pulls
 * them from the owner's node (ObjectManagerService.Pull, chunked; concurrent tasks needing one
 * object share one pull), runs the task, stages its results' buffers and answers with their key;
 * the owner pulls them, then lets the executing node free its copies.
 */

const packr = new Packr({ useRecords: false, moreTypes: true });
const EMPTY = new Uint8Array(0);

/**
 * How long a node whose call just failed gets no tasks: long enough for the GCS to declare it
 * dead (its death timeout is 10 s by default), so retries do not go back to it meanwhile.
 */
const SUSPECT_MS = 30_000;

/** The node a task comes from: its arguments are pulled there, and its results go back there. */
export interface TaskOrigin {
  nodeId: string;
  /** The session tag of its runtime (the refs it owns start with it). */
  session: string;
  /** host:port of its object manager. */
  address: string;
}

interface RunTaskPayload {
  exec: ExecuteTask;
  resources: ResourceMap;
  from: TaskOrigin;
  /** Argument objects with buffers, to pull from `from` before the task runs. */
  objects?: string[];
  /** The key under which `from` staged the buffers of the inline arguments. */
  inline?: string;
  /** The placement-group bundle it runs in (reserved on this node). */
  bundle?: { pgId: string; bundleIndex: number };
}

interface RunTaskResult {
  reply: TaskReply;
  /** The key under which the executing node staged the results' buffers, in their order. */
  results?: string;
  /** Refs inside the results whose owners hold a ref for the task's owner until it takes them over. */
  handoffs?: string[];
}

/** A node other tasks may be sent to. */
export interface RemoteNode extends NodeView {
  /** host:port of its NodeManagerService. */
  address: string;
}

/** A task only its owner's node can run: it streams items back or calls an actor. */
function pinnedHere(record: TaskRecord): boolean {
  return record.spec.streaming || record.spec.actorId !== undefined;
}

/** The owner's side: places each task with the cluster's view, and runs it remotely if elsewhere. */
export class RemoteTasks implements RemotePlacement {
  private readonly clients = new Map<string, RpcClient>();
  private readonly cursor = { next: 0 };
  /** Nodes a call just failed on, left out until the time given (the GCS will say if dead). */
  private readonly suspect = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly runtime: DriverCoreWorker,
    private readonly objects: ObjectManager,
    private readonly origin: () => TaskOrigin,
    private readonly nodes: () => RemoteNode[],
  ) {}

  private get localId(): string {
    return this.runtime.boot.nodeId;
  }

  place(record: TaskRecord): boolean {
    if (pinnedHere(record)) return false;
    const now = Date.now();
    const nodes = this.nodes().map((n) => ((this.suspect.get(n.nodeId)?.until ?? 0) > now ? { ...n, alive: false } : n));
    const choice = chooseNode(record.spec.resources, record.spec.nodeStrategy, this.localId, nodes, this.cursor);
    const strategy = record.spec.nodeStrategy;
    const failed = typeof strategy === 'object' && !strategy.soft ? this.suspect.get(strategy.nodeId) : undefined;
    if ('infeasible' in choice && failed && failed.until > now) {
      this.runtime.tasks.failWith(record, new NodeDiedError(`Task ${record.spec.fn.name} must run on node ${strategy && typeof strategy === 'object' ? strategy.nodeId : ''}, which failed: ${failed.reason}`));
      return true;
    }
    if ('infeasible' in choice) {
      this.runtime.tasks.failUnschedulable(record, choice.infeasible);
      return true;
    }
    if (choice.nodeId === this.localId) return false;
    this.send(record, nodes.find((n) => n.nodeId === choice.nodeId)!);
    return true;
  }

  /**
   * A task in a placement group runs on a node holding its bundle: here (false), or sent
   * there. While the group is pending it waits for it, since its bundles may land elsewhere.
   */
  placeInGroup(record: TaskRecord): boolean {
    const { pgId, bundleIndex } = record.bundle!;
    const pgs = this.runtime.pgs;
    if (!pgs.isCreated(pgId)) {
      void pgs.wait(pgId, undefined).then((r) => {
        if (record.state === 'finished') return;
        if (r.state === 'CREATED') this.runtime.tasks.requeue(record);
        else this.runtime.tasks.failUnschedulable(record, `its placement group ${pgId} was removed`);
      });
      return true;
    }
    if (pgs.holdsHere(pgId, bundleIndex)) return false;
    const nodeId = pgs.nodeOfBundle(pgId, bundleIndex);
    const node = this.nodes().find((n) => n.nodeId === nodeId);
    if (!node) {
      this.runtime.tasks.failWith(record, new NodeDiedError(`Task ${record.spec.fn.name} must run in bundle ${bundleIndex} of placement group ${pgId}, whose node ${nodeId} is gone.`));
      return true;
    }
    this.send(record, node);
    return true;
  }

  private client(address: string): RpcClient {
    let c = this.clients.get(address);
    if (!c) this.clients.set(address, (c = new RpcClient(address, { serverName: 'tsray raylet' })));
    return c;
  }

  private send(record: TaskRecord, node: RemoteNode): void {
    const attempt = record.attempt;
    const exec = record.exec!;
    const spec = record.spec;
    const table = this.runtime.objects;
    const objects = [...new Set(spec.argRefs.map(([, id]) => id))].filter((id) => table.value(id)?.segments?.length);
    let inline: string | undefined;
    if (spec.segments?.length) {
      // The task record owns these buffers (until it finishes); the stage only lends them.
      inline = `${spec.taskId}@${attempt}.args`;
      this.objects.stage(inline, { data: EMPTY, segments: spec.segments }, node.nodeId, false);
    }
    const payload: RunTaskPayload = { exec, resources: spec.resources, from: this.origin() };
    if (record.bundle) payload.bundle = { pgId: record.bundle.pgId, bundleIndex: record.bundle.bundleIndex };
    if (objects.length) payload.objects = objects;
    if (inline) payload.inline = inline;
    // A day: a task runs as long as it runs, and a dead node fails the call (its connection
    // breaks). (A longer deadline overflows the timer behind it.)
    this.client(node.address).call('NodeManagerService.RunTask', { payload: packr.pack(payload) }, { timeoutMs: 86_400_000, idempotent: false }).then(
      (res) => {
        if (inline) this.objects.unstage(inline);
        return this.onReply(record, attempt, node, packr.unpack(res.payload) as RunTaskResult);
      },
      (err: Error) => {
        if (inline) this.objects.unstage(inline);
        this.suspect.set(node.nodeId, { until: Date.now() + SUSPECT_MS, reason: err.message });
        this.runtime.tasks.onTaskFailure(record, attempt,
          new NodeDiedError(`Node ${node.nodeId} (${node.address}) failed while running task ${spec.fn.name}: ${err.message}`, { cause: err }), false);
      },
    ).catch((e: unknown) => console.error(`tsray raylet: handling the reply of task ${spec.fn.name} failed:`, e));
  }

  /** Pulls the results' buffers from the executing node, then seals the results here. */
  private async onReply(record: TaskRecord, attempt: number, node: RemoteNode, result: RunTaskResult): Promise<void> {
    const { reply } = result;
    const returns = reply.returns ?? [];
    let pulled = false;
    if (result.results) {
      const current = record.attempt === attempt && record.state !== 'finished';
      try {
        if (current) {
          const here = await this.objects.pullStaged(node.address, result.results);
          let i = 0;
          for (const r of returns) if (r.segments) r.segments = r.segments.map(() => here[i++]!);
          pulled = true;
        }
      } catch (e) {
        this.objects.handedOver(result.handoffs ?? []);
        this.runtime.tasks.onTaskFailure(record, attempt,
          new NodeDiedError(`Node ${node.nodeId} (${node.address}) ran task ${record.spec.fn.name}, but its results could not be fetched: ${(e as Error).message}`, { cause: e }), false);
        return;
      } finally {
        this.objects.freeRemote(node.address, [result.results]);
      }
    }
    this.runtime.tasks.onTaskReply(record, attempt, reply);
    if (pulled) {
      // Copies the table did not take (a late attempt, a cancelled task) are nobody's: free them.
      returns.forEach((r, i) => {
        if (r.segments && this.runtime.objects.value(returnId(record.spec.taskId, i))?.segments !== r.segments) unlinkSegments(r.segments);
      });
    }
    // After the seal: the results' refs are held here now, so the owners' holds for us can go.
    this.objects.handedOver(result.handoffs ?? []);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

/**
 * The other side: pulls a task's arguments from its owner's node, runs it, and answers with its
 * reply and the key of its results' buffers (staged here until the owner has pulled them).
 */
export async function runTaskForOwner(runtime: DriverCoreWorker, objects: ObjectManager, request: Uint8Array): Promise<Uint8Array> {
  const { exec, resources, from, objects: argIds = [], inline, bundle } = packr.unpack(request) as RunTaskPayload;
  const table = runtime.objects;
  // Held while the task runs; pulled once for every task here that needs them at the time.
  for (const id of argIds) table.addRef(id);
  let inlineHere: string[] = [];
  let holding = true;
  const release = (): void => {
    if (!holding) return;
    holding = false;
    for (const id of argIds) table.removeRef(id);
    unlinkSegments(inlineHere);
  };
  try {
    try {
      await Promise.all([
        ...argIds.map((id) => objects.fetch(id, from.address)),
        inline ? objects.pullStaged(from.address, inline).then((refs) => void (inlineHere = refs)) : undefined,
      ]);
    } catch (e) {
      // The owner's node holds them while the task is in flight: failing to pull one is a loss
      // the task's caller hears of as its result, not a failure of this node.
      return packr.pack({ reply: { error: { data: pack(e, 'an error').data, classNames: [] } } } satisfies RunTaskResult);
    }
    const reply = await runtime.runForeign(exec, resources, bundle);
    const result: RunTaskResult = { reply };
    const segments = (reply.returns ?? []).flatMap((r) => r.segments ?? []);
    if (segments.length) {
      result.results = `${exec.taskId}@${exec.attempt}.results`;
      objects.stage(result.results, { data: EMPTY, segments }, from.nodeId, true);
    }
    // Released before the borrows go out, so a hold that began and ended here is never sent.
    release();
    const nested = (reply.returns ?? []).flatMap((r) => r.nested ?? []);
    if (nested.length) {
      const handed = objects.handOver(nested, from);
      if (handed.length) result.handoffs = handed;
    }
    // The owner may drop its holds on the arguments once it has this reply: refs kept here
    // (a worker that stored a nested ref) must be counted by their owners first.
    await objects.flushBorrows();
    return packr.pack(result);
  } finally {
    release();
  }
}
