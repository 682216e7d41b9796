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
