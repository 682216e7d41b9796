import type { ObjectTable, StoredObject } from './object-table.js';
import type { Raylet, RunnableTask } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import { actorHandleId, returnId, streamId, streamItemId, producingTask, type ExecuteTask, type PlacementTarget, type SubmittedTask, type TaskReply } from '../common/protocol.js';
import { pack, unpack } from '../serialization/serializer.js';
import { unlinkSegments } from '../objectstore/shared-arrays.js';
import { ObjectLostError, OutOfMemoryError, TaskCancelledError, TaskError, TaskUnschedulableError, WorkerCrashedError } from '../common/errors.js';
import { Lineage } from './lineage.js';

/** Waiting for arguments; handed to the raylet (queued or running); done. */
type TaskState = 'deps' | 'scheduled' | 'finished';

/** A task the owner is responsible for, from submission until its results are sealed. */
export interface TaskRecord extends RunnableTask {
  readonly spec: SubmittedTask;
  state: TaskState;
  attempt: number;
  retriesLeft: number;
  cancelled: boolean;
  /** Cancelled with `force`: its worker was terminated. */
  forced: boolean;
  /** Outstanding blocking `get`/`wait` calls from inside the task. */
  blockedCalls: number;
  children: string[] | undefined;
  /** Its placement group: given, or captured from its parent. */
  bundle: PlacementTarget | undefined;
  /** Set when it was cancelled for a reason of its own (its placement group was removed). */
  cancelError?: Error;
}

/** A `get` (or `wait`, ...) of one attempt of a task, blocked on the raylet (see TaskManager.blocked). */
export interface BlockedCall {
  readonly record: TaskRecord;
  readonly attempt: number;
}

/** Checks work asking for a placement group (set by the driver; see PlacementGroupManager). */
export interface PlacementGroupCheck {
  /** Why work needing these resources can never run in the target, or null. */
  problem(target: PlacementTarget, resources: Record<string, number>): string | null;
}

interface StreamState {
  count: number;
  done: boolean;
  waiters: Array<() => void> | undefined;
}

/**
 * Task lifecycle on the owner: resolves arguments, hands ready tasks to the raylet, seals results,
 * retries failed attempts (`maxRetries`, `retryExceptions`), cancels, and tracks streams.
 */
/** Where actor method calls go instead of the raylet's queue (the actor manager). */
export interface ActorCallRouter {
  registerCall(task: TaskRecord): void;
  callReady(task: TaskRecord): void;
  callFinished(task: TaskRecord): void;
  /** The group an actor's children are captured into, if it was created with captureChildTasks. */
  capturingGroupOf(actorId: string): PlacementTarget | undefined;
}

/** Sends tasks to other nodes (cluster mode); `place` is false for those this node runs. */
export interface RemotePlacement {
  place(record: TaskRecord): boolean;
  /** A task in a placement group: false if this node runs it (holds its bundle). */
  placeInGroup?(record: TaskRecord): boolean;
}

export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly streams = new Map<string, StreamState>();
  actorCalls: ActorCallRouter | undefined;
  placementGroups: PlacementGroupCheck | undefined;
  remote: RemotePlacement | undefined;
  /** The specs of finished tasks whose results may have to be made again (cluster mode). */
  readonly lineage = new Lineage();

  constructor(
    private readonly objects: ObjectTable,
    private readonly raylet: Raylet<TaskRecord>,
  ) {}

  get size(): number {
    return this.tasks.size;
  }

  get(taskId: string): TaskRecord | undefined {
    return this.tasks.get(taskId);
  }

  /** Whether an object is the pending result of an actor method call. */
  isActorCallResult(objectId: string): boolean {
    const taskId = producingTask(objectId);
    return taskId !== null && this.tasks.get(taskId)?.spec.actorId !== undefined;
  }

  submit(spec: SubmittedTask, retriesLeft?: number): void {
    const record: TaskRecord = {
      spec,
      request: resourceRequest(spec.resources),
      exec: undefined,
      forced: false,
      lease: undefined,
      leaseBlocked: false,
      state: 'deps',
      attempt: 0,
      retriesLeft: retriesLeft ?? (spec.maxRetries < 0 ? Infinity : spec.maxRetries),
      cancelled: false,
      blockedCalls: 0,
      children: undefined,
      bundle: spec.placement ?? undefined,
    };
    this.tasks.set(spec.taskId, record);
    if (spec.parentTaskId) {
      const parent = this.tasks.get(spec.parentTaskId);
      if (parent) {
        (parent.children ??= []).push(spec.taskId);
        if (spec.placement === undefined) record.bundle = this.capturedBy(parent);
      }
    }
    const objects = this.objects;
    if (spec.streaming) {
      objects.createPending(streamId(spec.taskId));
      this.streams.set(spec.taskId, { count: 0, done: false, waiters: undefined });
    } else {
      for (let i = 0; i < spec.numReturns; i++) objects.createPending(returnId(spec.taskId, i));
    }
    // The task holds its arguments until it finishes (retries need them).
    for (const [, id] of spec.argRefs) objects.addRef(id);
    if (spec.nestedRefs) for (const id of spec.nestedRefs) objects.addRef(id);
    if (spec.actorId !== undefined) {
      objects.addRef(actorHandleId(spec.actorId)); // a pending call keeps its actor alive
      this.actorCalls!.registerCall(record);
      if (record.state === 'finished') return; // the actor is dead
    }

    if (record.bundle !== undefined && this.failIfOutsideGroup(record)) return;
    // With other nodes, what this one cannot run may run elsewhere: the placement decides.
    const infeasible = this.remote || record.bundle !== undefined ? null : this.raylet.infeasibility(record.request);
    if (infeasible !== null) {
      this.fail(record, new TaskUnschedulableError(
        `Task ${spec.fn.name} can never be scheduled: no node has the resources it requests (${infeasible}). ` +
        `Request fewer resources, or start the cluster with more (init({ numCpus, numGpus, resources })).`));
      return;
    }
    const deps = spec.argRefs;
    if (deps.length === 0) {
      this.onDepsReady(record);
      return;
    }
    let missing = deps.length;
    const ready = (): void => {
      if (--missing === 0) this.onDepsReady(record);
    };
    // A task may run on the node keeping an argument (see RemoteTasks.place); an actor call
    // runs where its actor is, which reads its arguments from here.
    if (spec.actorId !== undefined) for (const [, id] of deps) objects.whenReady(id, ready);
    else for (const [, id] of deps) objects.whenAvailable(id, ready);
  }

  private onDepsReady(record: TaskRecord): void {
    if (record.state !== 'deps') return;
    const spec = record.spec;
    let refArgs: Array<[number, Uint8Array]> | undefined;
    if (spec.argRefs.length > 0) {
      refArgs = [];
      for (const [index, id] of spec.argRefs) {
        const value: { data: Uint8Array; isError?: boolean } = this.objects.read(id) ?? this.objects.location(id)!;
        // An argument that is an error fails the task with that error, unrun (Ray's rule).
        if (value.isError) {
          this.finish(record, { data: this.asTaskError(record, value.data), isError: true });
          return;
        }
        refArgs.push([index, value.data]);
      }
    }
    record.exec = {
      taskId: spec.taskId,
      attempt: record.attempt,
      job: spec.job,
      fn: spec.fn,
      args: spec.args,
      refArgs,
      numReturns: spec.numReturns,
      streaming: spec.streaming || undefined,
      actorId: spec.actorId,
      method: spec.method,
      isolation: spec.isolation,
      resources: spec.actorId === undefined && !isDefaultTaskRequest(spec.resources) ? spec.resources : undefined,
      pgId: record.bundle?.pgId,
    } satisfies ExecuteTask;
    if (spec.actorId !== undefined) {
      record.state = 'scheduled';
      this.actorCalls!.callReady(record);
      return;
    }
    this.enqueue(record);
  }

  /**
   * The error a task fails with when an argument is one: a task's error passes through as it is;
   * any other (an actor's death, a cancel) becomes this task's TaskError, which is an instance
   * of both (Ray's rule).
   */
  private asTaskError(record: TaskRecord, data: Uint8Array): Uint8Array {
    const err = unpack(data);
    if (err instanceof TaskError) return data;
    const { fn, method } = record.spec;
    return pack(new TaskError(method === undefined ? fn.name : `${fn.name}.${method}`, err), 'an error').data;
  }

  private enqueue(record: TaskRecord): void {
    record.state = 'scheduled';
    if (record.bundle !== undefined) {
      // Placement-group work runs where its bundles are reserved; the group may be gone by now.
      if (this.failIfOutsideGroup(record) || this.remote?.placeInGroup?.(record)) return;
      this.scheduleHere(record);
      return;
    }
    if (this.remote?.place(record)) return;
    this.scheduleHere(record);
  }

  /**
   * Queues a task on this node's raylet, once every argument is here: one kept on another
   * node (a result left where it was made) is fetched first.
   */
  private scheduleHere(record: TaskRecord): void {
    if (!this.remote) {
      this.raylet.schedule(record);
      return;
    }
    const ids = record.spec.argRefs.map(([, id]) => id);
    const away = ids.filter((id) => !this.objects.isReady(id));
    if (away.length === 0) {
      this.raylet.schedule(record);
      return;
    }
    let missing = away.length;
    const attempt = record.attempt;
    for (const id of away) {
      this.objects.whenReady(id, () => {
        if (--missing > 0 || record.state !== 'scheduled' || record.attempt !== attempt) return;
        const failed = this.objects.firstError(ids);
        if (failed) this.finish(record, { data: this.asTaskError(record, failed.data), isError: true });
        else this.raylet.schedule(record);
      });
    }
  }

  /**
   * A task sent to another node found argument `lost` gone from where it was kept: it waits
   * for a copy of it here (fetched, or made again), then is placed again with the same attempt.
   */
  awaitArguments(record: TaskRecord, attempt: number, lost: string): void {
    if (record.attempt !== attempt || record.state === 'finished') return;
    record.state = 'deps';
    let missing = record.spec.argRefs.length;
    const ready = (): void => {
      if (--missing === 0) this.onDepsReady(record);
    };
    for (const [, id] of record.spec.argRefs) {
      if (id === lost) this.objects.whenReady(id, ready);
      else this.objects.whenAvailable(id, ready);
    }
  }

  /**
   * Makes a lost task result again (Ray's lineage reconstruction): re-runs the task that made
   * it, within its `maxRetries`, and first, the same way, the tasks that made its arguments if
   * their values are gone too. Null once it is being made again; else the ObjectLostError it
   * fails with (a `ray.put` object, an actor call's result, no retries left).
   */
  reconstruct(id: string, reason: string): Error | null {
    const taskId = producingTask(id);
    if (taskId !== null && this.tasks.has(taskId)) return null;
    const r = this.lineage.reexecute(id);
    if ('why' in r) return new ObjectLostError(id, `${reason}; it cannot be made again: ${r.why}.`);
    const spec = r.spec;
    for (let i = 0; i < spec.numReturns; i++) this.objects.unlocate(returnId(spec.taskId, i));
    this.submit(spec, r.retriesLeft);
    for (const [, arg] of spec.argRefs) {
      if (this.objects.isAvailable(arg) || this.objects.foreign?.isForeign(arg)) continue;
      const err = this.reconstruct(arg, `it was freed, and task ${spec.fn.name} being run again to make ${id} needs it`);
      if (err) this.objects.seal(arg, { data: pack(err, 'an error').data, isError: true });
    }
    return null;
  }

  /**
   * The placement group a parent's child joins when it names no strategy (Ray's
   * captureChildTasks): any bundle of the parent's group, and the child captures in turn.
   */
  capturedBy(parent: TaskRecord): PlacementTarget | undefined {
    const b = parent.bundle;
    if (b?.captureChildTasks) return { pgId: b.pgId, bundleIndex: -1, captureChildTasks: true };
    return parent.spec.actorId === undefined ? undefined : this.actorCalls?.capturingGroupOf(parent.spec.actorId);
  }

  /** Fails a task whose placement group is gone or can never hold it; true if it did. */
  private failIfOutsideGroup(record: TaskRecord): boolean {
    const problem = this.placementGroups?.problem(record.bundle!, record.spec.resources) ?? null;
    if (problem === null) return false;
    this.fail(record, new TaskUnschedulableError(`Task ${record.spec.fn.name} can never be scheduled: ${problem}.`));
    return true;
  }

  /**
   * Ends a task with `error` whether it waits or runs (its placement group was removed): a
   * running task's worker is terminated, as Ray kills the workers of a removed group's bundles.
   */
  abort(record: TaskRecord, error: Error): void {
    if (record.state === 'finished') return;
    record.cancelled = true;
    record.cancelError = error;
    if (record.state === 'deps' || this.raylet.unqueue(record)) {
      this.fail(record, error);
      return;
    }
    record.forced = true;
    this.raylet.interrupt(record, true);
  }

  /**
   * Ends every unfinished task of a job that ended (Ray cancels them with it): waiting ones
   * fail, running ones lose their worker. Actor calls are left to their actors (a non-detached
   * one dies with the job; a detached one outlives it). A task running on another node fails
   * here at once: nobody is left to wait for it, and that node ends it when it hears of the
   * job's end (its reply, should one come, finds the task finished and is dropped).
   */
  cancelJob(jobId: string, why: string): void {
    for (const record of [...this.tasks.values()]) {
      if (record.state === 'finished' || record.spec.actorId !== undefined || record.spec.job?.jobId !== jobId) continue;
      const error = new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled: ${why}.`);
      this.abort(record, error);
      // (A finished task has left the table.)
      if (this.tasks.has(record.spec.taskId) && record.lease === undefined) this.fail(record, error);
    }
  }

  /** Queues a task again (cluster placement: the group it waited for is placed now). */
  requeue(record: TaskRecord): void {
    if (record.state !== 'finished') this.enqueue(record);
  }

  /** Queues a task on this node, without placing it again (spillback named this node). */
  queueHere(record: TaskRecord): void {
    if (record.state === 'finished') return;
    record.state = 'scheduled';
    this.scheduleHere(record);
  }

  /** Fails a task with the given error (cluster placement: its node is gone). */
  failWith(record: TaskRecord, err: Error): void {
    this.fail(record, err);
  }

  /** Fails a task that no node can run (cluster placement found none). */
  failUnschedulable(record: TaskRecord, why: string): void {
    this.fail(record, new TaskUnschedulableError(
      `Task ${record.spec.fn.name} can never be scheduled: ${why}. Request fewer resources, or add nodes with more (tsray start --address ...).`));
  }

  /**
   * A task's reply. `kept`: indexes of results left on the node that ran it, which the caller
   * records with `objects.locate` right after (they are not sealed here).
   */
  onTaskReply(record: TaskRecord, attempt: number, reply: TaskReply, kept?: ReadonlySet<number>): void {
    if (record.attempt !== attempt || record.state === 'finished') return;
    this.raylet.finished(record);
    if (record.cancelled) {
      this.fail(record, record.cancelError ?? new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled.`));
      return;
    }
    if (reply.error) {
      const { retryExceptions } = record.spec;
      const retriable = retryExceptions === true ||
        (Array.isArray(retryExceptions) && reply.error.classNames.some((n) => retryExceptions.includes(n)));
      if (retriable && record.retriesLeft > 0) {
        this.retry(record);
        return;
      }
      this.finish(record, { data: reply.error.data, isError: true });
      return;
    }
    const returns = reply.returns ?? [];
    if (record.spec.streaming) {
      this.endStream(record.spec.taskId);
    } else {
      // Kept before the seal: a result nobody holds is freed at once, and releases its hold.
      if (this.remote) this.lineage.keep(record.spec, record.retriesLeft);
      for (let i = 0; i < record.spec.numReturns; i++) {
        if (kept?.has(i)) continue;
        const r = returns[i]!;
        this.objects.seal(returnId(record.spec.taskId, i), r);
      }
    }
    this.release(record);
  }

  onTaskFailure(record: TaskRecord, attempt: number, error: unknown, collateral: boolean): void {
    if (record.attempt !== attempt || record.state === 'finished') return;
    this.raylet.finished(record);
    if (record.cancelled) {
      this.fail(record, record.cancelError ?? new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled${record.forced ? ' (its worker was terminated)' : ''}.`));
      return;
    }
    if (collateral) {
      // Its thread was terminated to cancel another task: not its failure, so no retry is spent.
      record.retriesLeft++;
      this.retry(record);
      return;
    }
    if (record.retriesLeft > 0) {
      this.retry(record);
      return;
    }
    const e = error as { code?: string; message?: string };
    const tries = record.attempt + 1;
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.fail(record, new OutOfMemoryError(`Task ${record.spec.fn.name} ran its worker out of memory on all ${tries} attempt(s): ${e.message}`, { cause: error }));
    } else {
      this.fail(record, new WorkerCrashedError(`The worker running task ${record.spec.fn.name} died on all ${tries} attempt(s) (maxRetries=${record.spec.maxRetries}): ${e?.message ?? String(error)}`, { cause: error }));
    }
  }

  private retry(record: TaskRecord): void {
    record.retriesLeft--;
    record.attempt++;
    // The new attempt starts unblocked: calls the last one left blocked (its thread died) are not its.
    record.blockedCalls = 0;
    record.exec = { ...record.exec!, attempt: record.attempt };
    this.enqueue(record);
  }

  /** A streamed item arrived from the running generator. */
  onYield(taskId: string, attempt: number, index: number, item: StoredObject): void {
    const record = this.tasks.get(taskId);
    const stream = this.streams.get(taskId);
    // A cancelled stream takes no more items: its consumer is told of the cancel next.
    if (!record || !stream || record.attempt !== attempt || stream.done || record.cancelled) return;
    const id = streamItemId(taskId, index);
    if (index < stream.count) return; // a retry re-yielding what an earlier attempt already gave
    this.objects.addRef(id); // the stream holds its items until the generator is dropped
    this.objects.seal(id, item);
    stream.count = index + 1;
    this.wakeStream(stream);
  }

  private endStream(taskId: string): void {
    const stream = this.streams.get(taskId);
    if (!stream || stream.done) return;
    stream.done = true;
    this.objects.seal(streamId(taskId), { data: EMPTY });
    this.wakeStream(stream);
  }

  private wakeStream(stream: StreamState): void {
    const w = stream.waiters;
    stream.waiters = undefined;
    if (w) for (const fn of w) fn();
  }

  /** Whether `streamNext(taskId, index)` would answer at once. */
  isStreamReady(taskId: string, index: number): boolean {
    const stream = this.streams.get(taskId);
    return !stream || index < stream.count || stream.done;
  }

  /** Resolves true once item `index` exists, false once the stream ended before it. */
  streamNext(taskId: string, index: number): Promise<boolean> {
    const stream = this.streams.get(taskId);
    if (!stream) return Promise.resolve(false);
    if (index < stream.count) return Promise.resolve(true);
    if (stream.done) return Promise.resolve(false);
    return new Promise((resolve) => {
      (stream.waiters ??= []).push(() => resolve(this.streamNext(taskId, index)));
    });
  }

  /** An object was freed: a stream's end releases the items it held. */
  onObjectFreed(id: string): void {
    if (this.lineage.size) this.lineage.released(id);
    if (!id.endsWith('.stream')) return;
    const taskId = id.slice(0, -'.stream'.length);
    const stream = this.streams.get(taskId);
    if (!stream) return;
    this.streams.delete(taskId);
    for (let i = 0; i < stream.count; i++) this.objects.removeRef(streamItemId(taskId, i));
  }

  /** Fails the task with a tsray error (cancellation, infeasibility, crash). */
  private fail(record: TaskRecord, error: Error): void {
    this.finish(record, { data: pack(error, 'an error').data, isError: true });
  }

  /** Fails an unfinished task from outside (its actor died). */
  failTask(record: TaskRecord, error: Error): void {
    if (record.state !== 'finished') this.fail(record, error);
  }

  /** Fails an unfinished task with an error already packed. */
  failTaskWith(record: TaskRecord, data: Uint8Array): void {
    if (record.state !== 'finished') this.finish(record, { data, isError: true });
  }

  /** Seals every result of the task with one outcome (an error) and releases its arguments. */
  private finish(record: TaskRecord, outcome: StoredObject): void {
    const { taskId } = record.spec;
    if (record.spec.streaming) {
      const stream = this.streams.get(taskId);
      if (stream && !stream.done) {
        const id = streamItemId(taskId, stream.count);
        this.objects.addRef(id);
        this.objects.seal(id, outcome);
        stream.count++;
      }
      this.endStream(taskId);
    } else {
      for (let i = 0; i < record.spec.numReturns; i++) this.objects.seal(returnId(taskId, i), outcome);
    }
    this.release(record);
  }

  private release(record: TaskRecord): void {
    record.state = 'finished';
    this.tasks.delete(record.spec.taskId);
    const spec = record.spec;
    if (spec.actorId !== undefined) {
      this.actorCalls?.callFinished(record);
      this.objects.removeRef(actorHandleId(spec.actorId));
    }
    for (const [, id] of spec.argRefs) this.objects.removeRef(id);
    if (spec.nestedRefs) for (const id of spec.nestedRefs) this.objects.removeRef(id);
    if (spec.segments) unlinkSegments(spec.segments);
  }

  /** Ray's `cancel`: queued tasks never run; running ones are interrupted or, with force, killed. */
  cancel(objectId: string, force: boolean, recursive: boolean): void {
    const taskId = producingTask(objectId);
    if (taskId) this.cancelTask(taskId, force, recursive);
  }

  private cancelTask(taskId: string, force: boolean, recursive: boolean): void {
    const record = this.tasks.get(taskId);
    if (!record || record.state === 'finished') return;
    record.cancelled = true;
    if (recursive && record.children) {
      for (const child of record.children) this.cancelTask(child, force, recursive);
    }
    const cancelled = new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled before it ran.`);
    if (record.state === 'deps') {
      this.fail(record, cancelled);
    } else if (this.raylet.unqueue(record)) {
      this.fail(record, cancelled);
    } else {
      record.forced = force;
      this.raylet.interrupt(record, force);
    }
  }

  /**
   * A task running in a worker blocked on objects that are not ready: lend its CPU out. Returns
   * the blocked call of this attempt, for `unblocked`.
   */
  blocked(taskId: string | null): BlockedCall | undefined {
    const record = taskId ? this.tasks.get(taskId) : undefined;
    if (!record || record.state !== 'scheduled') return undefined;
    if (record.blockedCalls++ === 0) this.raylet.block(record);
    return { record, attempt: record.attempt };
  }

  /** A blocked call returned. One of an earlier attempt (its thread died) counts no more. */
  unblocked({ record, attempt }: BlockedCall): void {
    if (record.attempt !== attempt) return;
    if (--record.blockedCalls === 0 && record.state === 'scheduled') this.raylet.unblock(record);
  }

  /** Fails every unfinished task (shutdown). */
  cancelAll(): void {
    for (const record of [...this.tasks.values()]) {
      if (record.state !== 'finished') {
        record.cancelled = true;
        this.fail(record, new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled: tsray is shutting down.`));
      }
    }
  }
}

const EMPTY = new Uint8Array(0);

/** Whether a task holds just one CPU (what its worker assumes when told nothing). */
function isDefaultTaskRequest(resources: Record<string, number>): boolean {
  let n = 0;
  for (const k in resources) {
    if (k !== 'CPU' || resources[k] !== 1) return false;
    n++;
  }
  return n === 1;
}
