import { ObjectRef } from '../common/object-ref.js';
import { ObjectRefGenerator } from './object-ref-generator.js';
import { requireCoreWorker } from './session.js';
import { InvalidArgumentError } from '../common/errors.js';
import { pack } from '../serialization/serializer.js';

/**
 * Keeps the caller's refs reachable until a `get` (or `wait`) is over, in whatever thread it
 * runs: their objects, and the shared memory their arrays live in, must not be freed while the
 * call waits or a reply is still being decoded. The core worker takes ids, not refs, so this is
 * the one place that holds them.
 */
function keepAlive(refs: unknown): void {
  // A store the optimizer cannot drop, cleared once the caller's turn is over.
  keptRefs = refs;
  queueMicrotask(() => {
    keptRefs = undefined;
  });
}
let keptRefs: unknown;

/** The value type of an ObjectRef. */
export type RefValue<R> = R extends ObjectRef<infer T> ? T : never;

export interface GetOptions {
  /** Reject with GetTimeoutError if the values are not all ready in time. */
  timeoutMs?: number;
}

function checkTimeout(fn: string, timeoutMs: unknown): void {
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs >= 0))) {
    throw new InvalidArgumentError(`${fn}: timeoutMs must be a number >= 0, got ${JSON.stringify(timeoutMs)}.`);
  }
}

function refIds(fn: string, refs: readonly unknown[]): string[] {
  const ids = new Array<string>(refs.length);
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (!(r instanceof ObjectRef)) throw new InvalidArgumentError(`${fn}: element ${i} is not an ObjectRef (got ${r === null ? 'null' : typeof r}). Pass refs returned by .remote() or ray.put().`);
    ids[i] = r.id;
  }
  return ids;
}

/**
 * Waits for and returns the value(s) of refs. A task's exception re-throws here as a TaskError.
 *
 * @example
 * ```ts
 * const nine = await ray.get(square.remote(3));
 * const [a, b] = await ray.get([square.remote(1), square.remote(2)], { timeoutMs: 1000 });
 * ```
 */
export function get<T>(ref: ObjectRef<T>, options?: GetOptions): Promise<T>;
export function get<const R extends readonly ObjectRef<unknown>[]>(refs: R, options?: GetOptions): Promise<{ -readonly [K in keyof R]: RefValue<R[K]> }>;
export async function get(refOrRefs: ObjectRef<unknown> | readonly ObjectRef<unknown>[], options: GetOptions = {}): Promise<unknown> {
  checkTimeout('ray.get', options.timeoutMs);
  const cw = requireCoreWorker();
  if (Array.isArray(refOrRefs)) {
    const values = await cw.get(refIds('ray.get', refOrRefs), options.timeoutMs);
    keepAlive(refOrRefs);
    return values;
  }
  if (!(refOrRefs instanceof ObjectRef)) {
    throw new InvalidArgumentError(`ray.get: expected an ObjectRef or an array of them, got ${refOrRefs === null ? 'null' : typeof refOrRefs}${refOrRefs instanceof ObjectRefGenerator ? ' (a generator: iterate it with for await)' : ''}.`);
  }
  const [value] = await cw.get([refOrRefs.id], options.timeoutMs);
  keepAlive(refOrRefs);
  return value;
}

/**
 * Stores a value in the object store and returns a ref to it, synchronously. The value is
 * serialized now: later changes to it are not seen by readers.
 *
 * @example
 * ```ts
 * const weights = ray.put(new Float64Array(1e6));
 * await ray.get(train.remote(weights));
 * ```
 */
export function put<T>(value: T): ObjectRef<T> {
  if (value instanceof ObjectRef) throw new InvalidArgumentError('ray.put: the value is already an ObjectRef; pass it to tasks as it is.');
  const cw = requireCoreWorker();
  const packed = pack(value, 'the value given to ray.put');
  const id = cw.newPutId();
  // The ref exists (and counts) before the value is stored, so the value is never unreferenced.
  const ref = new ObjectRef<T>(id);
  cw.put(id, packed);
  return ref;
}

export interface WaitOptions {
  /** How many refs must be ready (default 1). */
  numReturns?: number;
  /** Return what is ready after this long (default: wait for numReturns). */
  timeoutMs?: number;
  /** Accepted for Ray compatibility; objects are always local in embedded mode. */
  fetchLocal?: boolean;
}

/**
 * Waits until `numReturns` of the refs are ready or the timeout passes, and splits them into
 * ready and not-ready lists, each in the order given.
 *
 * @example
 * ```ts
 * const [ready, notReady] = await ray.wait(refs, { numReturns: 1, timeoutMs: 500 });
 * ```
 */
export async function wait<R extends ObjectRef<unknown>>(refs: readonly R[], options: WaitOptions = {}): Promise<[R[], R[]]> {
  if (!Array.isArray(refs)) throw new InvalidArgumentError('ray.wait: expected an array of ObjectRefs.');
  // Nothing to wait for is ready at once (Ray returns two empty lists).
  if (refs.length === 0) return [[], []];
  const ids = refIds('ray.wait', refs);
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError('ray.wait: the list contains the same ref twice; pass each ref once.');
  const numReturns = options.numReturns ?? 1;
  if (!Number.isInteger(numReturns) || numReturns < 1 || numReturns > refs.length) {
    throw new InvalidArgumentError(`ray.wait: numReturns must be an integer between 1 and the number of refs (${refs.length}), got ${JSON.stringify(numReturns)}.`);
  }
  checkTimeout('ray.wait', options.timeoutMs);
  const flags = await requireCoreWorker().wait(ids, numReturns, options.timeoutMs);
  keepAlive(refs);
  const ready: R[] = [];
  const notReady: R[] = [];
  for (let i = 0; i < refs.length; i++) {
    if (flags[i] && ready.length < numReturns) ready.push(refs[i]!);
    else notReady.push(refs[i]!);
  }
  return [ready, notReady];
}

export interface CancelOptions {
  /** Terminate the worker running the task (default false: interrupt its pending `get`s). */
  force?: boolean;
  /** Cancel the tasks it submitted too (default true). */
  recursive?: boolean;
}

/**
 * Cancels the task that produces a ref. A queued task never runs; a running one is interrupted
 * (or, with `force`, its worker is terminated). `get` of its result throws TaskCancelledError.
 *
 * @example
 * ```ts
 * const ref = slow.remote();
 * ray.cancel(ref, { force: true });
 * ```
 */
export function cancel(ref: ObjectRef<unknown> | ObjectRefGenerator<unknown>, options: CancelOptions = {}): void {
  const id = ref instanceof ObjectRefGenerator ? ref.ref.id : ref instanceof ObjectRef ? ref.id : undefined;
  if (id === undefined) throw new InvalidArgumentError('ray.cancel: expected an ObjectRef returned by .remote().');
  requireCoreWorker().cancel(id, options.force ?? false, options.recursive ?? true);
}
