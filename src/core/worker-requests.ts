import { TaskCancelledError } from '../common/errors.js';
import type { WireObject, WorkerToRaylet } from '../common/protocol.js';
import { pack } from '../serialization/serializer.js';
import type { DriverCoreWorker } from './driver-core-worker.js';

/**
 * The node's side of the worker protocol: answers what its worker threads (and drivers attached
 * over the raylet's socket) ask while their tasks run, on the node's owner tables, and counts the
 * refs each thread holds, so they are released if the thread dies.
 */
export class WorkerRequests {
  /** Objects each worker thread holds refs to, released if the thread dies. */
  private readonly threadHolds = new Map<number, Set<string>>();

  constructor(private readonly runtime: DriverCoreWorker) {}

  /** A message from a worker thread (`tid`) or an attached client. */
  onMessage(tid: number, msg: WorkerToRaylet): void {
    switch (msg.k) {
      case 'refs': {
        let holds = this.threadHolds.get(tid);
        if (!holds) this.threadHolds.set(tid, (holds = new Set()));
        // Increments first: a batch may add a ref to X and drop the container that held X.
        for (const id of msg.inc) {
          holds.add(id);
          this.runtime.objects.addRef(id);
        }
        for (const id of msg.dec) {
          if (holds.delete(id)) this.runtime.objects.removeRef(id);
        }
        break;
      }
      case 'submit':
        this.runtime.tasks.submit(msg.task);
        break;
      case 'put':
        this.runtime.put(msg.id, { data: msg.data, nested: msg.nested, segments: msg.segments });
        break;
      case 'get':
        if (this.refuseIfCancelled(tid, msg.req, msg.taskId)) break;
        this.answerGet(tid, msg.req, msg.taskId, msg.ids, msg.timeoutMs);
        break;
      case 'wait': {
        if (this.refuseIfCancelled(tid, msg.req, msg.taskId)) break;
        const blocked = this.runtime.tasks.blocked(msg.taskId);
        void this.runtime.objects.waitFor(msg.ids, msg.numReturns, msg.timeoutMs).then((flags) => {
          if (blocked) this.runtime.tasks.unblocked(blocked);
          this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value: flags });
        });
        break;
      }
      case 'cancel':
        this.runtime.tasks.cancel(msg.id, msg.force, msg.recursive);
        break;
      case 'yield':
        this.runtime.tasks.onYield(msg.taskId, msg.attempt, msg.index, { data: msg.data, nested: msg.nested, segments: msg.segments });
        break;
      case 'streamNext': {
        // Waiting on a stream is a blocking get (Ray's rule): the caller lends its CPU meanwhile.
        const next = this.runtime.tasks.streamNext(msg.taskId, msg.index);
        const blocked = this.runtime.tasks.isStreamReady(msg.taskId, msg.index) ? undefined : this.runtime.tasks.blocked(msg.callerTaskId);
        void next.then((has) => {
          if (blocked) this.runtime.tasks.unblocked(blocked);
          this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value: has });
        });
        break;
      }
      case 'result': {
        const record = this.runtime.tasks.get(msg.taskId);
        if (record) this.runtime.tasks.onTaskReply(record, msg.attempt, msg.reply);
        else if (!this.runtime.actors.foreignResult(msg.taskId, msg.reply)) {
          this.runtime.foreignTaskResult(msg.taskId, msg.reply);
        }
        break;
      }
      case 'createActor':
        try {
          this.runtime.actors.create(msg.actor);
        } catch (e) {
          // A worker's `.remote()` has returned already: the actor is born dead, with the reason.
          this.runtime.actors.createDead(msg.actor, e as Error);
        }
        break;
      case 'getActor':
        this.runtime.getActor(msg.name, msg.namespace).then(
          (value) => this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value }),
          (err: unknown) => this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, error: pack(err, 'an error').data }),
        );
        break;
      case 'killActor':
        this.runtime.actors.kill(msg.actorId);
        break;
      case 'hostReady':
        this.runtime.actors.onHostReady(msg.hostId, tid);
        break;
      case 'actorCreated':
        this.runtime.actors.onActorCreated(msg.actorId, msg.error);
        break;
      case 'actorExit':
        this.runtime.actors.onActorExit(msg.actorId);
        break;
      case 'createPg':
        try {
          this.runtime.pgs.create(msg.pg);
        } catch (e) {
          // The worker's `placementGroup()` has returned already: its `ready()` hears why.
          this.runtime.pgs.createFailed(msg.pg, (e as Error).message);
        }
        break;
      case 'removePg':
        this.runtime.pgs.remove(msg.pgId);
        break;
      case 'waitPg': {
        // Waiting for a group is a blocking get (Ray's `ray.get(pg.ready())`): the task lends its
        // CPU meanwhile, which may be what the group waits for.
        const blocked = this.runtime.pgs.isCreated(msg.pgId) ? undefined : this.runtime.tasks.blocked(msg.taskId);
        void this.runtime.pgs.wait(msg.pgId, msg.timeoutMs).then((value) => {
          if (blocked) this.runtime.tasks.unblocked(blocked);
          this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value });
        });
        break;
      }
      case 'getPg':
        void this.runtime.pgs.lookup(msg.name, msg.namespace).then((value) => this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value }));
        break;
      case 'pgTable':
        void this.runtime.pgs.table().then((value) => this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value }));
        break;
      case 'resources': {
        const reply = (value: unknown): void => this.runtime.raylet.send(tid, { k: 'reply', req: msg.req, value });
        if (msg.which === 'store') reply(this.runtime.storeStats());
        else void (msg.which === 'available' ? this.runtime.availableResources() : msg.which === 'cluster' ? this.runtime.clusterResources() : this.runtime.nodes()).then(reply);
        break;
      }
    }
  }

  /**
   * A cancelled task's `get`s fail at once. The cancel may have reached the worker before the
   * task started there; this catches the calls it makes afterwards.
   */
  private refuseIfCancelled(tid: number, req: number, taskId: string | null): boolean {
    const record = taskId ? this.runtime.tasks.get(taskId) : undefined;
    if (!record?.cancelled) return false;
    const err = new TaskCancelledError(`Task ${record.spec.fn.name} was cancelled.`);
    this.runtime.raylet.send(tid, { k: 'reply', req, error: pack(err, 'an error').data });
    return true;
  }

  private answerGet(tid: number, req: number, taskId: string | null, ids: string[], timeoutMs: number | undefined): void {
    const reply = (): void => {
      // One error answers the whole get (the others may not be ready): the worker raises it.
      const failed = this.runtime.objects.firstError(ids);
      if (failed) return this.runtime.raylet.send(tid, { k: 'reply', req, value: [{ data: failed.data, isError: true }] });
      const values: WireObject[] = ids.map((id) => {
        const v = this.runtime.objects.read(id)!;
        return v.isError ? { data: v.data, isError: true } : { data: v.data };
      });
      this.runtime.raylet.send(tid, { k: 'reply', req, value: values });
    };
    if (ids.every((id) => this.runtime.objects.isReady(id)) || this.runtime.objects.firstError(ids)) return reply();
    const blocked = this.runtime.tasks.blocked(taskId);
    // The asking thread's refs keep the objects alive, unless the thread dies meanwhile (its
    // holds are then released): the pending request holds them until it is answered.
    for (const id of ids) this.runtime.objects.addRef(id);
    const release = (): void => {
      for (const id of ids) this.runtime.objects.removeRef(id);
    };
    this.runtime.objects.whenAllReady(ids, timeoutMs).then(
      () => {
        if (blocked) this.runtime.tasks.unblocked(blocked);
        reply();
        release();
      },
      (err: Error) => {
        if (blocked) this.runtime.tasks.unblocked(blocked);
        this.runtime.raylet.send(tid, { k: 'reply', req, error: pack(err, 'an error').data });
        release();
      },
    );
  }

  /** The thread died (or the client left): the refs it held go. */
  threadExited(tid: number): void {
    const holds = this.threadHolds.get(tid);
    if (!holds) return;
    this.threadHolds.delete(tid);
    for (const id of holds) this.runtime.objects.removeRef(id);
  }
}
