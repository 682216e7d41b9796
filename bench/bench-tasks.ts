/**
 * Remote functions of the microbenchmark. They live in their own module because worker threads
 * import the module that defined a remote function: this one has no side effects besides
 * registering them, so workers never run the benchmark program itself.
 */
import * as ray from '../dist/index.js';

/** Ray's `small_value`: a no-op task with a tiny result. */
export const noop = ray.remote(function noop(): number {
  return 0;
});

/** Ray's `create_object_containing_ref`: returns a list of `n` refs put by the task. */
export const createObjectContainingRefs = ray.remote(function createObjectContainingRefs(n: number): ray.ObjectRef<number>[] {
  const refs = new Array<ray.ObjectRef<number>>(n);
  for (let i = 0; i < n; i++) refs[i] = ray.put(1);
  return refs;
});

/** Ray's `Actor`: a sync actor whose calls return a tiny value. */
export class SmallActorImpl {
  small(): number {
    return 0;
  }

  smallArg(_x: unknown): number {
    return 0;
  }
}
export const SmallActor = ray.actor(SmallActorImpl);

/** Calls an actor it was given `n` times (all in flight), and returns how long that took in ms. */
export const callActor = ray.remote(async function callActor(actor: ray.Actor<SmallActorImpl>, n: number): Promise<number> {
  const t = performance.now();
  await ray.get(Array.from({ length: n }, () => actor.small.remote()));
  return performance.now() - t;
});

/** Ray's `AsyncActor`: the same with async methods (tsray runs up to 1000 calls at once). */
export class AsyncSmallActorImpl {
  async small(): Promise<number> {
    return 0;
  }

  async smallArg(_x: unknown): Promise<number> {
    return 0;
  }
}
export const AsyncSmallActor = ray.actor(AsyncSmallActorImpl);

/** What the clients below call: either actor class. */
export type SmallActorHandle = ray.Actor<SmallActorImpl> | ray.Actor<AsyncSmallActorImpl>;

/**
 * Ray's n:n client (`work` / `Client.small_value_batch`): a task that submits `n` calls to the
 * actor it was given, then gets them all.
 */
export const callActorBatch = ray.remote(async function callActorBatch(actor: SmallActorHandle, n: number): Promise<number> {
  const refs = new Array<ray.ObjectRef<number>>(n);
  for (let i = 0; i < n; i++) refs[i] = actor.small.remote();
  await ray.get(refs);
  return n;
});

/**
 * Ray's `Client.small_value_batch_arg`: the same, each call with an argument, a ref to a small
 * object the client put (`x = ray.put(0)`), resolved to its value before each call runs.
 */
export const callActorBatchWithArg = ray.remote(async function callActorBatchWithArg(actor: SmallActorHandle, n: number): Promise<number> {
  const x = ray.put(0);
  const refs = new Array<ray.ObjectRef<number>>(n);
  for (let i = 0; i < n; i++) refs[i] = actor.smallArg.remote(x);
  await ray.get(refs);
  return n;
});

/** Ray's multi client put: a task that puts `count` arrays of `bytes` bytes, then drops them. */
export const putArrays = ray.remote(function putArrays(bytes: number, count: number): number {
  const data = new Float64Array(bytes / 8).fill(1);
  for (let i = 0; i < count; i++) ray.put(data);
  return count;
});

/** Reads one element per page of an array (touching all its memory); returns the page count. */
export const touchPages = ray.remote(function touchPages(a: Float64Array): number {
  let pages = 0;
  for (let i = 0; i < a.length; i += 512) pages += a[i]! > -1 ? 1 : 0;
  return pages;
});

/** Bytes of an array it was given (reading it means it reached this node). */
export const byteLength = ray.remote(function byteLength(a: Float64Array): number {
  return a.byteLength;
});

/** A result of `n` bytes, each its index mod 251 (the large-transfer benchmark checks a few). */
export const makeBytes = ray.remote(function makeBytes(n: number): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < 251 && i < n; i++) a[i] = i;
  // Doubling copies: memcpy speed instead of a byte loop.
  for (let filled = Math.min(251, n); filled < n; filled *= 2) a.copyWithin(filled, 0, Math.min(filled, n - filled));
  return a;
});

/** makeBytes without the result: what making the bytes costs, for the transfer's share. */
export const makeBytesOnly = ray.remote(function makeBytesOnly(n: number): number {
  const a = new Uint8Array(n);
  for (let i = 0; i < 251 && i < n; i++) a[i] = i;
  for (let filled = Math.min(251, n); filled < n; filled *= 2) a.copyWithin(filled, 0, Math.min(filled, n - filled));
  return a[n - 1]!;
});
