import { describe, expect, it } from 'vitest';
import { Outboxes } from '../../src/raylet/outboxes.js';

describe('Outboxes', () => {
  it('posts the messages of one turn as one batch per destination, in order', async () => {
    const posted: Array<[string, number[]]> = [];
    const o = new Outboxes<string, number>((key, batch) => posted.push([key, batch]));
    o.queue('a', 1);
    o.queue('b', 2);
    o.queue('a', 3);
    expect(posted).toEqual([]);
    await Promise.resolve();
    expect(posted).toEqual([['a', [1, 3]], ['b', [2]]]);
    o.queue('a', 4);
    o.flush(); // at once, for a caller about to wait on the reply
    expect(posted.at(-1)).toEqual(['a', [4]]);
    await Promise.resolve();
    expect(posted).toHaveLength(3);
  });
});
