/** A full garbage collection on demand for the bench programs (the runtime's own helper). */
import { collectGarbage } from '../dist/objectstore/collect-garbage.js';

export { collectGarbage };

/**
 * Collects garbage, then yields to the event loop so FinalizationRegistry callbacks run: a ref
 * dropped by the program is only released (and its object freed) once they have.
 */
export async function releaseDroppedRefs(): Promise<void> {
  collectGarbage?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
