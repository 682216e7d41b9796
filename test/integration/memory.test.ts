import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { runtimeState } from '../../src/common/runtime-state.js';
import type { DriverCoreWorker } from '../../src/core/driver-core-worker.js';
import { noop, makeRef, echo, putMany, sleep } from '../fixtures/tasks.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const driver = () => runtimeState().coreWorker as DriverCoreWorker;

/** Collects garbage until the object count stops falling (finalizers run asynchronously). */
async function settle(): Promise<number> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    gc();
    await sleep(20);
    const n = driver().objects.size;
    if (n === last && i > 10) return n;
    last = n;
  }
  return last;
}

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('reference counting', () => {
  it('frees the results of dropped tasks, so a long loop runs in bounded memory', async () => {
    expect(typeof gc).toBe('function');
    const base = await settle();
    let peak = 0;
    for (let round = 0; round < 20; round++) {
      await ray.get(Array.from({ length: 1000 }, () => noop.remote()));
      gc();
      peak = Math.max(peak, driver().objects.size);
    }
    // 20,000 tasks ran; far fewer objects were ever alive at once, and none remain.
    expect(peak).toBeLessThan(5000);
    expect(await settle()).toBe(base);
    expect(driver().tasks.size).toBe(0);
  });

  it('keeps what is still reachable', async () => {
    const kept = ray.put('kept');
    const inner = ray.put('inner');
    const outer = ray.put({ inner });
    const fromTask = (await ray.get(makeRef.remote(7))).ref;
    await settle();
    expect(await ray.get(kept)).toBe('kept');
    expect(await ray.get(fromTask)).toBe(7);
    // The inner object lives while the outer one (which contains a ref to it) does.
    const innerId = inner.id;
    expect(driver().objects.has(innerId)).toBe(true);
    const box = await ray.get(outer);
    expect(await ray.get(box.inner)).toBe('inner');
  });

  it('frees an object nested in another once the container goes', async () => {
    let inner: ray.ObjectRef<string> | undefined = ray.put('x'.repeat(10));
    const innerId = inner.id;
    let outer: ray.ObjectRef<unknown> | undefined = ray.put([inner]);
    inner = undefined;
    await settle();
    expect(driver().objects.has(innerId)).toBe(true);
    outer = undefined;
    await settle();
    expect(outer).toBeUndefined();
    expect(driver().objects.has(innerId)).toBe(false);
  });

  it('frees objects a worker created and dropped, once the worker is idle', async () => {
    const base = await settle();
    let refs: ray.ObjectRef<number>[] | undefined = await ray.get(putMany.remote(5000));
    expect(refs).toHaveLength(5000);
    expect(driver().objects.size).toBeGreaterThanOrEqual(base + 5000);
    refs = undefined;
    expect(await settle()).toBeLessThanOrEqual(base);
  });

  it('keeps an argument alive while its task runs, even with every driver ref dropped', async () => {
    const result = echo.remote(ray.put('payload'));
    await settle();
    expect(await ray.get(result)).toBe('payload');
  });
});
