import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { Piscina, type PiscinaTask } from 'piscina';
import type { ExecuteTask, RayletToWorker, StartHost, TaskReply, WorkerBootData, WorkerHello, WorkerToRaylet } from '../common/protocol.js';
import { Outboxes } from './outboxes.js';

type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;
type PiscinaWorker = Parameters<LoadBalancer>[1][number];

export interface WorkerPoolOptions {
  /** Threads kept warm: the node's CPU count. More start when tasks block in `get`. */
  minThreads: number;
  maxThreads: number;
  boot: WorkerBootData;
  /** Per-thread V8 heap cap in MiB; a thread past it dies alone instead of the whole process. */
  heapLimitMb?: number;
  /** A message a worker thread posted on its side port. */
  onMessage: (threadId: number, msg: WorkerToRaylet) => void;
  /** A worker thread went away (exited, crashed, or was terminated). */
  onThreadExit: (threadId: number) => void;
}

/** The entry file of worker threads: compiled JS, or the TypeScript bootstrap when run from source. */
function workerEntry(): string {
  const here = import.meta.url;
  const file = here.endsWith('.ts') ? '../runtime/ts-bootstrap.mjs' : '../runtime/thread-worker.js';
  return new URL(file, here).href;
}

interface Placement {
  threadId: number;
  blocked: boolean;
}

/**
 * The node's worker threads, on piscina. Tasks are sent with `run`; each thread also opens a
 * side port at start-up (see common/protocol.ts) that the pool routes to `onMessage`.
 *
 * A thread runs one task at a time, except that a task blocked in `get` leaves its thread's
 * event loop free, so the balancer may start another task there (Ray starts another worker
 * instead; threads are cheaper to share than to multiply). Blocked tasks are always async, so
 * sharing cannot deadlock.
 */
export class WorkerPool {
  private readonly piscina: Piscina;
  private readonly ports = new Map<number, MessagePort>();
  private readonly outboxes = new Outboxes<number, RayletToWorker>((threadId, batch) => this.ports.get(threadId)?.postMessage(batch));
  /** Where each running lease was placed, and whether all its tasks are blocked in `get`. */
  private readonly placements = new Map<string, Placement>();
  /** Running leases per thread. */
  private readonly threadLeases = new Map<number, Set<string>>();
  /** Force-cancelled leases still in piscina's own queue: their thread dies when they land. */
  private readonly killOnPlacement = new Set<string>();
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.piscina = new Piscina({
      filename: workerEntry(),
      minThreads: options.minThreads,
      maxThreads: options.maxThreads,
      idleTimeout: 30_000,
      // The balancer below decides how many tasks share a thread; piscina must not cap it.
      concurrentTasksPerWorker: 1_000_000,
      // Idle threads wait on their event loop, not in Atomics.wait: measured as fast here, and
      // an idle thread then still runs timers and finalizers, which release the refs it dropped.
      atomics: 'disabled',
      loadBalancer: (task, workers) => this.balance(task, workers),
      workerData: options.boot,
      resourceLimits: options.heapLimitMb ? { maxOldGenerationSizeMb: options.heapLimitMb } : undefined,
    });
    this.piscina.on('message', (m: unknown) => this.onPoolMessage(m));
    // A worker that dies is replaced by piscina; its task's promise rejects, which is where
    // tsray handles the failure. Swallow the pool-level error event so it does not crash us.
    this.piscina.on('error', () => {});
  }

  private onPoolMessage(m: unknown): void {
    const hello = m as WorkerHello;
    if (!hello || hello.tsrayHello !== true) return;
    const { threadId, port } = hello;
    this.ports.set(threadId, port);
    port.on('message', (batch: WorkerToRaylet[]) => {
      for (const msg of batch) this.options.onMessage(threadId, msg);
    });
    port.on('close', () => {
      this.ports.delete(threadId);
      if (!this.closed) this.options.onThreadExit(threadId);
    });
    // Side ports must not keep the process alive (busy piscina threads do; idle ones do not).
    // Attaching a listener refs a port, so this comes after.
    port.unref();
  }

  /** An idle thread, else one whose tasks are all blocked; null lets piscina start a thread. */
  private balance(task: PiscinaTask, workers: PiscinaWorker[]): PiscinaWorker | null {
    let chosen: PiscinaWorker | null = null;
    for (const w of workers) {
      if (w.terminating || w.destroyed) continue;
      if (w.currentUsage === 0) {
        chosen = w;
        break;
      }
      if (!chosen && this.allBlocked(w.id)) chosen = w;
    }
    const leaseId = ((task as unknown as Record<symbol, unknown>)[Piscina.queueOptionsSymbol] as { leaseId?: string } | null)?.leaseId;
    if (chosen && leaseId !== undefined) {
      this.placements.set(leaseId, { threadId: chosen.id, blocked: false });
      let set = this.threadLeases.get(chosen.id);
      if (!set) this.threadLeases.set(chosen.id, (set = new Set()));
      set.add(leaseId);
      if (this.killOnPlacement.delete(leaseId)) queueMicrotask(() => this.terminateThreadOf(leaseId));
    }
    return chosen;
  }

  private allBlocked(threadId: number): boolean {
    const leases = this.threadLeases.get(threadId);
    if (!leases || leases.size === 0) return false;
    for (const l of leases) if (!this.placements.get(l)?.blocked) return false;
    return true;
  }

  /**
   * Runs a lease's batch of tasks on some thread; resolves with one reply per task (undefined
   * for those that replied on the side port).
   */
  run(leaseId: string, batch: ExecuteTask[]): Promise<Array<TaskReply | undefined>> {
    return this.runOnThread(leaseId, batch);
  }

  /** Runs an actor host on a thread; resolves when the host is stopped. */
  runHost(leaseId: string, hostId: string): Promise<void> {
    return this.runOnThread(leaseId, { hostId } satisfies StartHost);
  }

  private runOnThread<R>(leaseId: string, work: ExecuteTask[] | StartHost): Promise<R> {
    const payload = work as (ExecuteTask[] | StartHost) & { [k: symbol]: unknown };
    payload[Piscina.queueOptionsSymbol] = { leaseId };
    const done = (): void => {
      this.killOnPlacement.delete(leaseId);
      const p = this.placements.get(leaseId);
      if (p) {
        this.placements.delete(leaseId);
        this.threadLeases.get(p.threadId)?.delete(leaseId);
      }
    };
    return this.piscina.run(payload).then(
      (result: R) => {
        done();
        return result;
      },
      (err: unknown) => {
        // The thread died. What it posted on its side port before dying (results of calls
        // that finished) is handled first: piscina's word of the death travels on another
        // port and may arrive before them, and those calls must not fail with the thread.
        const threadId = this.placements.get(leaseId)?.threadId;
        if (threadId !== undefined) this.drain(threadId);
        done();
        throw err;
      },
    );
  }

  /** Handles every message waiting on a thread's side port, now. */
  private drain(threadId: number): void {
    const port = this.ports.get(threadId);
    if (!port) return;
    let m: { message: WorkerToRaylet[] } | undefined;
    while ((m = receiveMessageOnPort(port) as { message: WorkerToRaylet[] } | undefined) !== undefined) {
      for (const msg of m.message) this.options.onMessage(threadId, msg);
    }
  }

  /** Marks a lease whose tasks are all blocked in `get` (its thread may take other work). */
  setBlocked(leaseId: string, blocked: boolean): void {
    const p = this.placements.get(leaseId);
    if (p) p.blocked = blocked;
  }

  /** The thread running a lease, if it runs. */
  threadOf(leaseId: string): number | undefined {
    return this.placements.get(leaseId)?.threadId;
  }

  /**
   * Terminates the thread running a lease (force cancel); its promise rejects. A lease still
   * queued inside piscina is marked, and its thread is terminated when it lands.
   */
  terminateThreadOf(leaseId: string): void {
    const tid = this.threadOf(leaseId);
    const worker = tid === undefined ? undefined : this.piscina.threads.find((w) => w.threadId === tid);
    if (worker) void worker.terminate();
    else this.killOnPlacement.add(leaseId);
  }

  /**
   * Queues a message for a thread; the messages of one turn go out as one postMessage (a loop
   * of 10k actor calls costs a few messages, and each message is a cross-thread wake-up).
   */
  send(threadId: number, msg: RayletToWorker): void {
    this.outboxes.queue(threadId, msg);
  }

  broadcast(msg: RayletToWorker): void {
    for (const threadId of this.ports.keys()) this.send(threadId, msg);
  }

  /**
   * Takes messages waiting on the side ports without returning to the event loop, for up to
   * `budgetUs` or until `done()` holds. A caller about to wait a few microseconds for a reply
   * saves the wake-up of this thread, which costs more than the wait itself.
   */
  poll(budgetUs: number, done: () => boolean): void {
    this.outboxes.flush(); // what the caller waits for may be a reply to a message still queued here
    const deadline = performance.now() + budgetUs / 1000;
    do {
      for (const threadId of this.ports.keys()) this.drain(threadId);
      if (done()) return;
    } while (performance.now() < deadline);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const port of this.ports.values()) port.close();
    this.ports.clear();
    await this.piscina.destroy();
  }
}
