import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Bytes mapped since the last collection, on `globalThis` under a registered symbol: a job's
 * code may load a second copy of tsray (its working-directory package) into a worker, whose
 * readers count here too.
 */
const MAPPED = Symbol.for('tsray.shared-bytes-mapped');
const counter = (): { bytes: number } => ((globalThis as { [MAPPED]?: { bytes: number } })[MAPPED] ??= { bytes: 0 });

/**
 * A full garbage collection of this isolate, on demand. Memory the runtime cannot release
 * explicitly (a dropped ref, a mapping of shared memory held by a view) goes only when the heap
 * is collected, and an idle thread does not collect. (`gc` is exposed to contexts made after
 * the flag is set.)
 */
export function collectGarbage(): void {
  counter().bytes = 0;
  // Made on first use: modules that only count mappings leave V8's flags alone.
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Counts shared memory this thread mapped (a block of the store read as an ArrayBuffer). The
 * mapping pins the block until the ArrayBuffer is collected: a freed object's memory is not
 * reused meanwhile, and the next object of its size lands in pages never touched (a page
 * fault and a zeroing per 4 KiB), so an idle thread that mapped much should collect.
 */
export function noteSharedMapping(bytes: number): void {
  counter().bytes += bytes;
}

/** Bytes of shared memory this thread mapped since its last `collectGarbage`. */
export function sharedBytesMappedSinceCollect(): number {
  return counter().bytes;
}

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
