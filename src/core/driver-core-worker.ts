import { availableParallelism, totalmem } from 'node:os';
import type { CoreWorker, NodeInfo, ObjectStoreStats, RuntimeContextData } from '../common/core-worker.js';
import { IdGenerator, newNodeId, newSessionTag } from '../common/ids.js';
import { ObjectTable, type StoredObject } from './object-table.js';
import { LocalReferenceCounter } from './reference-counter.js';
import { TaskManager, type TaskRecord } from './task-manager.js';
import { WorkerRequests } from './worker-requests.js';
import { ActorManager } from './actor-manager.js';
import type { PlacementGroupClient } from '../common/placement-group.js';
import { PlacementGroupManager } from './placement-group-manager.js';
import { Raylet } from '../raylet/raylet.js';
import type { ResourceMap } from '../common/resources.js';
import { resourceRequest, type ResourceRequest } from '../raylet/resources.js';
import { InMemoryGcsTables } from '../gcs/gcs-tables.js';
import { pack, unpackWithClasses } from '../serialization/serializer.js';
import { FunctionNotFoundError, GetTimeoutError, RuntimeEnvSetupError, TaskCancelledError, TaskError } from '../common/errors.js';
import { embeddedCodeRoots } from '../runtime-env/working-dir.js';
import { unlinkSegments } from '../objectstore/shared-arrays.js';
import { removeDeadSessions, sessionDir, sessionSegmentPrefix, sessionSegments } from '../objectstore/session-files.js';
import { ObjectStore } from '../objectstore/object-store.js';
import { join } from 'node:path';
import { rmSync, statfsSync } from 'node:fs';
import { runtimeState } from '../common/runtime-state.js';
import type { ExecuteTask, FunctionDescriptor, RayletToWorker, SubmittedActor, SubmittedTask, TaskReply, WireObject, WorkerBootData, WorkerToRaylet } from '../common/protocol.js';

/** How long `get` polls worker replies before it waits on the event loop. */
const SPIN_US = 200;

export interface EmbeddedClusterOptions {
  numCpus?: number;
  numGpus?: number;
  /** Ids of the node's GPUs (detected, or fake ones for `numGpus`); default 0..numGpus-1. */
  gpuIds?: number[];
  resources?: ResourceMap;
  namespace?: string;
  objectStoreMemory?: number;
  objectSpillingDirectory?: string;
  logToDriver?: boolean;
  workerHeapLimitMb?: number;
  /**
   * The folders (`file:` URL prefixes) whose modules workers may import besides job packages;
   * default: the driver's project (`embeddedCodeRoots`). A raylet daemon gives its code search path.
   */
  codeRoots?: string[];
}

/** The modules that made remote functions in this thread so far (their URLs). */
function registeredModuleUrls(): string[] {
  return [...new Set([...runtimeState().functions.keys()].map((k) => k.slice(0, k.indexOf('#'))))];
}

/**
 * The driver's core worker in embedded mode. It owns every object of the node (the driver's and
 * those its workers create), runs the in-memory GCS tables and the raylet, and answers worker
 * threads' requests.
 */
export class DriverCoreWorker implements CoreWorker {
  readonly references: LocalReferenceCounter;
  readonly objects = new ObjectTable();
  readonly tasks: TaskManager;
  readonly raylet: Raylet<TaskRecord>;
  readonly gcs = new InMemoryGcsTables();
  readonly actors: ActorManager;
  readonly placementGroups: PlacementGroupClient;
  /** The placement-group table (the GCS's, in embedded mode; each owner's in a cluster for now). */
  readonly pgs: PlacementGroupManager;
  private readonly ids: IdGenerator;
  private readonly ctx: RuntimeContextData;
  /** Answers the node's worker threads and attached clients. */
  private readonly requests = new WorkerRequests(this);
  /**
   * Keeps the process alive while the driver awaits results (a `get`, `wait` or stream), and
   * only then: idle worker threads and side ports do not, so a program that forgets
   * `shutdown()` still exits.
   */
  private readonly keepAlive = setInterval(() => {}, 2 ** 30).unref();
  private awaiting = 0;
  /** File-name prefix (in /dev/shm) of every segment of this session, any thread or process. */
  private readonly segmentSession: string;
  /** The session's temp folder (spill files by default), removed at shutdown. */
  private readonly sessionDir: string;
  /** The node's shared-memory store; null when the native addon is not built. */
  private readonly store: ObjectStore | null;
  /** In a raylet daemon: makes the code a module URL names importable here (a job's package). */
  prepareCode: ((moduleUrl: string) => Promise<void>) | undefined;
  /** Tasks run here for owners on other nodes, by task id. */
  private readonly foreign = new Map<string, ForeignTask>();
  /** What the node's workers (and attached clients) are told at start. */
  readonly boot: WorkerBootData;
  /**
   * In a raylet daemon, the cluster as the GCS sees it: `ray.nodes()` and the cluster's
   * resources come from it rather than from this node alone.
   */
  clusterView: { nodes(): NodeInfo[]; totals(): ResourceMap; available(): ResourceMap } | undefined;
  /** In a raylet daemon, its object manager's counters (`objectStoreStats().transfers`). */
  transferStats: (() => NonNullable<ObjectStoreStats['transfers']>) | undefined;

  constructor(options: EmbeddedClusterOptions) {
    const session = newSessionTag();
    this.ids = new IdGenerator(`${session}d`);
    const nodeId = newNodeId();
    const jobId = '01000000';
    const namespace = options.namespace ?? `anonymous-${session}`;
    this.ctx = { jobId, nodeId, namespace, workerId: `driver-${process.pid}`, taskId: null, actorId: null, gpuIds: [] };
    const objectStoreMemory = storeCapacity(options.objectStoreMemory);
    const resources: ResourceMap = {
      CPU: options.numCpus ?? availableParallelism(),
      GPU: options.numGpus ?? 0,
      memory: Math.max(Math.floor(totalmem() * 0.7) - objectStoreMemory, Math.floor(totalmem() * 0.1)),
      object_store_memory: objectStoreMemory,
      [`node:127.0.0.1`]: 1,
      ...options.resources,
    };
    // Leftovers of sessions killed before they could clean up go first: they hold memory.
    removeDeadSessions(unlinkSegments);
    this.segmentSession = sessionSegmentPrefix(process.pid, session);
    const spillDir = options.objectSpillingDirectory
      ? join(options.objectSpillingDirectory, `session-${process.pid}.${session}`)
      : join(sessionDir(process.pid, session), 'spill');
    this.sessionDir = sessionDir(process.pid, session);
    this.store = ObjectStore.create({ prefix: this.segmentSession, capacity: objectStoreMemory, spillDir });
    const store = this.store ? { prefix: this.segmentSession, spillDir } : undefined;
    this.raylet = new Raylet<TaskRecord>({
      nodeId,
      resources,
      boot: (this.boot = { nodeId, jobId, namespace, logToDriver: options.logToDriver ?? true, session, driverPid: process.pid, store, codeRoots: options.codeRoots ?? embeddedCodeRoots(registeredModuleUrls()) }),
      heapLimitMb: options.workerHeapLimitMb,
      gpuIds: options.gpuIds,
    });
    this.tasks = new TaskManager(this.objects, this.raylet);
    const cpus = Math.ceil(resources.CPU ?? 1);
    this.actors = new ActorManager(this.objects, this.tasks, this.raylet, Math.max(1, Math.min(4, cpus)));
    this.tasks.actorCalls = this.actors;
    this.pgs = new PlacementGroupManager(this.raylet, (pgId, why) => this.onGroupRemoved(pgId, why));
    this.tasks.placementGroups = this.pgs;
    this.actors.placementGroups = this.pgs;
    this.raylet.onNodeFreed = () => this.pgs.retryPending();
    this.placementGroups = {
      create: (spec) => this.pgs.create(spec),
      remove: (pgId) => this.pgs.remove(pgId),
      wait: (pgId, timeoutMs) => this.awaitResult(this.pgs.wait(pgId, timeoutMs)),
      lookup: (name, namespace) => this.pgs.lookup(name, namespace),
      table: () => this.pgs.table(),
    };
    this.objects.onFree = (id, value) => {
      if (value?.segments) {
        if (this.store) this.store.release(id);
        else unlinkSegments(value.segments);
      }
      this.tasks.onObjectFreed(id);
      this.actors.onObjectFreed(id);
    };
    this.raylet.setHost({
      onTaskReply: (t, attempt, reply) => {
        if (isForeign(t)) this.foreignDone(t, reply);
        else this.tasks.onTaskReply(t, attempt, reply);
      },
      onTaskFailure: (t, attempt, err, collateral) => {
        if (isForeign(t)) this.foreignDone(t, t.cancelReply, err);
        else this.tasks.onTaskFailure(t, attempt, err, collateral);
      },
      onWorkerMessage: (tid, msg) => this.requests.onMessage(tid, msg),
      onThreadExit: (tid) => this.requests.threadExited(tid),
    });
    if (this.store) {
      const owned = this.store;
      this.objects.onSeal = (id, value) => {
        if (value.segments) owned.track(id, value.segments);
      };
      this.objects.onRead = (id) => owned.use(id);
    }
    const state = runtimeState();
    state.segmentPrefix = `${this.segmentSession}d`;
    state.store = store;
    state.makeRoom = this.store ? (bytes) => this.store!.makeRoom(bytes) : undefined;
    this.references = new LocalReferenceCounter(
      (id) => this.objects.addRef(id),
      (id) => this.objects.removeRef(id),
    );
    this.gcs.registerNode({ nodeId, alive: true, address: '127.0.0.1', resources: this.raylet.pool.totals(), isHead: true });
    this.gcs.registerJob({ jobId, namespace, startTime: Date.now(), endTime: null, driverPid: process.pid });
  }

  context(): RuntimeContextData {
    return this.ctx;
  }

  currentTaskId(): string | null {
    return null;
  }

  newTaskId(): string {
    return this.ids.task();
  }

  newPutId(): string {
    return this.ids.put();
  }

  submit(task: SubmittedTask): void {
    this.tasks.submit(task);
  }

  put(id: string, packed: StoredObject): void {
    this.objects.seal(id, packed);
  }

  async get(ids: string[], timeoutMs: number | undefined): Promise<unknown[]> {
    // The objects stay alive meanwhile: `ray.get` keeps the caller's refs reachable until the
    // values are decoded (see keepAlive in api/objects.ts), in this thread as in workers.
    if (ids.length === 1 && this.objects.isReady(ids[0]!)) return [await decode(this.objects.read(ids[0]!)!)];
    const allReady = (): boolean => ids.every((id) => this.objects.isReady(id));
    // An actor's reply (it comes on a side port, often within microseconds) is taken off the
    // ports right here: waiting on the event loop would cost a wake-up of this thread, longer
    // than the reply itself. Task replies come through piscina, which needs the event loop.
    if (!allReady() && ids.some((id) => this.tasks.isActorCallResult(id))) this.raylet.poll(SPIN_US, allReady);
    if (!allReady()) await this.awaitResult(this.objects.whenAllReady(ids, timeoutMs));
    // One error raises, whether or not the others are ready (Ray's rule).
    const failed = this.objects.firstError(ids);
    if (failed) await decode(failed);
    const values = ids.map((id) => this.objects.read(id)!);
    const out = new Array<unknown>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = await decode(values[i]!);
    return out;
  }

  /** Runs `op` with the process kept alive until it settles. */
  private async awaitResult<T>(op: Promise<T>): Promise<T> {
    if (this.awaiting++ === 0) this.keepAlive.ref();
    try {
      return await op;
    } finally {
      if (--this.awaiting === 0) this.keepAlive.unref();
    }
  }

  wait(ids: string[], numReturns: number, timeoutMs: number | undefined): Promise<boolean[]> {
    return this.awaitResult(this.objects.waitFor(ids, numReturns, timeoutMs));
  }

  cancel(objectId: string, force: boolean, recursive: boolean): void {
    this.tasks.cancel(objectId, force, recursive);
  }

  streamNext(taskId: string, index: number): Promise<boolean> {
    return this.awaitResult(this.tasks.streamNext(taskId, index));
  }

  createActor(spec: SubmittedActor): void {
    this.actors.create(spec);
  }

  async getActor(name: string, namespace: string): Promise<{ actorId: string; fn: FunctionDescriptor } | null> {
    const actorId = this.actors.lookup(name, namespace);
    if (actorId !== undefined) return { actorId, fn: this.actors.descriptorOf(actorId)! };
    // In a cluster, another node may own it: the GCS knows every named actor.
    return (await this.actors.remote?.lookup(name, namespace)) ?? null;
  }

  killActor(actorId: string): void {
    this.actors.kill(actorId);
  }

  async availableResources(): Promise<ResourceMap> {
    return this.clusterView?.available() ?? this.raylet.pool.availableNow();
  }

  async clusterResources(): Promise<ResourceMap> {
    return this.clusterView?.totals() ?? this.raylet.pool.totals();
  }

  async nodes(): Promise<NodeInfo[]> {
    return this.clusterView?.nodes() ?? [...this.gcs.nodes.values()].map((n) => ({ ...n, resources: { ...n.resources } }));
  }

  /**
   * Runs a task for an owner on another node: its arguments are resolved (their buffers are in
   * this node's store), and the reply goes back to that owner rather than into this node's
   * object table.
   */
  async runForeign(exec: ExecuteTask, resources: ResourceMap, bundle?: { pgId: string; bundleIndex: number }, spillable = false): Promise<TaskReply | SpilledBack> {
    try {
      await this.prepareCode?.(exec.fn.moduleUrl);
    } catch (e) {
      // Code this node refuses to run (a module outside the job's package, a package that fails
      // its hash) is the task's error, as it would be on any node: nothing to retry elsewhere.
      if (e instanceof FunctionNotFoundError || e instanceof RuntimeEnvSetupError) {
        const err = e instanceof FunctionNotFoundError ? new TaskError(exec.fn.name, e) : e;
        return { error: { data: pack(err, 'the error').data, classNames: [] } };
      }
      throw e;
    }
    return new Promise<TaskReply | SpilledBack>((resolve, reject) => {
      const task: ForeignTask = { request: resourceRequest(resources), exec, lease: undefined, leaseBlocked: false, bundle, foreign: { resolve, reject } };
      if (spillable && bundle === undefined) task.spillable = resources;
      this.foreign.set(exec.taskId, task);
      this.raylet.schedule(task as unknown as TaskRecord);
    });
  }

  /**
   * A job ended (its driver exited or died; Ray ends its work with it). What this node owns for
   * it goes: its tasks are cancelled, its non-detached actors killed and its non-detached
   * placement groups removed (the objects it held went when its client detached). Tasks run
   * here for the job by other nodes' owners end too. Idempotent: the driver's raylet calls it
   * when the driver leaves, and every raylet when the GCS says the job is over.
   */
  endJob(jobId: string): void {
    const why = `its job ${jobId} ended`;
    this.tasks.cancelJob(jobId, why);
    this.actors.killOfJob(jobId, why);
    this.pgs.removeOfJob(jobId);
    for (const task of [...this.foreign.values()]) {
      if (task.exec.job?.jobId !== jobId) continue;
      const error = new TaskCancelledError(`Task ${task.exec.fn.name} was cancelled: ${why}.`);
      const reply: TaskReply = { error: { data: pack(error, 'an error').data, classNames: [] } };
      if (task.lease) {
        // Its worker goes; its owner hears of a cancellation, not of a failed node.
        task.cancelReply = reply;
        this.raylet.interrupt(task as unknown as TaskRecord, true);
      } else if (this.raylet.unqueue(task as unknown as TaskRecord)) {
        this.foreignDone(task, reply);
      }
    }
  }

  /**
   * Spillback: hands queued tasks that cannot start here now to other nodes. `plan` says, for
   * the resources of each candidate, which node it goes to (or none: it stays queued). A task
   * this node owns goes with `send`; a task run for an owner elsewhere is answered "spilled back
   * to that node", and its owner sends it there (Ray's retry_at_raylet_address), since the
   * owner keeps the task's record and arguments. Left out: actor hosts, actor calls, streaming
   * and placement-group work, and tasks with node affinity, which must run where they are.
   * Returns how many left.
   */
  spillQueued(plan: (needs: ResourceMap[]) => Array<string | undefined>, send: (record: TaskRecord, nodeId: string) => void): number {
    const candidates: Array<{ task: TaskRecord | ForeignTask; resources: ResourceMap }> = [];
    for (const t of this.raylet.blocked(SPILL_BATCH) as unknown[]) {
      if (isForeign(t)) {
        if (t.spillable !== undefined) candidates.push({ task: t, resources: t.spillable });
      } else if (isSpillableRecord(t)) {
        candidates.push({ task: t, resources: t.spec.resources });
      }
    }
    if (candidates.length === 0) return 0;
    const targets = plan(candidates.map((c) => c.resources));
    const moving = candidates.flatMap(({ task }, i) => (targets[i] === undefined ? [] : [{ task, nodeId: targets[i]! }]));
    // All out of the queue first: sending one may queue work here again.
    this.raylet.takeBlocked(moving.map((m) => m.task as TaskRecord), SPILL_BATCH);
    for (const { task, nodeId } of moving) {
      if (!isForeign(task)) {
        send(task, nodeId);
        continue;
      }
      this.foreign.delete(task.exec.taskId);
      task.foreign.resolve({ spillTo: nodeId });
    }
    return moving.length;
  }

  /** A worker's result of a task run for another node (see runForeign). */
  foreignTaskResult(taskId: string, reply: TaskReply): void {
    const foreign = this.foreign.get(taskId);
    if (foreign) this.foreignDone(foreign, reply);
  }

  private foreignDone(task: ForeignTask, reply: TaskReply | undefined, err?: unknown): void {
    if (this.foreign.get(task.exec.taskId) !== task) return;
    this.foreign.delete(task.exec.taskId);
    this.raylet.finished(task as unknown as TaskRecord);
    if (reply) task.foreign.resolve(reply);
    else task.foreign.reject(err);
  }

  /** This node's own resources (whatever the cluster view says). */
  totalsOfNode(): ResourceMap {
    return this.raylet.pool.totals();
  }

  availableOfNode(): ResourceMap {
    return this.raylet.pool.availableNow();
  }

  /** Tasks waiting for resources on this node. */
  pendingTasks(): number {
    return this.raylet.queued;
  }

  /**
   * Attaches a client (a driver on this node, over the raylet's socket): it speaks the worker
   * protocol, and this runtime owns what it creates, as for a worker thread. `detach` releases
   * its references, as when a thread dies.
   */
  attachClient(send: (msg: RayletToWorker) => void): { deliver(batch: WorkerToRaylet[]): void; detach(): void } {
    const key = this.raylet.attachClient(send);
    return {
      deliver: (batch) => {
        for (const msg of batch) this.requests.onMessage(key, msg);
      },
      detach: () => {
        this.raylet.detachClient(key);
        this.requests.threadExited(key);
      },
    };
  }

  async objectStoreStats(): Promise<ObjectStoreStats> {
    return this.storeStats();
  }

  /** The store's counters now (the async `objectStoreStats` answers the API). */
  storeStats(): ObjectStoreStats {
    const stats: ObjectStoreStats = this.store?.stats() ?? { capacity: 0, used: 0, fallback: 0, objects: 0, spilled: 0 };
    if (this.transferStats) stats.transfers = this.transferStats();
    return stats;
  }

  /** A placement group is being removed: its actors die and its tasks end, then its bundles go back. */
  private onGroupRemoved(pgId: string, why: string): void {
    this.actors.killInGroup(pgId, why);
    for (const t of this.raylet.takeQueuedInGroup(pgId)) {
      this.tasks.failTask(t, new TaskCancelledError(`Task ${t.spec.fn.name} was cancelled before it ran: ${why}.`));
    }
    for (const t of this.raylet.runningInGroup(pgId)) {
      this.tasks.abort(t, new TaskCancelledError(`Task ${t.spec.fn.name} was cancelled: ${why}, and its worker was terminated.`));
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.keepAlive);
    this.references.dispose();
    this.tasks.cancelAll();
    this.actors.close();
    this.pgs.close();
    await this.raylet.close();
    this.objects.clear();
    // Segments still named (objects alive at shutdown, or made by a worker that died before it
    // said so) go with the session.
    const state = runtimeState();
    delete state.segmentPrefix;
    delete state.store;
    delete state.makeRoom;
    this.store?.close();
    unlinkSegments(sessionSegments(this.segmentSession));
    rmSync(this.sessionDir, { recursive: true, force: true });
    this.gcs.finishJob(this.ctx.jobId);
  }
}

/** Turns a stored object into its value, throwing it if it is an error. */
export async function decode(v: WireObject | StoredObject): Promise<unknown> {
  const value = unpackWithClasses(v.data);
  const resolved = value instanceof Promise ? await value : value;
  if (v.isError) throw resolved;
  return resolved;
}

/**
 * The store's capacity: `objectStoreMemory`, else 30% of RAM (Ray's default), and never more
 * than /dev/shm can hold (a write past it would crash the writer with SIGBUS).
 */
function storeCapacity(requested: number | undefined): number {
  let shmFree = Infinity;
  try {
    const fs = statfsSync('/dev/shm');
    shmFree = fs.bavail * fs.bsize;
  } catch {
    // no /dev/shm: the addon falls back to inline values anyway
  }
  const wanted = requested ?? Math.floor(totalmem() * 0.3);
  return Math.max(0, Math.min(wanted, Math.floor(shmFree * 0.9)));
}

/** At most this many queued tasks of each shape are looked at per spillback pass. */
const SPILL_BATCH = 256;

/** A task run for an owner on another node (see runForeign). */
interface ForeignTask {
  readonly request: ResourceRequest;
  exec: ExecuteTask;
  lease: undefined | TaskRecord['lease'];
  leaseBlocked: boolean;
  /** The placement-group bundle it runs in, reserved on this node. */
  readonly bundle?: { pgId: string; bundleIndex: number } | undefined;
  foreign: { resolve: (reply: TaskReply | SpilledBack) => void; reject: (err: unknown) => void };
  /** Set when its job ended: the answer its owner gets once its terminated worker is gone. */
  cancelReply?: TaskReply;
  /** Its resources, when its owner lets it be spilled back to another node. */
  spillable?: ResourceMap;
}

/** A foreign task's answer when this node gave it back: its owner sends it to `spillTo`. */
export interface SpilledBack {
  spillTo: string;
}

/** An owned task queued here that may run on another node instead (see spillQueued). */
function isSpillableRecord(t: unknown): t is TaskRecord {
  const r = t as Partial<TaskRecord>;
  return r.spec !== undefined && r.spec.actorId === undefined && !r.spec.streaming && r.bundle === undefined &&
    typeof r.spec.nodeStrategy !== 'object' && r.state === 'scheduled';
}

function isForeign(t: unknown): t is ForeignTask {
  return (t as Partial<ForeignTask>).foreign !== undefined;
}
