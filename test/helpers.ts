/** Resolves with the promise's rejection reason; fails if it fulfils instead. */
export function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${String(v)}`);
    },
    (e: unknown) => e,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Collects garbage until `cond` holds (finalizers run asynchronously after a collection), or
 * gives up after about two seconds. Needs node --expose-gc (vitest.config sets it).
 */
export async function collectUntil(cond: () => boolean | Promise<boolean>): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  for (let i = 0; i < 100 && !(await cond()); i++) {
    gc();
    await sleep(20);
  }
  return cond();
}

/** Polls the node's available CPUs until they equal `cpus` (or about five seconds pass). */
export async function availableCpusReach(ray: { availableResources(): Promise<Record<string, number>> }, cpus: number): Promise<number> {
  let now = -1;
  for (let i = 0; i < 500 && now !== cpus; i++) {
    now = (await ray.availableResources()).CPU ?? 0;
    if (now !== cpus) await sleep(10);
  }
  return now;
}

/** Polls `probe` until it gives a truthy value (returned), or fails naming `what` after the timeout. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
