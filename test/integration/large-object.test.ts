import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import * as ray from '../../src/index.js';
import { sleep } from '../fixtures/tasks.js';
import { anonymousBytes, memoryGrowthOnRead, touchPages } from '../fixtures/arrays.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const GiB = 2 ** 30;

/**
 * Bytes of this process's shared-memory segments that hold pages (the store's arena is sparse:
 * only written pages count). Measured per process, not machine-wide: other test files move
 * large objects at the same time.
 */
function shmBytes(): number {
  let total = 0;
  for (const f of readdirSync('/dev/shm')) {
    if (f.startsWith(`tsray-${process.pid}.`)) total += statSync(`/dev/shm/${f}`).blocks * 512;
  }
  return total;
}

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('a 1 GiB array', () => {
  it('is stored once: a thread and a process read it while memory grows by about 1 GiB, not 2 or 3', async () => {
    const base = shmBytes() + anonymousBytes();
    let data: Float64Array | undefined = new Float64Array(GiB / 8).fill(1);
    const ref = ray.put(data);
    data = undefined; // the driver's own copy goes; the store's stays
    const pages = GiB / 8 / 512;
    expect(await ray.get(touchPages.remote(ref))).toBe(pages);
    // The process worker maps the store: reading every page adds no private memory there.
    const inProcess = await ray.get(memoryGrowthOnRead.options({ isolation: 'process' }).remote(ref));
    expect(inProcess.pages).toBe(pages);
    expect(inProcess.grew).toBeLessThan(0.1 * GiB);
    const view = await ray.get(ref);
    expect(view.length).toBe(GiB / 8);
    // V8 frees a collected ArrayBuffer's memory on a background thread, later on a loaded
    // machine: wait for the driver's own 1 GiB copy to be returned (a second stored copy never is).
    let grown = Infinity;
    for (let i = 0; i < 100 && grown >= 1.6 * GiB; i++) {
      gc();
      await sleep(100);
      grown = shmBytes() + anonymousBytes() - base;
    }
    expect(grown).toBeGreaterThan(0.8 * GiB);
    expect(grown).toBeLessThan(1.6 * GiB);
  }, 120_000);
});
