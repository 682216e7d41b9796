/**
 * Error classes thrown by tsray. Every class here is exported from 'tsray'.
 *
 * Errors cross thread and process boundaries, and a program may load two copies of tsray (a
 * compiled one and a TypeScript one under a loader). `instanceof` therefore checks a brand that
 * instances carry rather than prototype identity, so `err instanceof TaskError` holds for an
 * error built by any copy in any thread.
 *
 * @example
 * ```ts
 * try { await ray.get(ref); } catch (e) {
 *   if (e instanceof ray.TaskError) console.error(e.taskName, e.cause);
 * }
 * ```
 */

const KINDS = Symbol.for('tsray.error.kinds');

/** Base class of every tsray error. */
export class RayError extends Error {
  static readonly kind: string = 'RayError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: any = new.target; c && c.kind; c = Object.getPrototypeOf(c)) {
      if (Object.prototype.hasOwnProperty.call(c, 'kind')) kinds.push(c.kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, writable: true, configurable: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: string[] })[KINDS];
    if (Array.isArray(kinds)) return kinds.includes(this.kind);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * A task or actor method threw. `cause` is the original error (an instance of the user's class
 * where it could be rebuilt), `taskName` names the remote function, and the stack includes the
 * remote stack.
 */
export class TaskError extends RayError {
  static override readonly kind: string = 'TaskError';
  readonly taskName: string;
  readonly remoteStack: string;

  constructor(taskName: string, cause: unknown, remoteStack?: string) {
    const c = cause as { name?: string; message?: string; stack?: string } | undefined;
    const what = c && typeof c === 'object' ? `${c.name ?? 'Error'}: ${c.message ?? ''}` : String(cause);
    super(`Task ${taskName} failed: ${what}`, { cause });
    addCauseKinds(this, cause);
    this.taskName = taskName;
    this.remoteStack = remoteStack ?? (c && typeof c === 'object' ? c.stack ?? '' : '');
    this.stack = `${this.name}: ${this.message}\n--- remote stack (${taskName}) ---\n${this.remoteStack}\n--- local stack ---\n${(this.stack ?? '').split('\n').slice(1).join('\n')}`;
  }
}

/** The actor is dead: its constructor threw, it was killed, or it exhausted its restarts. */
export class ActorDiedError extends RayError {
  static override readonly kind: string = 'ActorDiedError';
}

/** The actor is temporarily unreachable (restarting); the call may succeed if retried. */
export class ActorUnavailableError extends RayError {
  static override readonly kind: string = 'ActorUnavailableError';
}

/** The object's value is gone and cannot be recovered. */
export class ObjectLostError extends RayError {
  static override readonly kind: string = 'ObjectLostError';
  constructor(readonly objectId: string, reason: string) {
    super(`Object ${objectId} is lost: ${reason}`);
  }
}

/**
 * The node that owned the object died (or cannot be reached), so its value cannot be fetched
 * or made again: an ObjectLostError, as in Ray.
 */
export class OwnerDiedError extends ObjectLostError {
  static override readonly kind: string = 'OwnerDiedError';
}

/** `ray.get(..., { timeoutMs })` expired before every value was ready. */
export class GetTimeoutError extends RayError {
  static override readonly kind: string = 'GetTimeoutError';
}

/** The task was cancelled with `ray.cancel` before it produced a value. */
export class TaskCancelledError extends RayError {
  static override readonly kind: string = 'TaskCancelledError';
}

/** The node running the task or holding the object died. */
export class NodeDiedError extends RayError {
  static override readonly kind: string = 'NodeDiedError';
}

/** A worker ran out of memory while running the task. */
export class OutOfMemoryError extends RayError {
  static override readonly kind: string = 'OutOfMemoryError';
}

/** The task's runtime environment could not be prepared. */
export class RuntimeEnvSetupError extends RayError {
  static override readonly kind: string = 'RuntimeEnvSetupError';
}

/** The worker running the task died (exited, crashed, or was terminated) and retries ran out. */
export class WorkerCrashedError extends RayError {
  static override readonly kind: string = 'WorkerCrashedError';
}

/** No node of the cluster can ever satisfy the task's resource request. */
export class TaskUnschedulableError extends RayError {
  static override readonly kind: string = 'TaskUnschedulableError';
}

/** A value given to tsray cannot be serialized (a function, a symbol, a socket, ...). */
export class SerializationError extends RayError {
  static override readonly kind: string = 'SerializationError';
}

/** A worker could not find or import the remote function or class it was asked to run. */
export class FunctionNotFoundError extends RayError {
  static override readonly kind: string = 'FunctionNotFoundError';
}

/**
 * A task or actor names a module that workers may not import: not a module of the job's code
 * package or of the node's code search path (in embedded mode, of the driver's project), such
 * as a `data:` or `http:` URL or a file elsewhere. Refused before anything is imported; the
 * message names the module.
 */
export class ModuleNotAllowedError extends FunctionNotFoundError {
  static override readonly kind: string = 'ModuleNotAllowedError';
}

/** An API was called with invalid arguments or options, or in the wrong state. */
export class InvalidArgumentError extends RayError {
  static override readonly kind: string = 'InvalidArgumentError';
}

/** The object store cannot do what was asked: its native addon is missing, a segment is gone, ... */
export class ObjectStoreError extends RayError {
  static override readonly kind: string = 'ObjectStoreError';
}

/**
 * The object store is full: eviction and spilling could not make room for an object.
 * The message names the object's size, the capacity and what is in use.
 */
export class ObjectStoreFullError extends ObjectStoreError {
  static override readonly kind: string = 'ObjectStoreFullError';
}

/** A node, driver or daemon speaks another tsray protocol version; the message names both. */
export class VersionMismatchError extends RayError {
  static override readonly kind: string = 'VersionMismatchError';
}

/** A cluster address could not be reached or is not a tsray GCS; the message names it. */
export class ConnectionError extends RayError {
  static override readonly kind: string = 'ConnectionError';
}

/**
 * A cluster refused the call: no auth token, or not the cluster's. The message says where
 * tsray looks for the token and how to print it on the head.
 */
export class AuthenticationError extends ConnectionError {
  static override readonly kind: string = 'AuthenticationError';
}

/**
 * The job server answered a request with an error (or would: the server throws it to answer).
 * `status` is the HTTP status: 400 for a bad request (the message names the field), 401 without
 * the cluster token, 404 for an unknown job or package.
 */
export class JobApiError extends RayError {
  static override readonly kind: string = 'JobApiError';

  constructor(readonly status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Every error class of this module by its kind, so errors can be rebuilt after crossing threads. */
export const errorClasses: Record<string, new (...args: any[]) => RayError> = {
  RayError, TaskError, ActorDiedError, ActorUnavailableError, ObjectLostError, OwnerDiedError,
  GetTimeoutError, TaskCancelledError, NodeDiedError, OutOfMemoryError, RuntimeEnvSetupError,
  WorkerCrashedError, TaskUnschedulableError, SerializationError, FunctionNotFoundError,
  ModuleNotAllowedError, InvalidArgumentError, ObjectStoreError, ObjectStoreFullError,
  VersionMismatchError, ConnectionError, AuthenticationError,
};

/** The brand kinds an error carries, or undefined for errors tsray did not make. */
export function errorKinds(err: unknown): string[] | undefined {
  return typeof err === 'object' && err !== null ? (err as { [KINDS]?: string[] })[KINDS] : undefined;
}

/** Rebuilds a tsray error of the given kind without running its constructor. */
export function rebuildRayError(kind: string, fields: Record<string, unknown>): RayError | undefined {
  const Cls = errorClasses[kind];
  if (!Cls) return undefined;
  const err = Reflect.construct(Error, [], Cls) as RayError;
  const kinds: string[] = [];
  for (let c: any = Cls; c && c.kind; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call(c, 'kind')) kinds.push(c.kind);
  }
  Object.defineProperty(err, KINDS, { value: kinds, enumerable: false });
  Object.defineProperty(err, 'name', { value: kind, enumerable: false, writable: true, configurable: true });
  for (const [k, v] of Object.entries(fields)) {
    Object.defineProperty(err, k, { value: v, enumerable: k !== 'name' && k !== 'message' && k !== 'stack' && k !== 'cause', writable: true, configurable: true });
  }
  if (kind === TaskError.kind) addCauseKinds(err, fields.cause);
  return err;
}

/**
 * A task error is also an instance of the tsray error it wraps (Ray's `RayTaskError` subclasses
 * its cause's class): a task that raised ActorDiedError fails with an error that is both a
 * TaskError and an ActorDiedError.
 */
function addCauseKinds(err: RayError, cause: unknown): void {
  const mine = errorKinds(err);
  const theirs = errorKinds(cause);
  if (!mine || !theirs) return;
  for (const k of theirs) if (!mine.includes(k)) mine.push(k);
}
