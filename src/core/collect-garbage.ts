import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection of this isolate, on demand. Memory the runtime cannot release
 * explicitly (a dropped ref, a mapping of shared memory held by a view) goes only when the heap
 * is collected, and an idle thread does not collect. (`gc` is exposed to contexts made after
 * the flag is set.)
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const pending = new Map<number, NodeJS.Timeout>();

/**
 * Collects after each of `delaysMs` (calls meanwhile share the collections): memory a socket
 * still holds a view of when the first collection runs goes at a later one.
 */
export function collectGarbageSoon(delaysMs: readonly number[] = [50, 1000, 3000]): void {
  for (const delay of delaysMs) {
    if (pending.has(delay)) continue;
    const timer = setTimeout(() => {
      pending.delete(delay);
      collectGarbage();
    }, delay);
    timer.unref();
    pending.set(delay, timer);
  }
}
