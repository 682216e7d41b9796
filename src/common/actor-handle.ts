import { actorHandleId, type FunctionDescriptor } from './protocol.js';
import { runtimeState } from './runtime-state.js';
import { RayError } from './errors.js';

const BRAND = Symbol.for('tsray.ActorHandle');

/** Options of one actor method call. */
export interface ActorMethodOptions {
  numReturns?: number;
}

type CallSubmitter = (handle: ActorHandle<unknown>, method: string, args: unknown[], options: ActorMethodOptions) => unknown;

/**
 * @internal Set by api/actor.ts (kept apart so this module has no import cycle with serialization),
 * on the thread's runtime state, so handles made by any copy of tsray in the thread find it.
 */
export function setActorCallSubmitter(fn: CallSubmitter): void {
  runtimeState().submitActorCall = fn;
}

/** A method of an actor, as seen through a handle: call it with `.remote(...args)`. */
export class ActorMethod {
  /** @internal */
  constructor(
    private readonly handle: ActorHandle<unknown>,
    readonly methodName: string,
    private readonly opts: ActorMethodOptions = {},
  ) {}

  remote(...args: unknown[]): unknown {
    const submit = runtimeState().submitActorCall;
    if (!submit) throw new RayError('tsray is not initialized in this thread: call `await ray.init()` first.');
    return submit(this.handle, this.methodName, args, this.opts);
  }

  options(options: ActorMethodOptions): ActorMethod {
    return new ActorMethod(this.handle, this.methodName, { ...this.opts, ...options });
  }
}

/**
 * A reference to an actor. Any property is one of the actor's methods:
 * `handle.method.remote(...args)` returns ObjectRefs of its results (typed through `Actor<T>`).
 * Handles can be passed to and returned from tasks and actors.
 *
 * @example
 * ```ts
 * const c = Counter.remote();            // Actor<Counter>
 * await ray.get(c.inc.remote(5));        // 5
 * c instanceof ray.ActorHandle;          // true
 * ```
 */
export class ActorHandle<T = unknown> {
  readonly actorId: string;
  /** @internal Where the actor's class lives. */
  readonly descriptor: FunctionDescriptor;
  /** Type-level only: the actor's class instance type. */
  declare readonly __actorType?: T;

  /** @internal Handles are made by `ray.actor(...).remote()`, `ray.getActor` or deserialization. */
  constructor(actorId: string, descriptor: FunctionDescriptor) {
    this.actorId = actorId;
    this.descriptor = descriptor;
    Object.defineProperty(this, BRAND, { value: true });
    const methods = new Map<string, ActorMethod>();
    const proxy = new Proxy(this, {
      get(target, prop, receiver) {
        if (typeof prop === 'symbol' || prop in target) return Reflect.get(target, prop, receiver);
        let m = methods.get(prop);
        if (!m) methods.set(prop, (m = new ActorMethod(target as ActorHandle<unknown>, prop)));
        return m;
      },
    });
    // The actor lives while a handle to it does (unless named or detached).
    runtimeState().coreWorker?.references.track(proxy, actorHandleId(actorId));
    return proxy;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }

  get className(): string {
    return this.descriptor.name;
  }

  toString(): string {
    return `ActorHandle(${this.descriptor.name}, ${this.actorId})`;
  }

  toJSON(): { actor: string; className: string } {
    return { actor: this.actorId, className: this.descriptor.name };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
