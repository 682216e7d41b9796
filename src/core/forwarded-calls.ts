import { ActorDiedError, ActorUnavailableError } from '../common/errors.js';
import type { ExecuteTask, FunctionDescriptor, SubmittedActor, TaskReply } from '../common/protocol.js';
import type { ActorBook, ActorCallAnswer, ActorRecord, ExternalCall, RemoteActorFailure } from './actor-records.js';
import type { TaskRecord } from './task-manager.js';

/**
 * Calls that reach an actor through its owner, when the caller is on another node: Ray orders an
 * actor's calls per caller, and only the owner knows where the actor runs now.
 *
 * - The caller's side: a proxy record stands for an actor another node owns (a handle came here
 *   in an argument, or by name); its calls keep their order here and go to the owner.
 * - The owner's side: calls forwarded by callers are put in each caller's order, and sent where
 *   the actor runs (a host here, or the node hosting it), after it is placed or restarted.
 */
export class ForwardedCalls {
  /** Calls from other nodes sent to a host of this node, by task id (their replies come back here). */
  private readonly sent = new Map<string, { record: ActorRecord; call: ExternalCall }>();

  constructor(private readonly book: ActorBook) {}

  // ---- the caller's side

  /** The proxy record of an actor another node owns, made now; undefined if none owns it. */
  proxy(actorId: string, fn?: FunctionDescriptor): ActorRecord | undefined {
    if (!this.book.remote?.ownedElsewhere(actorId)) return undefined;
    const spec: SubmittedActor = {
      actorId, fn: fn ?? { moduleUrl: '', key: '', name: `actor ${actorId}` }, argRefs: [], resources: {}, dedicated: false,
      namespace: '', detached: false, maxRestarts: 0, maxTaskRetries: 0,
    };
    const record: ActorRecord = {
      spec, state: 'ALIVE', hostId: `@owner`, death: undefined,
      callers: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined, incarnation: 0, remoteSeq: 0,
      restartsLeft: 0, proxy: true,
    };
    this.book.actors.set(actorId, record);
    return record;
  }

  /** Sends a proxy's call to the actor's owner; `settled` takes the answer. */
  forward(record: ActorRecord, task: TaskRecord, exec: ExecuteTask, objectIds: string[], settled: (answer: ActorCallAnswer) => void): void {
    this.book.remote!.forward(record.spec.actorId, record.remoteSeq++, exec, objectIds, task.spec.segments).then(settled, (err: RemoteActorFailure) => {
      if (record.state === 'DEAD') return;
      if ('death' in err) this.book.dieWith(record, err.death);
      else if ('ownerGone' in err) this.book.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} is gone: ${err.ownerGone}.`));
      // The owner restarts it: this call, which was running, fails; later ones wait for it.
      else this.book.tasks.failTask(task, new ActorUnavailableError(`Actor ${record.spec.fn.name} is unavailable (${err.crashed}); this call was running.`));
    });
  }

  // ---- the owner's side

  /**
   * Takes a call forwarded by a caller on another node (`caller`), in that caller's order
   * (`seq`): it runs where the actor runs, after the calls the caller made before it.
   * `ownerGone`: the caller sends it to this node, the actor's host, since its owner died.
   */
  call(caller: string, seq: number, exec: ExecuteTask, args: ExternalCall['args'], ownerGone = false): Promise<ActorCallAnswer> {
    const record = this.book.record(exec.actorId!);
    // A caller that found a detached actor's owner dead sends its calls to the actor's host,
    // which takes it over (in Ray the GCS owns detached actors; they outlive their creator).
    if (ownerGone && record?.foreign?.ownerSpec.detached) this.book.adopt(record);
    if (!record || record.proxy || record.foreign) {
      return Promise.reject<ActorCallAnswer>({ ownerGone: `node ${this.book.nodeId} does not own actor ${exec.actorId} (it restarted, or the actor ended and was forgotten)` });
    }
    // Dead: its callers' orders are gone with it, so this call waits for no turn.
    if (record.state === 'DEAD') return Promise.reject<ActorCallAnswer>({ death: record.death! });
    return new Promise<ActorCallAnswer>((resolve, reject) => {
      this.take(record, caller, seq, { exec: { ...exec, actorId: record.spec.actorId, job: record.spec.job ?? exec.job }, args, resolve, reject });
    });
  }

  /** A forwarded call whose arguments could not be pulled gives its turn up. */
  skip(caller: string, actorId: string, seq: number): void {
    const record = this.book.record(actorId);
    if (record && !record.proxy && !record.foreign) this.take(record, caller, seq, null);
  }

  /** The actor has a host now: forwarded calls held for it go, in their order. */
  resume(record: ActorRecord): void {
    const external = record.external;
    if (external) {
      const queue = external.queue;
      external.queue = [];
      for (const call of queue) this.dispatch(record, call);
    }
  }

  /** Fails the forwarded calls in flight (and, when it is dead, those waiting too). */
  fail(record: ActorRecord, failure: RemoteActorFailure, all: boolean): void {
    const external = record.external;
    if (!external) return;
    const calls = [...external.inFlight];
    external.inFlight.clear();
    if (all) {
      calls.push(...external.queue);
      external.queue = [];
      for (const order of external.order.values()) for (const c of order.early.values()) if (c) calls.push(c);
      external.order.clear();
    }
    for (const c of calls) {
      this.sent.delete(c.exec.taskId);
      c.reject(failure);
    }
  }

  /** A call result from a host: true if it answers a forwarded call. */
  result(taskId: string, reply: TaskReply): boolean {
    const sent = this.sent.get(taskId);
    if (!sent) return false;
    this.sent.delete(taskId);
    if (sent.record.external?.inFlight.delete(sent.call)) sent.call.resolve({ reply });
    return true;
  }

  private take(record: ActorRecord, caller: string, seq: number, call: ExternalCall | null): void {
    const external = (record.external ??= { order: new Map(), queue: [], inFlight: new Set() });
    let order = external.order.get(caller);
    if (!order) external.order.set(caller, (order = { next: 0, early: new Map() }));
    order.early.set(seq, call);
    while (order.early.has(order.next)) {
      const next = order.early.get(order.next);
      order.early.delete(order.next++);
      if (next) this.dispatch(record, next);
    }
  }

  private dispatch(record: ActorRecord, call: ExternalCall): void {
    const external = record.external!;
    if (record.state === 'DEAD') {
      call.reject({ death: record.death! });
      return;
    }
    if (record.hostId === undefined) {
      external.queue.push(call);
      return;
    }
    external.inFlight.add(call);
    const done = (): boolean => external.inFlight.delete(call);
    if (record.node === undefined) {
      this.sent.set(call.exec.taskId, { record, call });
      this.book.send(record.hostId, { k: 'actorCall', task: call.exec });
      return;
    }
    const incarnation = record.incarnation;
    this.book.remote!.call(record.node, record.spec.actorId, record.remoteSeq++, call.exec, call.args.objects, call.args.segments).then(
      (answer) => {
        if (done()) call.resolve(answer);
        else answer.settle?.(() => false);
      },
      (err: RemoteActorFailure | Error) => {
        if (done()) call.reject(err instanceof Error ? { crashed: err.message } : err);
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if ('death' in err) this.book.dieWith(record, err.death);
        else this.book.crashed(record, 'crashed' in err ? new Error(err.crashed) : err);
      },
    );
  }
}
