import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidArgumentError } from '../../src/common/errors.js';
import { GcsContact } from '../../src/gcs/gcs-reconnect.js';
import { retryWithBackoff } from '../../src/gcs/retry.js';
import { pickLocalHead, type NodeRecord } from '../../src/cluster/node-folders.js';

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}

const policy = { retryForMs: 1000, backoff: { initialMs: 100, maxMs: 400, multiplier: 2, jitter: 0 } };

describe('retry with backoff', () => {
  it('retries a failing request with growing delays until it succeeds', async () => {
    const time = fakeTime();
    let calls = 0;
    const value = await retryWithBackoff('op', async () => {
      if (++calls < 4) throw new Error('Command timed out');
      return 'ok';
    }, policy, { isRetryable: () => true, ...time });
    expect(value).toBe('ok');
    expect(calls).toBe(4);
    expect(time.sleeps).toEqual([100, 200, 400]);
  });

  it('gives up within its budget with a ConnectionError naming the request, the attempts and the cause', async () => {
    const time = fakeTime();
    const last = new Error("Stream isn't writeable");
    const err = await retryWithBackoff('Redis HSET nodes at 127.0.0.1:1', async () => {
      throw last;
    }, policy, { isRetryable: () => true, ...time }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(/^Redis HSET nodes at 127\.0\.0\.1:1 failed after 4 attempt\(s\) in 700 ms: Stream isn't writeable/);
    expect((err as Error).cause).toBe(last);
    // 100 + 200 + 400 = 700; one more 400 would pass the 1000 ms budget.
    expect(time.sleeps).toEqual([100, 200, 400]);
  });

  it('counts the time a slow attempt took against the budget', async () => {
    const time = fakeTime();
    let calls = 0;
    const err = await retryWithBackoff('op', async () => {
      calls++;
      time.advance(600); // an attempt that ran into its deadline
      throw new Error('Command timed out');
    }, policy, { isRetryable: () => true, ...time }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(calls).toBe(2);
  });

  it('throws a failure that is not retryable at once, as it is', async () => {
    const time = fakeTime();
    const refused = new InvalidArgumentError('WRONGTYPE');
    const err = await retryWithBackoff('op', async () => {
      throw refused;
    }, policy, { isRetryable: (e) => !(e instanceof InvalidArgumentError), ...time }).catch((e: unknown) => e);
    expect(err).toBe(refused);
    expect(time.sleeps).toEqual([]);
  });

  it('reports each retry', async () => {
    const time = fakeTime();
    const seen: Array<[number, number]> = [];
    let calls = 0;
    await retryWithBackoff('op', async () => {
      if (++calls < 3) throw new Error('x');
    }, policy, { isRetryable: () => true, onRetry: (_e, attempt, delay) => seen.push([attempt, delay]), ...time });
    expect(seen).toEqual([[0, 100], [1, 200]]);
  });
});

describe('contact with the GCS (reconnect timeout)', () => {
  it('reports the first failure, stays quiet while retrying, and gives up after the timeout', () => {
    const c = new GcsContact(60_000, 0);
    expect(c.succeeded(1000)).toEqual({});
    expect(c.failed(2000)).toBe('lost');
    expect(c.lost).toBe(true);
    expect(c.failed(30_000)).toBe('retrying');
    expect(c.silentMs(30_000)).toBe(29_000);
    expect(c.failed(61_000)).toBe('retrying');
    expect(c.failed(61_001)).toBe('give-up');
  });

  it('starts over after contact, and says how long it was lost', () => {
    const c = new GcsContact(10_000, 0);
    c.failed(1000);
    c.failed(9000);
    expect(c.succeeded(9500)).toEqual({ downMs: 8500 });
    expect(c.lost).toBe(false);
    expect(c.failed(15_000)).toBe('lost');
    expect(c.failed(19_000)).toBe('retrying');
    expect(c.failed(19_501)).toBe('give-up');
  });

  it('never gives up with an infinite timeout', () => {
    const c = new GcsContact(Infinity, 0);
    c.failed(1);
    expect(c.failed(1e12)).toBe('retrying');
  });
});

describe('the local head a restarting cluster is found by', () => {
  const rec = (over: Partial<NodeRecord>): NodeRecord => ({ nodeDir: '/x', gcsAddress: '127.0.0.1:6380', isHead: true, startedAt: 1, ...over });

  it('prefers the newest head whose GCS runs, else one whose raylet runs (its GCS is restarting)', () => {
    const alive = new Set([11, 22]);
    const isAlive = (pid: number | undefined) => pid !== undefined && alive.has(pid);
    const old = rec({ gcsAddress: 'a:1', gcsPid: 11, startedAt: 1 });
    const newerDown = rec({ gcsAddress: 'b:2', gcsPid: 99, rayletPid: 22, startedAt: 2 });
    const worker = rec({ gcsAddress: 'c:3', isHead: false, rayletPid: 22, startedAt: 3 });
    expect(pickLocalHead([old, newerDown, worker], isAlive)?.gcsAddress).toBe('a:1');
    expect(pickLocalHead([newerDown, worker], isAlive)?.gcsAddress).toBe('b:2');
    expect(pickLocalHead([rec({ gcsPid: 98, rayletPid: 97 })], isAlive)).toBeUndefined();
  });
});
