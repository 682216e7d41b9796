import { describe, expect, it } from 'vitest';
import { PullManager } from '../../src/objectmanager/pull-manager.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PullManager (dedup of concurrent pulls)', () => {
  it('runs one transfer for concurrent requests of a key, and every waiter gets its outcome', async () => {
    const pulls = new PullManager<string>();
    const d = deferred<string>();
    let starts = 0;
    const start = () => {
      starts++;
      return d.promise;
    };
    const waiters = [pulls.pull('x', start), pulls.pull('x', start), pulls.pull('x', start)];
    expect(starts).toBe(1);
    expect(pulls.has('x')).toBe(true);
    expect(pulls.started).toBe(1);
    expect(pulls.joined).toBe(2);
    d.resolve('copy');
    expect(await Promise.all(waiters)).toEqual(['copy', 'copy', 'copy']);
    expect(pulls.has('x')).toBe(false);
  });

  it('starts a new transfer once the previous one is over, and keeps keys apart', async () => {
    const pulls = new PullManager<number>();
    let n = 0;
    const start = async () => ++n;
    const [a, b] = await Promise.all([pulls.pull('a', start), pulls.pull('b', start)]);
    expect(new Set([a, b])).toEqual(new Set([1, 2]));
    expect(await pulls.pull('a', start)).toBe(3);
    expect(pulls.started).toBe(3);
    expect(pulls.joined).toBe(0);
    expect(pulls.size).toBe(0);
  });

  it('hands a failure to every waiter, then lets the key be pulled again', async () => {
    const pulls = new PullManager<string>();
    const d = deferred<string>();
    const first = pulls.pull('x', () => d.promise);
    const second = pulls.pull('x', () => Promise.resolve('unused'));
    d.reject(new Error('owner died'));
    await expect(first).rejects.toThrow('owner died');
    await expect(second).rejects.toThrow('owner died');
    expect(await pulls.pull('x', () => Promise.resolve('retried'))).toBe('retried');
  });

  it('treats a start that throws as a failed transfer', async () => {
    const pulls = new PullManager<string>();
    await expect(pulls.pull('x', () => {
      throw new Error('no store');
    })).rejects.toThrow('no store');
    expect(pulls.has('x')).toBe(false);
  });
});
