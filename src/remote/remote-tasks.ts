import { Packr } from 'msgpackr';
import { ConnectionError, NodeDiedError, ObjectLostError } from '../common/errors.js';
import type { DriverCoreWorker } from '../core/driver-core-worker.js';
import type { RemotePlacement, TaskRecord } from '../core/task-manager.js';
import { sealedAsReturns, type LocatedObjects, type ObjectLocation } from '../core/object-table.js';
import { returnId } from '../common/protocol.js';
import { localityNode, tally } from '../scheduler/locality.js';
import { unlinkSegments } from '../objectstore/shared-arrays.js';
import type { ObjectManager } from '../objectmanager/object-manager.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { chooseNode, type NodeView } from '../scheduler/node-selection.js';
import { planSpillback } from '../scheduler/spillback.js';
import { pack } from '../serialization/serializer.js';
import type { ExecuteTask, TaskReply } from '../common/protocol.js';
import { discardResults, keepResults, offerArgs, offerResults, takeArgs, takeResults, type CallArgs, type CallOrigin, type CallResults } from './call-transfer.js';
import { CallBatcher, serveBatch, type BatchReply, type BatchRequest } from './call-batches.js';
import type { FailedNodes } from './failed-nodes.js';
import type { ResourceMap } from '../common/resources.js';

/**
 * Tasks that run on another node than their owner's. The owner's side picks the node and sends
 * the task with refs, not bytes (NodeManagerService.RunTask, batched per node: see
 * call-batches.ts); the executing side pulls its arguments, runs it and stages its results for
 * the owner to pull (see call-transfer.ts).
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

interface RunTaskPayload extends CallArgs {
  exec: ExecuteTask;
  resources: ResourceMap;
  /** The placement-group bundle it runs in (reserved on this node). */
  bundle?: { pgId: string; bundleIndex: number };
  /** Whether the node may give it back to run elsewhere (no node affinity: see spillback.ts). */
  spillable?: boolean;
}

interface RunTaskResult extends CallResults {
  reply: TaskReply;
  /** The node gave the task back without running it: send it to this node (Ray's retry_at_raylet_address). */
  spillTo?: string;
  /** An argument the owner said was kept on a third node could not be pulled from there. */
  lostArg?: string;
}

/** A node other tasks may be sent to. */
export interface RemoteNode extends NodeView {
  /** host:port of its NodeManagerService. */
  address: string;
}

/** How long what spillback sent a node counts against that node's last report (see spillQueued). */
const CHARGE_TTL_MS = 300;
/**
 * How long what a task that ended on a node held counts as free there for locality (its
 * report may come later): a task whose argument was just made there can follow it at once.
 */
const FREED_TTL_MS = 1000;

/** A task only its owner's node can run: it streams items back or calls an actor. */
function pinnedHere(record: TaskRecord): boolean {
  return record.spec.streaming || record.spec.actorId !== undefined;
}

/** Options of RemoteTasks. */
export interface RemoteTasksOptions {
  /** Place tasks on the node holding the most bytes of their arguments (default true). */
  localityAware?: boolean;
}

/**
 * The owner's side: places each task with the cluster's view, and runs it remotely if elsewhere.
 * Results with buffers stay on the node that made them (see keepResults); this node records
 * where, pulls one when someone here reads it, and re-runs its task when that node is gone
 * (lineage reconstruction: see TaskManager.reconstruct).
 */
export class RemoteTasks implements RemotePlacement, LocatedObjects {
  private readonly clients = new Map<string, RpcClient>();
  private readonly cursor = { next: 0 };
  /** What spillback sent each node since its last report, and since when (see spillQueued). */
  private readonly spilledTo = new Map<string, { spent: Record<string, number>; since: number }>();
  /** Tasks spilled from here, by the node they went to, until they end. */
  private readonly spilled = new Map<TaskRecord, string>();
  /** What tasks that just ended on each node held, and until when it counts (see FREED_TTL_MS). */
  private readonly freedOn = new Map<string, { amounts: Record<string, number>; until: number }>();
  /** Located objects being pulled here. */
  private readonly pulling = new Set<string>();
  /** Hears when a spilled task ends: its node has room for more. */
  onSpillRoom: (() => void) | undefined;
  // A day: a task runs as long as it runs, and a dead node fails the call (its connection
  // breaks). (A longer deadline overflows the timer behind it.)
  private readonly batcher = new CallBatcher<RunTaskPayload, RunTaskResult>(async (address, request) =>
    packr.unpack((await this.client(address).call('NodeManagerService.RunTask', { payload: packr.pack(request) }, { timeoutMs: 86_400_000, idempotent: false })).payload) as BatchReply<RunTaskResult>);

  constructor(
    private readonly runtime: DriverCoreWorker,
    private readonly objects: ObjectManager,
    private readonly origin: () => CallOrigin,
    private readonly nodes: () => RemoteNode[],
    private readonly failedNodes: FailedNodes,
    private readonly options: RemoteTasksOptions = {},
  ) {
    const table = runtime.objects;
    table.located = this;
    // The owner let go of a result kept elsewhere: that node frees its copy.
    table.onFreeLocated = (id, at) => this.objects.freeRemote(at.address, [id]);
  }

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
    const nodeId = (strategy === undefined && this.options.localityAware !== false && this.localityChoice(record, nodes)) || choice.nodeId;
    if (nodeId === this.localId) return false;
    this.send(record, nodes.find((n) => n.nodeId === nodeId)!);
    return true;
  }

  /** The node holding the most bytes of the task's arguments, if one can start it now. */
  private localityChoice(record: TaskRecord, nodes: RemoteNode[]): string | undefined {
    const argRefs = record.spec.argRefs;
    if (argRefs.length === 0) return undefined;
    const bytes = new Map<string, number>();
    for (const [, id] of argRefs) {
      const at = this.runtime.objects.location(id);
      if (at) tally(bytes, at.nodeId, at.bytes);
    }
    if (bytes.size === 0) return undefined;
    const now = Date.now();
    const view = nodes.map((n) => {
      const freed = this.freedOn.get(n.nodeId);
      if (!freed || freed.until < now) return n;
      const available = { ...n.available };
      for (const [k, v] of Object.entries(freed.amounts)) available[k] = Math.min(n.total[k] ?? 0, (available[k] ?? 0) + v);
      return { ...n, available };
    });
    return localityNode(bytes, record.spec.resources, view);
  }

  /** A task sent to a node ended there: what it held is free there now, whatever the last report says. */
  private freed(nodeId: string, resources: Record<string, number>): void {
    const now = Date.now();
    let f = this.freedOn.get(nodeId);
    if (!f || f.until < now) this.freedOn.set(nodeId, (f = { amounts: {}, until: 0 }));
    f.until = now + FREED_TTL_MS;
    for (const [k, v] of Object.entries(resources)) if (v > 0) f.amounts[k] = (f.amounts[k] ?? 0) + v;
  }

  // ---------------------------------------------------------------- results kept elsewhere

  reachable(at: ObjectLocation): boolean {
    if (this.failedNodes.reason(at.nodeId) !== undefined) return false;
    const node = this.nodes().find((n) => n.nodeId === at.nodeId);
    return node !== undefined && node.alive;
  }

  /**
   * Someone here waits for a result kept on another node: pulls a copy and seals it here (that
   * node then frees its own). When the copy cannot be had (the node died), the result is made
   * again from its lineage, or fails with ObjectLostError naming why.
   */
  want(id: string, at: ObjectLocation): void {
    if (this.pulling.has(id)) return;
    this.pulling.add(id);
    const table = this.runtime.objects;
    const pull = this.reachable(at)
      ? this.objects.copyFrom(at.address, id)
      : Promise.reject(new ConnectionError(`node ${at.nodeId} (${at.address}) is dead or unreachable`));
    pull.then(
      (copy) => {
        this.pulling.delete(id);
        if (table.location(id) !== at) {
          if (copy.segments) unlinkSegments(copy.segments);
          return;
        }
        table.seal(id, copy);
        this.objects.freeRemote(at.address, [id]);
      },
      (e: Error) => {
        this.pulling.delete(id);
        if (table.location(id) !== at) return;
        if (!(e instanceof ConnectionError || e instanceof ObjectLostError)) {
          // Not a loss (no room here, say): the copy there is fine, and the reader hears why.
          table.seal(id, { data: pack(e, 'an error').data, isError: true });
          this.objects.freeRemote(at.address, [id]);
          return;
        }
        if (e instanceof ConnectionError) this.failedNodes.mark(at.nodeId, e.message);
        table.unlocate(id);
        const err = this.runtime.tasks.reconstruct(id, `the node ${at.nodeId} (${at.address}) keeping its only copy is lost (${e.message})`);
        if (err) table.seal(id, { data: pack(err, 'an error').data, isError: true });
      },
    );
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
    else if (typeof spec.nodeStrategy !== 'object') payload.spillable = true;
    this.batcher.call(node.address, payload).then(
      (result) => {
        withdraw();
        this.spillEnded(record);
        if (result.spillTo === undefined) this.freed(node.nodeId, spec.resources);
        return this.onReply(record, attempt, node, result);
      },
      (err: Error) => {
        withdraw();
        this.spillEnded(record);
        this.failedNodes.mark(node.nodeId, err.message);
        this.runtime.tasks.onTaskFailure(record, attempt,
          new NodeDiedError(`Node ${node.nodeId} (${node.address}) failed while running task ${spec.fn.name}: ${err.message}`, { cause: err }), false);
      },
    ).catch((e: unknown) => console.error(`tsray raylet: handling the reply of task ${spec.fn.name} failed:`, e));
  }

  /** Pulls the results' buffers from the executing node, then seals the results here. */
  private async onReply(record: TaskRecord, attempt: number, node: RemoteNode, result: RunTaskResult): Promise<void> {
    if (record.attempt !== attempt || record.state === 'finished') {
      discardResults(this.objects, node.address, result, record.spec.taskId);
      return;
    }
    if (result.spillTo !== undefined) {
      this.spilledBack(record, result.spillTo);
      return;
    }
    if (result.lostArg !== undefined && this.argumentLost(record, attempt, result.lostArg)) return;
    let taken: Awaited<ReturnType<typeof takeResults>>;
    try {
      taken = await takeResults(this.objects, node.address, result.reply, result);
    } catch (e) {
      this.runtime.tasks.onTaskFailure(record, attempt,
        new NodeDiedError(`Node ${node.nodeId} (${node.address}) ran task ${record.spec.fn.name}, but its results could not be fetched: ${(e as Error).message}`, { cause: e }), false);
      return;
    }
    const kept = result.kept;
    this.runtime.tasks.onTaskReply(record, attempt, result.reply, kept && new Set(kept.map(([i]) => i)));
    if (kept) this.located(record, node, result.reply, kept);
    // After the seal: copies the table did not take (a cancelled task's) are freed, and the
    // results' refs are held here now, so the owners' holds for us can go.
    taken.settle(sealedAsReturns(this.runtime.objects, record.spec.taskId));
  }

  /**
   * A task's argument was not where this node said (its node died since, or freed it): the
   * task waits for a copy here, which is pulled from that node if it can serve it after all, or
   * made again (see want); it spends none of its own retries. False when the argument was not
   * kept elsewhere: the task fails with the loss.
   */
  private argumentLost(record: TaskRecord, attempt: number, id: string): boolean {
    const table = this.runtime.objects;
    if (!table.isReady(id) && !table.location(id)) return false;
    this.runtime.tasks.awaitArguments(record, attempt, id);
    return true;
  }

  /** Records where the results a node kept are (or lets that node free those nobody wants). */
  private located(record: TaskRecord, node: RemoteNode, reply: TaskReply, kept: Array<[number, number]>): void {
    const table = this.runtime.objects;
    const unwanted: string[] = [];
    for (const [i, bytes] of kept) {
      const id = returnId(record.spec.taskId, i);
      const data = reply.returns?.[i]?.data;
      if (!data || !table.has(id) || table.isReady(id) || reply.error) {
        unwanted.push(id);
        continue;
      }
      table.locate(id, { nodeId: node.nodeId, address: node.address, data, bytes });
    }
    this.objects.freeRemote(node.address, unwanted);
  }

  /**
   * Spillback, this node's side: queued tasks that cannot start here with what is free now go to
   * nodes the resource view shows with room for them (call it when the view changes, and now
   * and then while tasks wait here: see raylet-daemon.ts). What this node spilled to each node
   * is charged against that node's last report until a newer report counts it, the task ends
   * there, or CHARGE_TTL_MS pass (a node reports only when its resources change, and tasks of
   * other owners end there unseen). Spending a report once per report would move a node's
   * worth of tasks per second at most; a node sent more than it can start queues them and
   * spills them on in turn, so erring that way strands nothing.
   */
  spillQueued(): number {
    return this.runtime.spillQueued((needs) => {
      const now = Date.now();
      for (const [id, c] of this.spilledTo) if (now - c.since > CHARGE_TTL_MS) this.spilledTo.delete(id);
      const nodes = this.failedNodes.view(this.nodes()).map((n) => {
        const spent = this.spilledTo.get(n.nodeId)?.spent;
        if (!spent) return n;
        const available = { ...n.available };
        for (const [k, v] of Object.entries(spent)) available[k] = Math.min(n.total[k] ?? 0, (available[k] ?? 0) - v);
        return { ...n, available };
      });
      const targets = planSpillback(needs, this.localId, nodes);
      targets.forEach((nodeId, i) => nodeId !== undefined && this.charge(nodeId, needs[i]!, 1));
      return targets;
    }, (record, nodeId) => {
      this.spilled.set(record, nodeId);
      this.sendTo(record, nodeId);
    });
  }

  /** A newer report of a node's resources: it counts the tasks spilled to it so far. */
  reported(nodeId: string): void {
    this.spilledTo.delete(nodeId);
  }

  private charge(nodeId: string, need: Record<string, number>, sign: 1 | -1): void {
    let charged = this.spilledTo.get(nodeId);
    if (!charged) {
      if (sign < 0) return; // a newer report counted it
      this.spilledTo.set(nodeId, (charged = { spent: {}, since: Date.now() }));
    }
    const spent = charged.spent;
    for (const [k, v] of Object.entries(need)) if (v > 0) spent[k] = (spent[k] ?? 0) + sign * v;
  }

  /** A task this node spilled ended on its node (or came back): its resources there are free again. */
  private spillEnded(record: TaskRecord): void {
    const nodeId = this.spilled.get(record);
    if (nodeId === undefined) return;
    this.spilled.delete(record);
    this.charge(nodeId, record.spec.resources, -1);
    this.onSpillRoom?.();
  }

  /** A node gave back a task it could not start: it goes to the node it named. */
  private spilledBack(record: TaskRecord, nodeId: string): void {
    this.sendTo(record, nodeId);
  }

  /** Sends a task to a node by id: here means this node's queue; a node gone means placing it again. */
  private sendTo(record: TaskRecord, nodeId: string): void {
    if (nodeId === this.localId) {
      this.runtime.tasks.queueHere(record);
      return;
    }
    const node = this.nodes().find((n) => n.nodeId === nodeId && n.alive);
    if (node) this.send(record, node);
    else this.runtime.tasks.requeue(record);
  }

  close(): void {
    this.batcher.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

/**
 * The other side: pulls a task's arguments from its owner's node, runs it, and answers with its
 * reply and the key of its results' buffers (staged here until the owner has pulled them), for
 * each task of a batch.
 */
export async function runTaskForOwner(runtime: DriverCoreWorker, objects: ObjectManager, request: Uint8Array): Promise<Uint8Array> {
  const reply = await serveBatch(packr.unpack(request) as BatchRequest<RunTaskPayload>, (payload) => runOne(runtime, objects, payload));
  // The owner may drop its holds on the arguments once it has this reply: refs kept here
  // (a worker that stored a nested ref) must be counted by their owners first.
  await objects.flushBorrows();
  return packr.pack(reply);
}

/** Runs one task for its owner: pulls its arguments, runs it, stages its results. */
async function runOne(runtime: DriverCoreWorker, objects: ObjectManager, payload: RunTaskPayload): Promise<RunTaskResult> {
  const { exec, resources, from, bundle, spillable } = payload;
  let held: Awaited<ReturnType<typeof takeArgs>>;
  try {
    // Held while the task runs; pulled once for every task here that needs them at the time.
    held = await takeArgs(objects, runtime.objects, payload);
  } catch (e) {
    // The owner's node holds them while the task is in flight: failing to pull one is a loss
    // the task's caller hears of as its result, not a failure of this node. One kept on a
    // third node is named, so the owner can make it again.
    const out: RunTaskResult = { reply: { error: { data: pack(e, 'an error').data, classNames: [] } } };
    if (e instanceof ObjectLostError && payload.at?.[e.objectId] !== undefined) out.lostArg = e.objectId;
    return out;
  }
  try {
    const reply = await runtime.runForeign(exec, resources, bundle, spillable === true);
    if ('spillTo' in reply) return { reply: {}, spillTo: reply.spillTo };
    // Released before the borrows go out, so a hold that began and ended here is never sent.
    held.release();
    // Actor calls do not come this way: every result here is a task's, which may be kept.
    const kept = reply.error ? undefined : keepResults(objects, reply, from, exec.taskId);
    const out: RunTaskResult = { reply, ...offerResults(objects, reply, from, `${exec.taskId}@${exec.attempt}`) };
    if (kept) out.kept = kept;
    return out;
  } finally {
    held.release();
  }
}
