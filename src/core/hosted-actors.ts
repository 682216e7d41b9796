import { ActorDiedError } from '../common/errors.js';
import type { CreateActor, ExecuteTask, SubmittedActor, TaskReply } from '../common/protocol.js';
import { pack } from '../serialization/serializer.js';
import type { ActorBook, ActorRecord } from './actor-records.js';

/**
 * Actors this node hosts for their owners on other nodes. The owner keeps the actor's record, the
 * order of its calls and its restarts; here it runs on a host like an actor of this node, takes
 * the owner's calls in the owner's order, and never restarts (the owner restarts it where it
 * decides).
 */
export class HostedActors {
  constructor(private readonly book: ActorBook) {}

  /**
   * Hosts an actor for its owner on another node: it runs here on a host of its own kind.
   * Resolves with its death if its constructor threw, else undefined once it is alive.
   */
  create(spec: SubmittedActor, create: CreateActor): Promise<Uint8Array | undefined> {
    const old = this.book.actors.get(spec.actorId);
    if (old && old.state !== 'DEAD') this.book.die(old, new ActorDiedError(`Actor ${spec.fn.name} was replaced by a restart.`));
    // The owner counts the handles: the copy here ends when the owner says.
    const record = this.book.register({ ...spec, argRefs: [], nestedRefs: undefined, maxRestarts: 0, name: undefined }, false);
    record.create = create;
    return new Promise((resolve) => {
      record.foreign = { ownerSpec: spec, created: { resolve }, calls: new Map(), early: new Map(), next: 0 };
      this.book.start(record);
    });
  }

  /** Runs a call of an actor hosted for another node, in the owner's order (`seq`). */
  call(actorId: string, seq: number, exec: ExecuteTask): Promise<TaskReply> {
    const record = this.book.actors.get(actorId);
    const foreign = record?.foreign;
    if (!record || !foreign) return Promise.reject<TaskReply>({ crashed: `no actor ${actorId} on node ${this.book.nodeId} (it was never created here, or this node restarted)` });
    if (record.state === 'DEAD') return Promise.reject<TaskReply>(foreign.crashed !== undefined ? { crashed: foreign.crashed, unstarted: true } : { death: record.death! });
    return new Promise<TaskReply>((resolve, reject) => {
      foreign.calls.set(exec.taskId, { resolve, reject });
      foreign.early.set(seq, exec);
      this.sendCalls(record);
    });
  }

  /** A call whose arguments could not be pulled gives its turn up (its caller hears why). */
  skip(actorId: string, seq: number): void {
    const foreign = this.book.actors.get(actorId)?.foreign;
    if (!foreign) return;
    foreign.early.set(seq, null);
    this.sendCalls(this.book.actors.get(actorId)!);
  }

  /** The owner killed it (or its handles are gone). */
  kill(actorId: string): void {
    const record = this.book.actors.get(actorId);
    if (!record?.foreign) return;
    if (record.state !== 'DEAD') this.book.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed by its owner.`));
    this.book.actors.delete(actorId);
  }

  /** It is alive: its owner hears so. */
  created(record: ActorRecord): void {
    const created = record.foreign?.created;
    if (created) {
      record.foreign!.created = undefined;
      created.resolve(undefined);
    }
  }

  /** A call result from a host: true if it answers a call of an actor hosted here. */
  result(taskId: string, reply: TaskReply): boolean {
    for (const record of this.withCalls()) {
      const call = record.foreign!.calls.get(taskId);
      if (!call) continue;
      record.foreign!.calls.delete(taskId);
      call.resolve(reply);
      return true;
    }
    return false;
  }

  /** Settles what the owner waits for on an actor hosted here that ended. */
  end(record: ActorRecord, failure: { death: Uint8Array } | { crashed: string }): void {
    const foreign = record.foreign!;
    if ('crashed' in failure) foreign.crashed ??= failure.crashed;
    const calls = [...foreign.calls.values()];
    foreign.calls.clear();
    foreign.early.clear();
    for (const c of calls) c.reject(failure);
    const created = foreign.created;
    foreign.created = undefined;
    created?.resolve('death' in failure ? failure.death : pack(new ActorDiedError(failure.crashed), 'an error').data);
  }

  /** Sends the owner's calls that are next in its order. */
  private sendCalls(record: ActorRecord): void {
    const foreign = record.foreign!;
    while (foreign.early.has(foreign.next)) {
      const next = foreign.early.get(foreign.next);
      foreign.early.delete(foreign.next++);
      if (next) this.book.send(record.hostId!, { k: 'actorCall', task: next });
    }
  }

  private *withCalls(): Generator<ActorRecord> {
    for (const r of this.book.actors.values()) if (r.foreign && r.foreign.calls.size > 0) yield r;
  }
}
