import { AsyncLocalStorage } from 'node:async_hooks';
import { MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/** How long a worker thread polls for more messages before it sleeps. */
const SPIN_MS = 0.3;
import type { CoreWorker, NodeInfo, ObjectStoreStats, RuntimeContextData, WorkContext } from '../common/core-worker.js';
import { IdGenerator } from '../common/ids.js';
import { LocalReferenceCounter } from './reference-counter.js';
import { decode } from './driver-core-worker.js';
import { unpack } from '../serialization/serializer.js';
import { TaskCancelledError } from '../common/errors.js';
import type { PlacementGroupClient } from '../common/placement-group.js';
import type { ResourceMap } from '../common/resources.js';
import type { ExecuteTask, FunctionDescriptor, JobContext, RayletToWorker, SubmittedActor, SubmittedTask, WireObject, WorkerBootData, WorkerToRaylet } from '../common/protocol.js';

/** The worker's channel to its raylet: a MessagePort in a thread, an IPC adapter in a process. */
export interface SidePort {
  postMessage(batch: WorkerToRaylet[]): void;
  on(event: 'message', listener: (batch: RayletToWorker[]) => void): unknown;
}

/** The task this thread is running. */
export interface CurrentTask {
  taskId: string;
  attempt: number;
  name: string;
  cancelled: boolean;
  /** Whether the task sent anything on the side port (its reply must then follow the same path). */
  usedSidePort: boolean;
  /** Called the first time the task waits on the raylet (`get`, `wait`, a stream). */
  onBlock?: (() => void) | undefined;
  /** Set for an actor method call. */
  actorId?: string | undefined;
  /** The job it runs for, when the worker serves several (cluster mode). */
  job?: JobContext | undefined;
  /** What the raylet sent to run it (its resources and placement group, for the runtime context). */
  exec?: ExecuteTask | undefined;
}

interface PendingRequest {
  taskId: string | null;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * A worker thread's core worker: a proxy to the node's owner (the driver in embedded mode) over
 * the thread's side port. Reference-count changes are batched and always flushed before any
 * other message, so the owner sees a thread's increments before anything that could free.
 */
export class ThreadCoreWorker implements CoreWorker {
  readonly references: LocalReferenceCounter;
  /** The task of the current async context: tasks blocked in `get` may share the thread. */
  private readonly taskContext = new AsyncLocalStorage<CurrentTask>();
  private readonly running = new Set<CurrentTask>();
  /** Cancels that arrived before their task started on this thread (bounded, oldest dropped). */
  private readonly earlyCancels = new Set<string>();
  private readonly ids: IdGenerator;
  private readonly refDeltas = new Map<string, number>();
  /** Messages of this turn, posted together: a loop of 10k puts costs one postMessage. */
  private outbox: WorkerToRaylet[] = [];
  private flushScheduled = false;
  private nextReq = 0;
  private readonly pending = new Map<number, PendingRequest>();
  private spinScheduled = false;
  /** What a hosted actor knows of itself (set by the thread's actor hosts). */
  actorWork: ((actorId: string) => WorkContext | undefined) | undefined;
  /** Where actor messages from the raylet go (the thread's actor hosts). */
  onActorMessage: ((msg: Exclude<RayletToWorker, { k: 'reply' } | { k: 'cancelTask' }>) => void) | undefined;

  constructor(
    protected readonly boot: WorkerBootData,
    private readonly port: SidePort,
    /** Unique among the session's workers: a thread's id, or a process's pid. */
    private readonly workerName: string,
  ) {
    this.ids = new IdGenerator(`${boot.session}${workerName}x`);
    this.references = new LocalReferenceCounter((id) => this.delta(id, 1), (id) => this.delta(id, -1));
    port.on('message', (batch: RayletToWorker[]) => this.onBatch(batch));
  }

  get current(): CurrentTask | null {
    return this.taskContext.getStore() ?? null;
  }

  /** Runs a task's code with `current` set to it in every continuation. */
  async runTask<T>(task: CurrentTask, fn: () => Promise<T>): Promise<T> {
    if (this.earlyCancels.delete(task.taskId)) task.cancelled = true;
    this.running.add(task);
    try {
      return await this.taskContext.run(task, fn);
    } finally {
      this.running.delete(task);
    }
  }

  context(): RuntimeContextData {
    return {
      jobId: this.current?.job?.jobId ?? this.boot.jobId,
      nodeId: this.boot.nodeId,
      namespace: this.current?.job?.namespace ?? this.boot.namespace,
      workerId: `${this.workerName}-${process.pid}`,
      taskId: this.current?.taskId ?? null,
      actorId: this.current?.actorId ?? null,
      gpuIds: this.boot.gpuIds ?? [],
      work: this.work(),
    };
  }

  /** The running task's or actor's resources, placement group and actor facts. */
  private work(): WorkContext | undefined {
    const cur = this.current;
    if (!cur) return undefined;
    if (cur.actorId !== undefined) return this.actorWork?.(cur.actorId);
    const exec = cur.exec;
    return { resources: { ...(exec?.resources ?? DEFAULT_TASK_RESOURCES) }, placementGroupId: exec?.pgId ?? null };
  }

  currentTaskId(): string | null {
    return this.current?.taskId ?? null;
  }

  newTaskId(): string {
    return this.ids.task();
  }

  newPutId(): string {
    return this.ids.put();
  }

  private delta(id: string, d: number): void {
    const v = (this.refDeltas.get(id) ?? 0) + d;
    if (v === 0) this.refDeltas.delete(id);
    else this.refDeltas.set(id, v);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private takeRefDeltas(): void {
    if (this.refDeltas.size === 0) return;
    const inc: string[] = [];
    const dec: string[] = [];
    for (const [id, d] of this.refDeltas) (d > 0 ? inc : dec).push(id);
    this.refDeltas.clear();
    this.outbox.push({ k: 'refs', inc, dec });
  }

  /** Posts everything queued this turn, in order. */
  flush(): void {
    this.flushScheduled = false;
    this.takeRefDeltas();
    if (this.outbox.length === 0) return;
    // Any side-port message may concern any running task (batched ref counts do), so every
    // running task's reply must now follow it on the same port.
    for (const t of this.running) t.usedSidePort = true;
    const batch = this.outbox;
    this.outbox = [];
    this.port.postMessage(batch);
  }

  /** Queues a message after any pending reference-count changes; `now` posts at once. */
  send(msg: WorkerToRaylet, now = false): void {
    this.takeRefDeltas();
    this.outbox.push(msg);
    if (now) this.flush();
    else this.scheduleFlush();
  }

  protected request<T>(build: (req: number) => WorkerToRaylet): Promise<T> {
    const req = this.nextReq++;
    const cur = this.current;
    const taskId = cur?.taskId ?? null;
    if (cur?.cancelled) return Promise.reject(cancelledError(cur));
    if (cur?.onBlock) {
      const onBlock = cur.onBlock;
      cur.onBlock = undefined;
      onBlock();
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.set(req, { taskId, resolve: resolve as (v: unknown) => void, reject });
      this.send(build(req));
    });
  }

  /** Fails every request waiting for an answer (the channel to the raylet is gone). */
  protected failPending(err: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }

  /** Set on threads that host actors: they poll for the next call before sleeping. */
  spinForCalls = false;

  private onBatch(batch: RayletToWorker[]): void {
    for (const msg of batch) this.onMessage(msg);
    if (this.spinForCalls) this.scheduleSpin();
  }

  /**
   * After handling messages, the thread keeps polling its port for a moment (once pending
   * microtasks ran) before it sleeps: back-to-back calls then find it awake, which saves a
   * cross-thread wake-up per call.
   */
  private scheduleSpin(): void {
    const port = this.port;
    if (this.spinScheduled || !(port instanceof MessagePort)) return;
    this.spinScheduled = true;
    setImmediate(() => {
      this.spinScheduled = false;
      const deadline = performance.now() + SPIN_MS;
      do {
        const m = receiveMessageOnPort(port) as { message: RayletToWorker[] } | undefined;
        if (m) {
          this.onBatch(m.message);
          return;
        }
      } while (performance.now() < deadline);
    });
  }

  private onMessage(msg: RayletToWorker): void {
    if (msg.k === 'reply') {
      const p = this.pending.get(msg.req);
      if (!p) return;
      this.pending.delete(msg.req);
      if (msg.error) p.reject(unpack(msg.error));
      else p.resolve(msg.value);
    } else if (msg.k !== 'cancelTask') {
      this.onActorMessage?.(msg);
    } else {
      let cur: CurrentTask | undefined;
      for (const t of this.running) if (t.taskId === msg.taskId) cur = t;
      if (!cur) {
        this.earlyCancels.add(msg.taskId);
        if (this.earlyCancels.size > 1000) this.earlyCancels.delete(this.earlyCancels.values().next().value!);
        return;
      }
      cur.cancelled = true;
      // Ray raises inside a cancelled task; here its pending `get`s reject, unwinding it.
      for (const [req, p] of this.pending) {
        if (p.taskId === cur.taskId) {
          this.pending.delete(req);
          p.reject(cancelledError(cur));
        }
      }
    }
  }

  /** The job of what this worker does now: its task's (a driver overrides it with its own). */
  protected jobOfWork(): JobContext | undefined {
    return this.current?.job;
  }

  submit(task: SubmittedTask): void {
    // Work a task submits belongs to the task's job.
    const job = this.current?.job;
    this.send({ k: 'submit', task: job ? { ...task, job } : task });
  }

  put(id: string, packed: { data: Uint8Array; nested?: string[]; segments?: string[] }): void {
    this.send({ k: 'put', id, data: packed.data, nested: packed.nested, segments: packed.segments });
  }

  async get(ids: string[], timeoutMs: number | undefined): Promise<unknown[]> {
    const taskId = this.current?.taskId ?? null;
    const values = await this.request<WireObject[]>((req) => ({ k: 'get', req, taskId, ids, timeoutMs }));
    // An error is the whole answer when one of the objects failed (the rest may not be ready).
    for (const v of values) if (v.isError) await decode(v);
    const out = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = await decode(values[i]!);
    return out;
  }

  wait(ids: string[], numReturns: number, timeoutMs: number | undefined): Promise<boolean[]> {
    const taskId = this.current?.taskId ?? null;
    return this.request<boolean[]>((req) => ({ k: 'wait', req, taskId, ids, numReturns, timeoutMs }));
  }

  cancel(objectId: string, force: boolean, recursive: boolean): void {
    this.send({ k: 'cancel', id: objectId, force, recursive });
  }

  streamNext(taskId: string, index: number): Promise<boolean> {
    const callerTaskId = this.current?.taskId ?? null;
    return this.request<boolean>((req) => ({ k: 'streamNext', req, taskId, index, callerTaskId }));
  }

  createActor(spec: SubmittedActor): void {
    const job = this.current?.job;
    this.send({ k: 'createActor', actor: job ? { ...spec, job } : spec });
  }

  getActor(name: string, namespace: string): Promise<{ actorId: string; fn: FunctionDescriptor } | null> {
    return this.request((req) => ({ k: 'getActor', req, name, namespace }));
  }

  killActor(actorId: string, noRestart: boolean): void {
    this.send({ k: 'killActor', actorId, noRestart });
  }

  readonly placementGroups: PlacementGroupClient = {
    create: (pg) => {
      // A group belongs to the job of the work that made it, and ends with that job.
      const job = this.jobOfWork();
      this.send({ k: 'createPg', pg: job ? { ...pg, job } : pg });
    },
    remove: (pgId) => this.send({ k: 'removePg', pgId }),
    wait: (pgId, timeoutMs) => {
      const taskId = this.current?.taskId ?? null;
      return this.request((req) => ({ k: 'waitPg', req, taskId, pgId, timeoutMs }));
    },
    lookup: (name, namespace) => this.request((req) => ({ k: 'getPg', req, name, namespace })),
    table: () => this.request((req) => ({ k: 'pgTable', req })),
  };

  availableResources(): Promise<ResourceMap> {
    return this.request<ResourceMap>((req) => ({ k: 'resources', req, which: 'available' }));
  }

  clusterResources(): Promise<ResourceMap> {
    return this.request<ResourceMap>((req) => ({ k: 'resources', req, which: 'cluster' }));
  }

  nodes(): Promise<NodeInfo[]> {
    return this.request<NodeInfo[]>((req) => ({ k: 'resources', req, which: 'nodes' }));
  }

  objectStoreStats(): Promise<ObjectStoreStats> {
    return this.request<ObjectStoreStats>((req) => ({ k: 'resources', req, which: 'store' }));
  }

  async shutdown(): Promise<void> {
    // A worker thread does not own the runtime; the driver's shutdown ends it.
  }
}

/** What a task holds when it names nothing else (see ExecuteTask.resources). */
const DEFAULT_TASK_RESOURCES: Readonly<Record<string, number>> = { CPU: 1 };

function cancelledError(task: CurrentTask): TaskCancelledError {
  return new TaskCancelledError(`Task ${task.name} was cancelled.`);
}
