import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as ray from '../../src/index.js';
import { sleep } from '../fixtures/tasks.js';
import { touchPages } from '../fixtures/arrays.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const GiB = 2 ** 30;

/** Memory in use on the machine (all processes, shared memory included), from /proc/meminfo. */
function usedBytes(): number {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(info)![1]) * 1024;
  return kb('MemTotal') - kb('MemAvailable');
}

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('a 1 GiB array', () => {
  it('is stored once: a thread and a process read it while memory grows by about 1 GiB, not 2 or 3', async () => {
    const base = usedBytes();
    let data: Float64Array | undefined = new Float64Array(GiB / 8).fill(1);
    const ref = ray.put(data);
    data = undefined; // the driver's own copy goes; the store's stays
    gc();
    await sleep(100);
    const pages = GiB / 8 / 512;
    expect(await ray.get(touchPages.remote(ref))).toBe(pages);
    expect(await ray.get(touchPages.options({ isolation: 'process' }).remote(ref))).toBe(pages);
    const view = await ray.get(ref);
    expect(view.length).toBe(GiB / 8);
    const grown = usedBytes() - base;
    expect(grown).toBeGreaterThan(0.8 * GiB);
    expect(grown).toBeLessThan(1.6 * GiB);
  }, 120_000);
});
