import { availableParallelism } from 'node:os';
import { LocalScheduler } from './local-scheduler.js';
import { Lease } from './lease.js';
import type { ResourceMap } from '../common/resources.js';
import { ResourcePool, type ResourceRequest } from './resources.js';
import { WorkerPool } from './worker-pool.js';
import { ProcessPool } from './process-pool.js';
import { GpuAssignment, gpuAmountProblem } from './gpu-assignment.js';
import { BundleReservations, type BundleSlot } from './bundle-reservations.js';
import type { ExecuteTask, RayletToWorker, TaskReply, WorkerBootData, WorkerToRaylet } from '../common/protocol.js';

/** Keys of attached clients (drivers) are at most this: below minus any pid. */
const CLIENT_KEYS = -(2 ** 31);

/** Tasks shorter than this on average (per function) are batched on one lease. */
const BATCH_BELOW_MS = 1;
const MAX_BATCH = 32;

/** What the raylet needs to know of a task to run it. */
export interface RunnableTask {
  readonly request: ResourceRequest;
  /** Built when the task's arguments are ready. */
  exec: ExecuteTask | undefined;
  /** The lease it runs on, while it runs. */
  lease: Lease | undefined;
  /** Whether it is blocked in `get` (counted in its lease). */
  leaseBlocked: boolean;
  /** The placement-group bundle it runs in, if any (see LocalScheduler). */
  readonly bundle?: { readonly pgId: string; readonly bundleIndex: number } | undefined;
}

/** A function's identity for run-time statistics (cached per descriptor object). */
/** A dedicated actor host waiting for (then holding) its actor's resources. */
export interface HostItem extends RunnableTask {
  readonly hostId: string;
  readonly isolation?: 'process';
}

const fnKeys = new WeakMap<object, string>();
function fnKeyOf(t: RunnableTask): string {
  const fn = t.exec!.fn;
  let key = fnKeys.get(fn);
  if (key === undefined) fnKeys.set(fn, (key = `${fn.moduleUrl}#${fn.key}`));
  return key;
}

/** The raylet's owner-side partner: hears task outcomes and worker messages. */
export interface RayletHost<T extends RunnableTask> {
  onTaskReply(task: T, attempt: number, reply: TaskReply): void;
  /** `collateral`: the worker was terminated to cancel another task. */
  onTaskFailure(task: T, attempt: number, error: unknown, collateral: boolean): void;
  onWorkerMessage(threadId: number, msg: WorkerToRaylet): void;
  onThreadExit(threadId: number): void;
}
export interface RayletOptions {
  nodeId: string;
  resources: ResourceMap;
  /** Ids of the node's GPU devices (default 0..GPU-1); as many as `resources.GPU`. */
  gpuIds?: readonly number[];
  boot: WorkerBootData;
  heapLimitMb?: number;
}

/**
 * The node agent (embedded mode): resource accounting, the local queue, and the worker pool.
 * It runs tasks whose arguments are ready and reports outcomes to its host.
 */
export class Raylet<T extends RunnableTask> {
  readonly nodeId: string;
  readonly pool: ResourcePool;
  private readonly scheduler: LocalScheduler<T>;
  private readonly workers: WorkerPool;
  /** Process workers for `isolation: 'process'`; keys are negative in message routing. */
  private readonly processes: ProcessPool;
  /** Attached clients (drivers) by key. */
  private readonly clients = new Map<number, (msg: RayletToWorker) => void>();
  private nextClient = CLIENT_KEYS;
  /** Which GPU devices each lease holds. */
  private readonly gpus: GpuAssignment;
  /** Leases running in a process worker. */
  private readonly processLeases = new Set<string>();
  private host!: RayletHost<T>;
  private nextLease = 0;
  /** Mean run time per task of each function (moving average), to decide batching. */
  private readonly fnAverageMs = new Map<string, number>();
  /** Who to tell when a dedicated host ends. */
  private readonly hostEnded = new Map<HostItem, (err?: unknown) => void>();
  /** Placement-group bundles reserved on this node. */
  readonly bundles: BundleReservations;
  /** The bundle each started piece of bundle work took its resources from (held until it ends). */
  private readonly slotOf = new Map<RunnableTask, BundleSlot>();
  /** Hears when resources return to the node's free pool: pending placement groups may fit now. */
  onNodeFreed: (() => void) | undefined;

  constructor(options: RayletOptions) {
    this.nodeId = options.nodeId;
    this.pool = new ResourcePool(options.resources);
    const gpuCount = Math.floor(options.resources.GPU ?? 0);
    this.gpus = new GpuAssignment(options.gpuIds ?? Array.from({ length: gpuCount }, (_, i) => i));
    this.bundles = new BundleReservations(this.pool, this.gpus);
    this.scheduler = new LocalScheduler<T>(this.pool, (t) => this.start(t), (req) => req.gpus === 0 || this.gpus.fits(req.gpus), (t) => this.claimBundle(t));
    const cpus = Math.max(1, Math.ceil(options.resources.CPU ?? 1));
    this.workers = new WorkerPool({
      // Threads kept warm: one per CPU, but no more than the machine has cores (`numCpus` is a
      // logical count and may be far larger: a thread per CPU of 1e9 would exhaust memory).
      minThreads: Math.min(cpus, availableParallelism()),
      // Tasks blocked in `get` give their CPU back and more threads start (Ray's rule), so the
      // thread cap is well above the CPU count; scheduling, not the pool, bounds concurrency.
      maxThreads: Math.max(cpus * 8, 64),
      boot: options.boot,
      heapLimitMb: options.heapLimitMb,
      onMessage: (threadId, msg) => this.host.onWorkerMessage(threadId, msg),
      onThreadExit: (threadId) => this.host.onThreadExit(threadId),
    });
    this.processes = new ProcessPool({
      boot: options.boot,
      heapLimitMb: options.heapLimitMb,
      onMessage: (key, msg) => this.host.onWorkerMessage(key, msg),
      onExit: (key) => this.host.onThreadExit(key),
    });
  }

  /**
   * Runs a lease's work on a thread, or on a process worker for `isolation: 'process'` and for
   * work holding GPUs (CUDA_VISIBLE_DEVICES is per process, so GPU work never runs in a thread).
   */
  private runLease<R>(leaseId: string, work: ExecuteTask[] | { hostId: string }, isolation: 'process' | undefined, gpuIds?: readonly number[]): Promise<R> {
    if (isolation !== 'process' && gpuIds === undefined) {
      return (Array.isArray(work) ? this.workers.run(leaseId, work) : this.workers.runHost(leaseId, work.hostId)) as Promise<R>;
    }
    this.processLeases.add(leaseId);
    const done = (): void => {
      this.processLeases.delete(leaseId);
    };
    return this.processes.run<R>(leaseId, work, gpuIds).finally(done);
  }

  /** Gives a lease that asks for GPUs its devices (the scheduler checked that they are free). */
  private grantGpus(lease: Lease, slot: BundleSlot | undefined): void {
    if (lease.request.gpus === 0) return;
    // Never null here: the scheduler admitted the request only if its devices were free, and
    // nothing ran between that check and this start. Bundle work gets the bundle's devices.
    lease.gpus = (slot?.gpus ?? this.gpus).assign(lease.request.gpus) ?? undefined;
  }

  private claimBundle(task: T): boolean {
    const slot = this.bundles.claim(task.bundle!, task.request);
    if (slot) this.slotOf.set(task, slot);
    return slot !== undefined;
  }

  /**
   * Reserves a placement group's bundles on this node and makes them usable at once (the
   * embedded runtime is the only participant, so prepare and commit happen together): all or
   * none. Returns null, or why not. Work queued for the group may start.
   */
  reserveBundles(pgId: string, bundles: ReadonlyArray<{ readonly index: number; readonly resources: ResourceMap }>): string | null {
    const problem = this.bundles.prepare(pgId, bundles);
    if (problem !== null) return problem;
    this.bundles.commit(pgId);
    this.scheduler.dispatch();
    return null;
  }

  /** Returns a group's bundles to the node, and starts work that fits now. */
  returnBundles(pgId: string): void {
    if (this.bundles.release(pgId)) this.scheduler.dispatch();
  }

  /** Takes the queued work of a placement group out of the queue (the group was removed). */
  takeQueuedInGroup(pgId: string): T[] {
    return this.scheduler.takeGroup(pgId);
  }

  /** Tasks (not actor hosts) running in a placement group's bundles. */
  runningInGroup(pgId: string): T[] {
    const out: T[] = [];
    for (const [task, slot] of this.slotOf) if (slot.pgId === pgId && (task as Partial<HostItem>).hostId === undefined) out.push(task as T);
    return out;
  }

  setHost(host: RayletHost<T>): void {
    this.host = host;
  }

  /** Whether the request could ever run here; otherwise why not. */
  infeasibility(request: ResourceRequest): string | null {
    if (request.gpus !== 0) {
      const problem = gpuAmountProblem(request.gpus);
      if (problem !== null) return `GPU: ${problem}`;
    }
    return this.pool.feasible(request) ? null : this.pool.explainInfeasible(request);
  }

  /** Queues a task whose arguments are ready. */
  schedule(task: T): void {
    this.scheduler.enqueue(task);
  }

  /** Queued tasks that cannot start with what is free here now (see LocalScheduler.blocked). */
  blocked(limit: number): T[] {
    return this.scheduler.blocked(limit);
  }

  /** Takes tasks `blocked(limit)` listed out of the queue (spillback sends them elsewhere). */
  takeBlocked(tasks: readonly T[], limit: number): void {
    this.scheduler.takeBlocked(tasks, limit);
  }

  /** Takes a task out of the queue; false if it already started. */
  unqueue(task: T): boolean {
    return this.scheduler.remove(task);
  }

  /**
   * Starts a task on a new lease, with short tasks of the same function queued behind it in
   * the same batch (see Lease). Only functions measured to run under a millisecond batch, and
   * the queue is spread over the leases that could start now, so batching never idles a CPU.
   */
  /**
   * Starts an actor host: a long-running task on a thread of its own. A dedicated host first
   * queues for its actor's resources and holds them while it runs; a shared one holds none.
   * `onGone` hears when the host ends (stopped, or its thread died).
   */
  startHost(hostId: string, item: HostItem | undefined, onGone: (err?: unknown) => void): void {
    if (!item) {
      this.runLease<void>(`L${this.nextLease++}`, { hostId }, undefined).then(() => onGone(), onGone);
      return;
    }
    this.hostEnded.set(item, onGone);
    this.scheduler.enqueue(item as unknown as T);
  }

  /** Drops a dedicated host that has not started yet. */
  cancelHost(item: HostItem): void {
    if (this.scheduler.remove(item as unknown as T)) {
      const onGone = this.hostEnded.get(item);
      this.hostEnded.delete(item);
      onGone?.();
    }
  }

  private startDedicatedHost(item: HostItem): void {
    const lease = new Lease(`L${this.nextLease++}`, item.request, 1);
    this.grantGpus(lease, this.slotOf.get(item));
    item.lease = lease;
    const ended = (err?: unknown): void => {
      const onGone = this.hostEnded.get(item);
      this.hostEnded.delete(item);
      this.finished(item as unknown as T);
      onGone?.(err);
    };
    this.runLease<void>(lease.id, { hostId: item.hostId }, item.isolation, lease.gpus?.ids).then(() => ended(), ended);
  }

  private start(first: T): void {
    if ((first as unknown as HostItem).hostId !== undefined) {
      this.startDedicatedHost(first as unknown as HostItem);
      return;
    }
    const batch = [first];
    const fnKey = fnKeyOf(first);
    const avg = this.fnAverageMs.get(fnKey);
    const isolation = first.exec!.isolation;
    // Batching is for short CPU work on threads: a GPU lease runs in a process of its own.
    // Work in a bundle never batches: queues of its shape outside the bundle draw on another pool.
    if (isolation === undefined && first.request.gpus === 0 && first.bundle === undefined && avg !== undefined && avg < BATCH_BELOW_MS && this.scheduler.pending > 0) {
      const slots = this.pool.fitCount(first.request, MAX_BATCH) + 1;
      const take = Math.min(MAX_BATCH - 1, Math.floor(this.scheduler.pendingOf(first.request) / slots));
      if (take > 0) this.scheduler.takeHead(first.request, take, (t) => fnKeyOf(t) === fnKey, batch);
    }
    const lease = new Lease(`L${this.nextLease++}`, first.request, batch.length);
    this.grantGpus(lease, first.bundle === undefined ? undefined : this.slotOf.get(first));
    const execs = new Array<ExecuteTask>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const t = batch[i]!;
      t.lease = lease;
      t.leaseBlocked = false;
      execs[i] = t.exec!;
    }
    this.runLease<Array<TaskReply | undefined>>(lease.id, execs, isolation, lease.gpus?.ids).then(
      (replies) => {
        for (let i = 0; i < replies.length; i++) {
          const r = replies[i];
          if (r) this.host.onTaskReply(batch[i]!, execs[i]!.attempt, r);
        }
      },
      (err) => {
        // The thread died: every task of the batch that has not replied failed with it. Those
        // killed only because a neighbour was force-cancelled are retried for free.
        for (let i = 0; i < batch.length; i++) {
          const t = batch[i]!;
          const collateral = lease.terminatedFor !== undefined && lease.terminatedFor !== execs[i]!.taskId;
          this.host.onTaskFailure(t, execs[i]!.attempt, err, collateral);
        }
      },
    );
  }

  /** A task's attempt ended (replied or failed): its lease may end, freeing resources. */
  finished(task: T): void {
    const lease = task.lease;
    if (!lease) return;
    task.lease = undefined;
    if (task.leaseBlocked) {
      task.leaseBlocked = false;
      lease.blocked--;
    }
    lease.remaining--;
    const slot = task.bundle === undefined ? undefined : this.slotOf.get(task);
    const { freed, done } = lease.settle(slot?.pool ?? this.pool);
    if (done && lease.gpus) {
      (slot?.gpus ?? this.gpus).release(lease.gpus);
      lease.gpus = undefined;
    }
    if (done && slot) this.slotOf.delete(task);
    if (done && task.exec) {
      const perTask = (performance.now() - lease.startedAt) / lease.size;
      const key = fnKeyOf(task);
      const prev = this.fnAverageMs.get(key);
      this.fnAverageMs.set(key, prev === undefined ? perTask : prev * 0.8 + perTask * 0.2);
    }
    this.afterSettle(lease, freed, slot);
  }

  /** The pool a started task's lease draws on: its bundle's, or the node's. */
  private poolOf(task: T): ResourcePool {
    return (task.bundle === undefined ? undefined : this.slotOf.get(task)?.pool) ?? this.pool;
  }

  /** A running task blocked in `get`: its lease may lend its CPU out until the task resumes. */
  block(task: T): void {
    const lease = task.lease;
    if (!lease || task.leaseBlocked) return;
    task.leaseBlocked = true;
    lease.blocked++;
    this.afterSettle(lease, lease.settle(this.poolOf(task)).freed, task.bundle === undefined ? undefined : this.slotOf.get(task));
  }

  /** The blocked task resumes; its lease takes its CPU back, even if that oversubscribes. */
  unblock(task: T): void {
    const lease = task.lease;
    if (!lease || !task.leaseBlocked) return;
    task.leaseBlocked = false;
    lease.blocked--;
    this.afterSettle(lease, lease.settle(this.poolOf(task)).freed, undefined);
  }

  private afterSettle(lease: Lease, freed: boolean, slot: BundleSlot | undefined): void {
    this.workers.setBlocked(lease.id, lease.cpuReleased && lease.remaining > 0);
    if (!freed) return;
    // Pending placement groups go before queued tasks, or a stream of tasks could starve them.
    if (slot === undefined) this.onNodeFreed?.();
    this.scheduler.dispatch();
  }

  /**
   * Interrupts a running task: with `force`, terminates its thread (tasks sharing the thread
   * fail and are retried without using up their retries); otherwise asks the task to stop.
   */
  interrupt(task: T, force: boolean): void {
    const lease = task.lease;
    const taskId = task.exec!.taskId;
    if (force) {
      if (lease) {
        lease.terminatedFor = taskId;
        if (this.processLeases.has(lease.id)) this.processes.terminate(lease.id);
        else this.workers.terminateThreadOf(lease.id);
      }
      return;
    }
    const tid = !lease ? undefined : this.processLeases.has(lease.id) ? this.processes.keyOf(lease.id) : this.workers.threadOf(lease.id);
    const msg = { k: 'cancelTask', taskId } as const;
    if (tid !== undefined) this.send(tid, msg);
    else {
      this.workers.broadcast(msg);
      this.processes.broadcast(msg);
    }
  }

  /** See WorkerPool.poll. */
  poll(budgetUs: number, done: () => boolean): void {
    this.workers.poll(budgetUs, done);
  }

  /** Sends a message to a worker thread, a process worker (negative keys) or a client. */
  send(threadId: number, msg: RayletToWorker): void {
    if (threadId <= CLIENT_KEYS) this.clients.get(threadId)?.(msg);
    else if (threadId < 0) this.processes.send(threadId, msg);
    else this.workers.send(threadId, msg);
  }

  /**
   * Routes messages for a client (a driver attached over the node's socket) to `send`; returns
   * the key its messages come with. Client keys sit below every process key (minus a pid).
   */
  attachClient(send: (msg: RayletToWorker) => void): number {
    const key = this.nextClient--;
    this.clients.set(key, send);
    return key;
  }

  detachClient(key: number): void {
    this.clients.delete(key);
  }

  get queued(): number {
    return this.scheduler.pending;
  }

  async close(): Promise<void> {
    await Promise.all([this.workers.close(), this.processes.close()]);
  }
}
