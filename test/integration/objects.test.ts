import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { timed, square } from '../fixtures/tasks.js';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('put, get and wait', () => {
  it('puts synchronously and snapshots the value', async () => {
    const value = { list: [1, 2, 3] };
    const ref = ray.put(value);
    value.list.push(4);
    expect(await ray.get(ref)).toEqual({ list: [1, 2, 3] });
    expect(() => ray.put(ref)).toThrow(/already an ObjectRef/);
  });

  it('get with timeoutMs throws GetTimeoutError and the value arrives later', async () => {
    const ref = timed.remote(400);
    const err = await rejection(ray.get(ref, { timeoutMs: 50 }));
    expect(err).toBeInstanceOf(ray.GetTimeoutError);
    expect(err.message).toMatch(/timed out after 50 ms: 1 of 1/);
    expect((await ray.get(ref)).end).toBeGreaterThan(0);
  });

  it('wait returns numReturns ready refs in order, and respects the timeout', async () => {
    const slow = timed.remote(1500);
    const fast = square.remote(2);
    const [ready, notReady] = await ray.wait([slow, fast], { numReturns: 1 });
    expect(ready).toEqual([fast]);
    expect(notReady).toEqual([slow]);
    const [r2, n2] = await ray.wait([slow, fast], { numReturns: 2, timeoutMs: 50 });
    expect(r2).toEqual([fast]);
    expect(n2).toEqual([slow]);
    const [r3] = await ray.wait([slow, fast], { numReturns: 2 });
    expect(r3).toEqual([slow, fast]);
  });

  it('wait with timeoutMs 0 polls', async () => {
    const ref = timed.remote(300);
    const [ready, notReady] = await ray.wait([ref], { timeoutMs: 0 });
    expect(ready).toEqual([]);
    expect(notReady).toEqual([ref]);
    await ray.get(ref);
  });
});
