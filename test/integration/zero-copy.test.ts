import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import * as ray from '../../src/index.js';
import { collectUntil } from '../helpers.js';
import { echo } from '../fixtures/tasks.js';
import { makeBig, sumBig, writeInto } from '../fixtures/arrays.js';

// This process's segments only: test files run in parallel, each with its own sessions.
const segments = () => readdirSync('/dev/shm').filter((f) => f.startsWith(`tsray-${process.pid}.`));
const before = segments();

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  // Shutdown unlinks every segment of the session.
  expect(segments().filter((s) => !before.includes(s))).toEqual([]);
});

describe('large arrays in shared memory', () => {
  it('puts a large array once and every reader maps the same memory', async () => {
    const data = new Float64Array(1 << 17).map((_, i) => i); // 1 MiB
    const ref = ray.put(data);
    const segs = segments().filter((s) => !before.includes(s));
    expect(segs.length).toBeGreaterThanOrEqual(1);
    const a = await ray.get(ref);
    const b = await ray.get(ref);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a[12345]).toBe(12345);
    // Two gets in one thread share one mapping: no copy was made.
    a[0] = -1;
    expect(b[0]).toBe(-1);
    // A worker thread sees the same memory too (it writes; the driver reads the change).
    await ray.get(writeInto.remote(ref, 1, 77));
    expect(a[1]).toBe(77);
    expect(await ray.get(sumBig.options({ isolation: 'process' }).remote(ref))).toBeGreaterThan(0);
  });

  it('returns large arrays from tasks and processes through shared memory', async () => {
    const fromThread = await ray.get(makeBig.remote(200_000));
    expect(fromThread).toBeInstanceOf(Float64Array);
    expect(fromThread.length).toBe(200_000);
    expect(fromThread[199_999]).toBe(199_999);
    const fromProcess = await ray.get(makeBig.options({ isolation: 'process' }).remote(150_000));
    expect(fromProcess[149_999]).toBe(149_999);
    const buf = (await ray.get(echo.remote(Buffer.alloc(300_000, 7)))) as Buffer;
    expect(Buffer.isBuffer(buf)).toBe(true);
    expect(buf.length).toBe(300_000);
    expect(buf[299_999]).toBe(7);
  });

  it("frees an object's memory in the store when the object is freed", async () => {
    const earlier = await ray.objectStoreStats();
    let ref: ray.ObjectRef<Float64Array> | undefined = ray.put(new Float64Array(1 << 16));
    const held = await ray.objectStoreStats();
    expect(held.objects).toBeGreaterThanOrEqual(earlier.objects + 1);
    expect(held.used).toBeGreaterThanOrEqual(earlier.used + (1 << 19));
    // No new segment: the object lives inside the store's arena.
    expect(segments().filter((s) => s.endsWith('arena'))).toHaveLength(1);
    ref = undefined;
    expect(await collectUntil(async () => (await ray.objectStoreStats()).used <= held.used - (1 << 19))).toBe(true);
    expect(ref).toBeUndefined();
  });

  it('keeps small arrays inline', async () => {
    const earlier = new Set(segments());
    const small = await ray.get(ray.put(new Int32Array([1, 2, 3])));
    expect(small).toEqual(new Int32Array([1, 2, 3]));
    expect(segments().filter((s) => !earlier.has(s))).toEqual([]);
  });
});
