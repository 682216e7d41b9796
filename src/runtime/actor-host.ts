import { ActorDiedError } from '../common/errors.js';
import { findRemoteTarget, loadRemoteTarget } from '../core/function-registry.js';
import { errorClassesReady, pack, unpack } from '../serialization/serializer.js';
import type { ThreadCoreWorker } from '../core/thread-core-worker.js';
import type { WorkContext } from '../common/core-worker.js';
import type { CreateActor, ExecuteTask, TaskReply } from '../common/protocol.js';

/** An actor living in this thread: its instance and its mailbox. */
interface HostedActor {
  readonly hostId: string;
  className: string;
  instance: Record<string, unknown> | undefined;
  /** Calls that may run at once (1: a sync actor runs calls one by one, in order). */
  maxConcurrency: number;
  running: number;
  readonly mailbox: ExecuteTask[];
  /** Set once the actor cannot take calls (its constructor threw, or it exited). */
  dead: ActorDiedError | undefined;
  constructed: boolean;
  /** The call that asked to exit (`ray.exitActor()`), until the actor is gone. */
  exiting: string | undefined;
  exited: boolean;
  readonly shared: boolean;
  /** The class name, with the actor's registered name when it has one. */
  readonly label: string;
  /** What it knows of itself (the runtime context). */
  readonly work: WorkContext;
}

/** A synchronous method holding a shared host longer than this gets a warning (once per class). */
const BLOCKING_WARN_MS = 1000;
const warnedClasses = new Set<string>();

function isAsyncClass(Cls: Function): boolean {
  for (let p = Cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      const tag = d && typeof d.value === 'function' ? Object.prototype.toString.call(d.value) : '';
      if (tag === '[object AsyncFunction]' || tag === '[object AsyncGeneratorFunction]') return true;
    }
  }
  return false;
}

/**
 * The actors of one worker thread. A host is a long-running piscina task that keeps its thread;
 * a shared host carries many light actors (each with its own mailbox), a dedicated one a single
 * actor holding its resources. Calls run through `runCall`, the thread's task runner.
 */
export class ActorHosts {
  private readonly actors = new Map<string, HostedActor>();
  private readonly hosts = new Map<string, () => void>();

  constructor(
    private readonly core: ThreadCoreWorker,
    private readonly runCall: (task: ExecuteTask) => Promise<TaskReply | undefined>,
  ) {}

  /** Runs a host until the raylet stops it. */
  runHost(hostId: string): Promise<void> {
    this.core.spinForCalls = true;
    return new Promise<void>((resolve) => {
      this.hosts.set(hostId, resolve);
      this.core.send({ k: 'hostReady', hostId }, true);
    });
  }

  stopHost(hostId: string): void {
    for (const [id, a] of this.actors) if (a.hostId === hostId) this.actors.delete(id);
    const stop = this.hosts.get(hostId);
    this.hosts.delete(hostId);
    stop?.();
  }

  async create(hostId: string, spec: CreateActor): Promise<void> {
    const actor: HostedActor = {
      hostId, className: spec.fn.name, instance: undefined, maxConcurrency: spec.maxConcurrency ?? 1,
      running: 0, mailbox: [], dead: undefined, constructed: false, exiting: undefined, exited: false, shared: spec.shared,
      label: spec.name === undefined ? spec.fn.name : `${spec.fn.name} "${spec.name}"`,
      work: {
        resources: spec.resources ?? {},
        placementGroupId: spec.pgId ?? null,
        actor: { fn: spec.fn, name: spec.name ?? '', restarted: spec.restarted ?? false },
      },
    };
    this.actors.set(spec.actorId, actor);
    try {
      const Cls = (findRemoteTarget(spec.fn) ?? (await loadRemoteTarget(spec.fn))) as new (...args: unknown[]) => Record<string, unknown>;
      const args = spec.args ? (unpack(spec.args) as unknown[]) : [];
      if (spec.refArgs) for (const [i, data] of spec.refArgs) args[i] = unpack(data);
      if (spec.maxConcurrency === undefined && isAsyncClass(Cls)) actor.maxConcurrency = 1000;
      actor.instance = new Cls(...args);
      this.core.send({ k: 'actorCreated', actorId: spec.actorId });
    } catch (e) {
      const classes = errorClassesReady();
      if (classes) await classes;
      actor.dead = new ActorDiedError(`Actor ${spec.fn.name} died: its constructor threw ${(e as Error)?.name ?? 'an error'}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      this.core.send({ k: 'actorCreated', actorId: spec.actorId, error: pack(actor.dead, 'an error').data });
    }
    actor.constructed = true;
    this.pump(spec.actorId, actor);
  }

  call(task: ExecuteTask): void {
    const actor = this.actors.get(task.actorId!);
    if (!actor) {
      this.replyDead(task, new ActorDiedError(`The actor of ${task.fn.name}.${task.method} is not alive (it was killed or exited).`));
      return;
    }
    actor.mailbox.push(task);
    this.pump(task.actorId!, actor);
  }

  /** What a hosted actor knows of itself (a copy), for its runtime context. */
  work(actorId: string): WorkContext | undefined {
    const w = this.actors.get(actorId)?.work;
    return w && { ...w, resources: { ...w.resources } };
  }

  /** The bound method a call names. */
  method(actorId: string, method: string): (...args: unknown[]) => unknown {
    const actor = this.actors.get(actorId);
    const fn = actor?.instance?.[method];
    if (typeof fn !== 'function') {
      throw new TypeError(`Actor ${actor?.className ?? actorId} has no method "${method}".`);
    }
    return (fn as (...args: unknown[]) => unknown).bind(actor!.instance);
  }

  kill(actorId: string): void {
    this.actors.delete(actorId);
  }

  /**
   * `ray.exitActor()`: the actor starts no more calls, and once the call that asked returns (its
   * result goes out first) it is gone, as in Ray, even if other calls of an async actor still
   * run: the raylet fails those and whatever was still queued.
   */
  exit(actorId: string, taskId: string): void {
    const actor = this.actors.get(actorId);
    if (!actor || actor.exiting !== undefined) return;
    actor.exiting = taskId;
    actor.dead = new ActorDiedError(`Actor ${actor.className} exited (ray.exitActor()).`);
  }

  private pump(actorId: string, actor: HostedActor): void {
    if (!actor.constructed) return;
    while (actor.mailbox.length > 0 && (actor.dead || actor.running < actor.maxConcurrency)) {
      const task = actor.mailbox.shift()!;
      if (actor.dead) {
        this.replyDead(task, actor.dead);
        continue;
      }
      actor.running++;
      // Results of earlier calls leave before this one starts: it may end the thread
      // (process.exit), and a result still in the outbox would be lost with it.
      this.core.flush();
      const started = performance.now();
      const done = this.runCall(task);
      // The method's synchronous part ran inside runCall: that long, the thread's other actors
      // could not run.
      const held = performance.now() - started;
      if (actor.shared && held > BLOCKING_WARN_MS && !warnedClasses.has(actor.className)) {
        warnedClasses.add(actor.className);
        console.warn(`tsray warning: actor ${actor.label}'s method ${task.method}() ran synchronously for ${(held / 1000).toFixed(1)} s on a shared host thread; the other actors on that thread waited. Give the actor a thread of its own (numCpus: 1), or make the method async and yield. (Shown once per class.)`);
      }
      void done.then((reply) => {
        if (reply) this.core.send({ k: 'result', taskId: task.taskId, attempt: task.attempt, reply });
        actor.running--;
        if (actor.exiting !== undefined && !actor.exited && (actor.running === 0 || actor.exiting === task.taskId)) {
          actor.exited = true;
          if (this.actors.get(actorId) === actor) this.actors.delete(actorId);
          this.core.send({ k: 'actorExit', actorId });
        }
        this.pump(actorId, actor);
      });
    }
  }

  private replyDead(task: ExecuteTask, err: ActorDiedError): void {
    const reply: TaskReply = { error: { data: pack(err, 'an error').data, classNames: ['ActorDiedError'] } };
    this.core.send({ k: 'result', taskId: task.taskId, attempt: task.attempt, reply });
  }
}
