import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ExecuteTask, RayletToWorker, StartHost, WorkerBootData, WorkerToRaylet } from '../common/protocol.js';
import { Outboxes } from './outboxes.js';

/** What the raylet sends a process worker over IPC. */
export interface ProcessRequest {
  run?: { id: number; work: ExecuteTask[] | StartHost };
  side?: RayletToWorker[];
}

/** What a process worker sends back. */
export interface ProcessReply {
  ready?: true;
  done?: { id: number; result: unknown };
  failed?: { id: number; message: string };
  side?: WorkerToRaylet[];
}

export interface ProcessPoolOptions {
  boot: WorkerBootData;
  heapLimitMb?: number;
  /** Idle processes kept for reuse (default 8); past it the longest idle one ends. */
  maxIdle?: number;
  /** A message from a process's side channel; processes are keyed by minus their pid. */
  onMessage: (key: number, msg: WorkerToRaylet) => void;
  onExit: (key: number) => void;
}

interface ProcessWorker {
  readonly child: ChildProcess;
  readonly key: number;
  readonly ready: Promise<void>;
  readonly runs: Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>;
  lease: string | undefined;
  exited: boolean;
  /** The GPU ids in its CUDA_VISIBLE_DEVICES, joined; '' for a process without GPUs. */
  readonly gpuKey: string;
}

/** The entry file of process workers: compiled JS, or TypeScript (run under tsx) from source. */
function processEntry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { file: fileURLToPath(new URL('../runtime/process-worker.js', here)), execArgv: [] };
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { file: fileURLToPath(new URL('../runtime/process-worker.ts', here)), execArgv: ['--import', tsx] };
}

/**
 * The node's process workers (`isolation: 'process'`, and all work holding GPUs): child
 * processes that run one lease at a time (a task, or an actor host for its whole life) and are
 * reused when idle. They speak the worker-thread protocol over IPC; keys are negative (minus the
 * pid) so they never collide with thread ids in the raylet's routing.
 *
 * A process started for GPUs has `CUDA_VISIBLE_DEVICES` set to them, and CUDA reads it once, at
 * start-up: such a process is reused only for work holding the same devices.
 */
export class ProcessPool {
  /** Idle processes, longest idle first. */
  private readonly idle: ProcessWorker[] = [];
  private readonly byKey = new Map<number, ProcessWorker>();
  private readonly byLease = new Map<string, ProcessWorker>();
  private readonly outboxes = new Outboxes<number, RayletToWorker>((key, batch) => {
    const worker = this.byKey.get(key);
    if (worker && !worker.exited) worker.child.send({ side: batch } satisfies ProcessRequest);
  });
  private nextRun = 0;
  private closed = false;

  constructor(private readonly options: ProcessPoolOptions) {}

  private spawn(gpuIds: readonly number[] | undefined): ProcessWorker {
    const { file, execArgv } = processEntry();
    const heap = this.options.heapLimitMb ? [`--max-old-space-size=${this.options.heapLimitMb}`] : [];
    const gpuKey = gpuIds?.join(',') ?? '';
    // Work without GPUs keeps the node's environment, as in Ray.
    const env: NodeJS.ProcessEnv = gpuIds
      ? { ...process.env, CUDA_VISIBLE_DEVICES: gpuKey, TSRAY_WORKER_BOOT: JSON.stringify({ ...this.options.boot, gpuIds: [...gpuIds] }) }
      : { ...process.env, TSRAY_WORKER_BOOT: JSON.stringify(this.options.boot) };
    const child = fork(file, [], {
      serialization: 'advanced',
      execArgv: [...execArgv, ...heap],
      env,
      stdio: 'inherit',
    });
    let markReady!: () => void;
    const worker: ProcessWorker = {
      child, key: -child.pid!, ready: new Promise<void>((r) => (markReady = r)), runs: new Map(), lease: undefined, exited: false, gpuKey,
    };
    this.byKey.set(worker.key, worker);
    child.on('message', (m: ProcessReply) => {
      if (m.side) for (const msg of m.side) this.options.onMessage(worker.key, msg);
      else if (m.done) this.settle(worker, m.done.id, (r) => r.resolve(m.done!.result));
      else if (m.failed) this.settle(worker, m.failed.id, (r) => r.reject(new Error(m.failed!.message)));
      else if (m.ready) markReady();
    });
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    child.on('error', () => {}); // an exit follows; it is handled there
    return worker;
  }

  private settle(worker: ProcessWorker, id: number, fn: (r: { resolve: (v: unknown) => void; reject: (e: unknown) => void }) => void): void {
    const run = worker.runs.get(id);
    if (!run) return;
    worker.runs.delete(id);
    fn(run);
  }

  private onExit(worker: ProcessWorker, code: number | null, signal: NodeJS.Signals | null): void {
    worker.exited = true;
    this.byKey.delete(worker.key);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    const err = Object.assign(new Error(`worker process ${-worker.key} exited with ${signal ? `signal ${signal}` : `code ${code}`}`), { code: 'ERR_WORKER_PROCESS_EXIT' });
    for (const run of worker.runs.values()) run.reject(err);
    worker.runs.clear();
    if (!this.closed) this.options.onExit(worker.key);
  }

  /** An idle process for a GPU set, most recently used first (its caches are warmest). */
  private takeIdle(gpuKey: string): ProcessWorker | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (this.idle[i]!.gpuKey === gpuKey) return this.idle.splice(i, 1)[0];
    }
    return undefined;
  }

  /**
   * Runs a lease's work on an idle process (or a new one); resolves with the work's result.
   * `gpuIds`: the devices the lease holds, which the process's `CUDA_VISIBLE_DEVICES` lists.
   */
  async run<R>(leaseId: string, work: ExecuteTask[] | StartHost, gpuIds?: readonly number[]): Promise<R> {
    const worker = this.takeIdle(gpuIds?.join(',') ?? '') ?? this.spawn(gpuIds);
    worker.lease = leaseId;
    this.byLease.set(leaseId, worker);
    // A busy process keeps the program alive; an idle one does not.
    worker.child.ref();
    worker.child.channel?.ref();
    try {
      await worker.ready;
      if (worker.exited) throw new Error(`worker process ${-worker.key} exited before it started`);
      const id = this.nextRun++;
      return await new Promise<R>((resolve, reject) => {
        worker.runs.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.child.send({ run: { id, work } } satisfies ProcessRequest);
      });
    } finally {
      this.byLease.delete(leaseId);
      worker.lease = undefined;
      if (!worker.exited && !this.closed) {
        worker.child.unref();
        worker.child.channel?.unref();
        this.idle.push(worker);
        // Processes for many different GPU sets would otherwise pile up.
        if (this.idle.length > (this.options.maxIdle ?? 8)) this.idle.shift()!.child.disconnect();
      }
    }
  }

  /** The key (minus the pid) of the process running a lease. */
  keyOf(leaseId: string): number | undefined {
    return this.byLease.get(leaseId)?.key;
  }

  /** Kills the process running a lease (force cancel). */
  terminate(leaseId: string): void {
    this.byLease.get(leaseId)?.child.kill('SIGKILL');
  }

  /** Queues a side message for a process; the messages of one turn go out together. */
  send(key: number, msg: RayletToWorker): void {
    this.outboxes.queue(key, msg);
  }

  broadcast(msg: RayletToWorker): void {
    for (const key of this.byKey.keys()) this.send(key, msg);
  }

  /** Ends every process and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.byKey.values()].map((w) => new Promise<void>((resolve) => {
      if (w.exited) return resolve();
      w.child.once('exit', () => resolve());
      // An idle process is unref'd; waiting for its exit must keep the program alive.
      w.child.ref();
      w.child.kill('SIGKILL');
    }));
    await Promise.all(exits);
  }
}
