import { LocalScheduler } from './local-scheduler.js';
import { ResourcePool, cpuPart, type ResourceMap, type ResourceRequest } from './resources.js';
import { WorkerPool } from './worker-pool.js';
import type { ExecuteTask, RayletToWorker, TaskReply, WorkerBootData, WorkerToRaylet } from '../runtime/protocol.js';

/** What the raylet needs to know of a task to run it. */
export interface RunnableTask {
  readonly request: ResourceRequest;
  /** Built when the task's arguments are ready. */
  exec: ExecuteTask | undefined;
  /** Whether the task gave its CPU back while blocked in `get`. */
  cpuReleased: boolean;
}

/** The raylet's owner-side partner: hears task outcomes and worker messages. */
export interface RayletHost<T extends RunnableTask> {
  onTaskReply(task: T, attempt: number, reply: TaskReply): void;
  onTaskFailure(task: T, attempt: number, error: unknown): void;
  onWorkerMessage(threadId: number, msg: WorkerToRaylet): void;
  onThreadExit(threadId: number): void;
}

export interface RayletOptions {
  nodeId: string;
  resources: ResourceMap;
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
  private host!: RayletHost<T>;

  constructor(options: RayletOptions) {
    this.nodeId = options.nodeId;
    this.pool = new ResourcePool(options.resources);
    this.scheduler = new LocalScheduler<T>(this.pool, (t) => this.start(t));
    const cpus = Math.max(1, Math.ceil(options.resources.CPU ?? 1));
    this.workers = new WorkerPool({
      minThreads: cpus,
      // Tasks blocked in `get` give their CPU back and more threads start (Ray's rule), so the
      // thread cap is well above the CPU count; scheduling, not the pool, bounds concurrency.
      maxThreads: Math.max(cpus * 8, 64),
      boot: options.boot,
      heapLimitMb: options.heapLimitMb,
      onMessage: (threadId, msg) => this.host.onWorkerMessage(threadId, msg),
      onThreadExit: (threadId) => this.host.onThreadExit(threadId),
    });
  }

  setHost(host: RayletHost<T>): void {
    this.host = host;
  }

  /** Whether the request could ever run here; otherwise why not. */
  infeasibility(request: ResourceRequest): string | null {
    return this.pool.feasible(request) ? null : this.pool.explainInfeasible(request);
  }

  /** Queues a task whose arguments are ready. */
  schedule(task: T): void {
    this.scheduler.enqueue(task);
  }

  /** Takes a task out of the queue; false if it already started. */
  unqueue(task: T): boolean {
    return this.scheduler.remove(task);
  }

  private start(task: T): void {
    const exec = task.exec!;
    const attempt = exec.attempt;
    task.cpuReleased = false;
    this.workers.run(exec).then(
      (reply) => {
        if (reply) this.host.onTaskReply(task, attempt, reply);
      },
      (err) => this.host.onTaskFailure(task, attempt, err),
    );
  }

  /** Gives back a finished task's resources and starts what now fits. */
  release(task: T): void {
    this.pool.release(task.request);
    // A task that ended while blocked already gave its CPU back.
    if (task.cpuReleased) this.pool.acquire(cpuPart(task.request));
    task.cpuReleased = false;
    this.scheduler.dispatch();
  }

  /** A running task blocked in `get`: its CPU goes back to the pool until it resumes. */
  block(task: T): void {
    if (task.cpuReleased) return;
    task.cpuReleased = true;
    this.workers.setBlocked(task.exec!.taskId, true);
    this.pool.release(cpuPart(task.request));
    this.scheduler.dispatch();
  }

  /** The blocked task resumes and takes its CPU back, even if that oversubscribes the node. */
  unblock(task: T): void {
    if (!task.cpuReleased) return;
    task.cpuReleased = false;
    this.workers.setBlocked(task.exec!.taskId, false);
    this.pool.acquire(cpuPart(task.request));
  }

  /**
   * Interrupts a running task: with `force`, terminates its thread (tasks sharing the thread
   * fail as if the worker crashed, and are retried); otherwise asks the task to stop.
   */
  interrupt(taskId: string, force: boolean): void {
    if (force) {
      this.workers.terminateThreadOf(taskId);
      return;
    }
    const tid = this.workers.threadOf(taskId);
    const msg = { k: 'cancelTask', taskId } as const;
    if (tid === undefined) this.workers.broadcast(msg);
    else this.workers.send(tid, msg);
  }

  send(threadId: number, msg: RayletToWorker): void {
    this.workers.send(threadId, msg);
  }

  get queued(): number {
    return this.scheduler.pending;
  }

  async close(): Promise<void> {
    await this.workers.close();
  }
}
