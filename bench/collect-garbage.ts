/** A full garbage collection on demand for the bench programs (undefined where V8 refuses). */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const collectGarbage: (() => void) | undefined = (() => {
  try {
    // `gc` is exposed to contexts made after the flag is set; it collects the whole heap.
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/**
 * Collects garbage, then yields to the event loop so FinalizationRegistry callbacks run: a ref
 * dropped by the program is only released (and its object freed) once they have.
 */
export async function releaseDroppedRefs(): Promise<void> {
  collectGarbage?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
