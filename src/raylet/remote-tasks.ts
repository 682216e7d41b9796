import { Packr } from 'msgpackr';
import { NodeDiedError } from '../api/errors.js';
import type { DriverCoreWorker } from '../core/driver-core-worker.js';
import type { RemotePlacement, TaskRecord } from '../core/task-manager.js';
import type { ObjectManager } from '../objectstore/object-manager.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { chooseNode, type NodeView } from '../scheduler/node-selection.js';
import { pack } from '../serialization/serializer.js';
import type { ExecuteTask, TaskReply } from '../runtime/protocol.js';
import { discardResults, offerArgs, offerResults, sealedAsReturns, takeArgs, takeResults, type CallArgs, type CallOrigin, type CallResults } from './call-transfer.js';
import type { FailedNodes } from './failed-nodes.js';
import type { ResourceMap } from './resources.js';

/**
 * Tasks that run on another node than their owner's. The owner's side picks the node and sends
 * the task with refs, not bytes (NodeManagerService.RunTask); the executing side pulls its
 * arguments, runs it and stages its results for the owner to pull (see call-transfer.ts).
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

/**
 * Tasks sent to one node in the same turn of the event loop go in one call (a batch), up to
 * this many: per-call gRPC costs (a stream, its headers, a dozen objects on each side) would
 * otherwise outweigh a short task's own.
 */
const MAX_BATCH = 128;

/**
 * After a batch's first result is ready, how long the executing side waits for more before it
 * answers: results that finish together travel together, and a slow task holds back no one.
 */
const GATHER_MS = 1;

/** A batch whose owner stopped collecting its results (it died) is dropped after this long. */
const BATCH_TTL_MS = 10 * 60_000;


interface RunTaskPayload extends CallArgs {
  exec: ExecuteTask;
  resources: ResourceMap;
  /** The placement-group bundle it runs in (reserved on this node). */
  bundle?: { pgId: string; bundleIndex: number };
}

interface RunTaskResult extends CallResults {
  reply: TaskReply;
}

/**
 * A batch call (RunTask with several tasks): the executing side starts them all, answers with
 * the results ready when the first is (and those finishing with it), and the owner collects
 * the rest with further calls naming `more` until none are left. A slow task thus delays only
 * itself, and a node that dies fails the call its owner is waiting on, as with single tasks.
 */
interface BatchRequest {
  tasks?: RunTaskPayload[];
  /** Collects more results of the batch started under this key. */
  collect?: string;
}

interface BatchReply {
  /**
   * Results ready, by the task's index in the batch; a string is the message of a failure to
   * run it at all (what fails the call of a single task).
   */
  results: Array<[number, RunTaskResult | string]>;
  /** The key to collect the results still to come; absent when this reply has the last. */
  more?: string;
}

/** A task waiting to be sent in the next batch to its node. */
interface Outgoing {
  record: TaskRecord;
  attempt: number;
  payload: RunTaskPayload;
  /** Withdraws what the owner staged for it, once it is answered. */
  withdraw(): void;
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
  /** Tasks to send per node, flushed at the end of the current turn. */
  private readonly outgoing = new Map<string, { node: RemoteNode; tasks: Outgoing[] }>();
  private flushQueued = false;
  private closed = false;

  constructor(
    private readonly runtime: DriverCoreWorker,
    private readonly objects: ObjectManager,
    private readonly origin: () => CallOrigin,
    private readonly nodes: () => RemoteNode[],
    private readonly failedNodes: FailedNodes,
  ) {}

  private get localId(): string {
    return this.runtime.boot.nodeId;
  }

  place(record: TaskRecord): boolean {
    if (pinnedHere(record)) return false;
    const nodes = this.failedNodes.view(this.nodes());
    const choice = chooseNode(record.spec.resources, record.spec.nodeStrategy, this.localId, nodes, this.cursor);
    const strategy = record.spec.nodeStrategy;
    const failed = typeof strategy === 'object' && !strategy.soft ? this.failedNodes.reason(strategy.nodeId) : undefined;
    if ('infeasible' in choice && failed !== undefined) {
      this.runtime.tasks.failWith(record, new NodeDiedError(`Task ${record.spec.fn.name} must run on node ${strategy && typeof strategy === 'object' ? strategy.nodeId : ''}, which failed: ${failed}`));
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
    // The task record owns its inline buffers (until it finishes); the stage only lends them.
    const { args, withdraw } = offerArgs(this.objects, this.runtime.objects, this.origin(), node.nodeId, `${spec.taskId}@${attempt}`, spec.argRefs.map(([, id]) => id), spec.segments);
    const payload: RunTaskPayload = { exec, resources: spec.resources, ...args };
    if (record.bundle) payload.bundle = { pgId: record.bundle.pgId, bundleIndex: record.bundle.bundleIndex };
    let queue = this.outgoing.get(node.address);
    if (!queue) this.outgoing.set(node.address, (queue = { node, tasks: [] }));
    queue.tasks.push({ record, attempt, payload, withdraw });
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends the tasks queued this turn: one call per node, a batch where there are several. */
  private flush(): void {
    this.flushQueued = false;
    const queues = [...this.outgoing.values()];
    this.outgoing.clear();
    if (this.closed) return;
    for (const { node, tasks } of queues) {
      for (let i = 0; i < tasks.length; i += MAX_BATCH) {
        const part = tasks.slice(i, i + MAX_BATCH);
        if (part.length === 1) this.sendOne(part[0]!, node);
        else this.sendBatch(part, node);
      }
    }
  }

  // A day: a task runs as long as it runs, and a dead node fails the call (its connection
  // breaks). (A longer deadline overflows the timer behind it.)
  private runTask(node: RemoteNode, payload: unknown): Promise<Uint8Array> {
    return this.client(node.address)
      .call('NodeManagerService.RunTask', { payload: packr.pack(payload) }, { timeoutMs: 86_400_000, idempotent: false })
      .then((res) => res.payload);
  }

  private sendOne(task: Outgoing, node: RemoteNode): void {
    this.runTask(node, task.payload).then(
      (res) => this.settle(task, node, packr.unpack(res) as RunTaskResult),
      (err: Error) => this.fail([task], node, err),
    ).catch((e: unknown) => console.error(`tsray raylet: handling the reply of task ${task.record.spec.fn.name} failed:`, e));
  }

  private sendBatch(tasks: Outgoing[], node: RemoteNode): void {
    const waiting = new Set(tasks.keys());
    const answer = async (res: Uint8Array): Promise<void> => {
      const reply = packr.unpack(res) as BatchReply;
      for (const [i, result] of reply.results) {
        if (!waiting.delete(i)) continue;
        if (typeof result === 'string') {
          this.fail([tasks[i]!], node, new Error(result));
          continue;
        }
        void this.settle(tasks[i]!, node, result).catch((e: unknown) =>
          console.error(`tsray raylet: handling the reply of task ${tasks[i]!.record.spec.fn.name} failed:`, e));
      }
      if (reply.more !== undefined && waiting.size > 0) await this.runTask(node, { collect: reply.more } satisfies BatchRequest).then(answer);
    };
    this.runTask(node, { tasks: tasks.map((t) => t.payload) } satisfies BatchRequest)
      .then(answer)
      .catch((err: Error) => this.fail([...waiting].map((i) => tasks[i]!), node, err));
  }

  private settle(task: Outgoing, node: RemoteNode, result: RunTaskResult): Promise<void> {
    task.withdraw();
    return this.onReply(task.record, task.attempt, node, result);
  }

  private fail(tasks: Outgoing[], node: RemoteNode, err: Error): void {
    this.failedNodes.mark(node.nodeId, err.message);
    for (const { record, attempt, withdraw } of tasks) {
      withdraw();
      this.runtime.tasks.onTaskFailure(record, attempt,
        new NodeDiedError(`Node ${node.nodeId} (${node.address}) failed while running task ${record.spec.fn.name}: ${err.message}`, { cause: err }), false);
    }
  }

  /** Pulls the results' buffers from the executing node, then seals the results here. */
  private async onReply(record: TaskRecord, attempt: number, node: RemoteNode, result: RunTaskResult): Promise<void> {
    if (record.attempt !== attempt || record.state === 'finished') {
      discardResults(this.objects, node.address, result);
      return;
    }
    let taken: Awaited<ReturnType<typeof takeResults>>;
    try {
      taken = await takeResults(this.objects, node.address, result.reply, result);
    } catch (e) {
      this.runtime.tasks.onTaskFailure(record, attempt,
        new NodeDiedError(`Node ${node.nodeId} (${node.address}) ran task ${record.spec.fn.name}, but its results could not be fetched: ${(e as Error).message}`, { cause: e }), false);
      return;
    }
    this.runtime.tasks.onTaskReply(record, attempt, result.reply);
    // After the seal: copies the table did not take (a cancelled task's) are freed, and the
    // results' refs are held here now, so the owners' holds for us can go.
    taken.settle(sealedAsReturns(this.runtime.objects, record.spec.taskId));
  }

  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

/**
 * The other side: pulls a task's arguments from its owner's node, runs it, and answers with its
 * reply and the key of its results' buffers (staged here until the owner has pulled them). A
 * request may carry a batch of tasks, or collect the rest of one (see BatchRequest).
 */
export async function runTaskForOwner(runtime: DriverCoreWorker, objects: ObjectManager, request: Uint8Array): Promise<Uint8Array> {
  const message = packr.unpack(request) as RunTaskPayload | BatchRequest;
  if ('exec' in message) {
    const result = await runOne(runtime, objects, message);
    // The owner may drop its holds on the arguments once it has this reply: refs kept here
    // (a worker that stored a nested ref) must be counted by their owners first.
    await objects.flushBorrows();
    return packr.pack(result);
  }
  let batch: RunningBatch | undefined;
  if (message.tasks) {
    batch = new RunningBatch(message.tasks.length);
    batches.set(batch.key, batch);
    message.tasks.forEach((payload, i) => {
      runOne(runtime, objects, payload).then(
        (result) => batch!.done(i, result),
        (e: unknown) => batch!.done(i, (e as Error)?.message ?? String(e)),
      );
    });
  } else {
    batch = batches.get(message.collect ?? '');
    if (!batch) throw new NodeDiedError(`no batch of tasks ${message.collect ?? '?'} runs on this node (it restarted, or the batch expired)`);
  }
  const results = await batch.next();
  await objects.flushBorrows();
  const reply: BatchReply = { results };
  if (batch.pending) reply.more = batch.key;
  else batch.close();
  return packr.pack(reply);
}

/** Batches running here for their owners, by key. */
const batches = new Map<string, RunningBatch>();
let batchSerial = 0;

/** A batch's results as they finish, handed out to the calls that collect them. */
class RunningBatch {
  readonly key = `${process.pid}.${++batchSerial}`;
  private ready: Array<[number, RunTaskResult | string]> = [];
  private remaining: number;
  private wake: (() => void) | undefined;
  private expiry: NodeJS.Timeout | undefined;

  constructor(size: number) {
    this.remaining = size;
  }

  /** Whether results are still to be handed out. */
  get pending(): boolean {
    return this.remaining > 0 || this.ready.length > 0;
  }

  done(index: number, result: RunTaskResult | string): void {
    this.remaining--;
    this.ready.push([index, result]);
    this.wake?.();
  }

  /** The results ready once one is (gathering those that finish with it). */
  async next(): Promise<Array<[number, RunTaskResult | string]>> {
    clearTimeout(this.expiry);
    if (this.ready.length === 0 && this.remaining > 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    if (this.remaining > 0) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    const out = this.ready;
    this.ready = [];
    // Renewed by each collect: an owner that stops collecting is gone.
    this.expiry = setTimeout(() => this.close(), BATCH_TTL_MS);
    this.expiry.unref();
    return out;
  }

  close(): void {
    clearTimeout(this.expiry);
    batches.delete(this.key);
  }
}

/** Runs one task for its owner: pulls its arguments, runs it, stages its results. */
async function runOne(runtime: DriverCoreWorker, objects: ObjectManager, payload: RunTaskPayload): Promise<RunTaskResult> {
  const { exec, resources, from, bundle } = payload;
  let held: Awaited<ReturnType<typeof takeArgs>>;
  try {
    // Held while the task runs; pulled once for every task here that needs them at the time.
    held = await takeArgs(objects, runtime.objects, payload);
  } catch (e) {
    // The owner's node holds them while the task is in flight: failing to pull one is a loss
    // the task's caller hears of as its result, not a failure of this node.
    return { reply: { error: { data: pack(e, 'an error').data, classNames: [] } } };
  }
  try {
    const reply = await runtime.runForeign(exec, resources, bundle);
    // Released before the borrows go out, so a hold that began and ended here is never sent.
    held.release();
    return { reply, ...offerResults(objects, reply, from, `${exec.taskId}@${exec.attempt}`) };
  } finally {
    held.release();
  }
}
