import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { fib, getNested, timed } from '../fixtures/tasks.js';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('nested tasks', () => {
  it('runs a recursive fibonacci of depth 12 on 2 CPUs without deadlock', async () => {
    expect(await ray.get(fib.remote(12))).toBe(144);
    // Every blocked task gave its CPU back and took it back when it resumed.
    expect(await ray.availableResources()).toMatchObject({ CPU: 2 });
  });
});

describe('batched short tasks', () => {
  it('run to completion when they all block on one slow object', async () => {
    // Warm up so the function is known to be short and its tasks get batched on leases.
    await ray.get(Array.from({ length: 50 }, () => getNested.remote({ inner: ray.put(1) })));
    const slow = timed.remote(200);
    const refs = Array.from({ length: 300 }, () => getNested.remote({ inner: slow as unknown as ray.ObjectRef<number> }));
    const results = await ray.get(refs);
    expect(results).toHaveLength(300);
    expect(await ray.availableResources()).toMatchObject({ CPU: 2 });
  });
});
