import { describe, expect, it } from 'vitest';
import { CallBatcher, serveBatch, type BatchRequest } from '../../src/remote/call-batches.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('call batches', () => {
  it('sends the calls of one turn in one request, and a slow call holds back only itself', async () => {
    const requests: Array<BatchRequest<number>> = [];
    const batcher = new CallBatcher<number, number>(async (_address, request) => {
      requests.push(request);
      return serveBatch(request, async (ms) => {
        await sleep(ms);
        return ms * 2;
      });
    });
    const order: number[] = [];
    const calls = [300, 1, 2, 3].map((ms) => batcher.call('n1:1', ms).then((r) => (order.push(ms), r)));
    expect(await Promise.all(calls)).toEqual([600, 2, 4, 6]);
    expect(order.at(-1)).toBe(300);
    expect(requests[0]!.calls).toEqual([300, 1, 2, 3]);
    // The rest were collected with follow-up requests naming the batch.
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.slice(1).every((r) => r.collect !== undefined && r.calls === undefined)).toBe(true);
  });

  it('fails a call that could not run with its message, and every unanswered call when the request fails', async () => {
    const ok = new CallBatcher<string, string>(async (_a, request) => serveBatch(request, async (p) => {
      if (p === 'bad') throw new Error('no such actor');
      return p;
    }));
    const [good, bad] = await Promise.allSettled([ok.call('a:1', 'fine'), ok.call('a:1', 'bad')]);
    expect(good).toEqual({ status: 'fulfilled', value: 'fine' });
    expect((bad as PromiseRejectedResult).reason.message).toBe('no such actor');

    const down = new CallBatcher<string, string>(async () => {
      throw new Error('connection refused');
    });
    const both = await Promise.allSettled([down.call('b:1', 'x'), down.call('b:1', 'y')]);
    expect(both.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(['connection refused', 'connection refused']);
  });

  it('says so when asked to collect a batch it does not run', async () => {
    await expect(serveBatch({ collect: 'nope' }, async () => 1)).rejects.toThrow(/no batch of calls nope/);
  });
});
