import { describe, expect, it } from 'vitest';
import { FailedNodes } from '../../src/remote/failed-nodes.js';

describe('FailedNodes', () => {
  it('leaves a node that just failed out of placement for a while, then lets it back', () => {
    let now = 1000;
    const failed = new FailedNodes(() => now);
    const nodes = [{ nodeId: 'a', alive: true, total: {}, available: {} }, { nodeId: 'b', alive: true, total: {}, available: {} }];
    failed.mark('b', 'connection reset');
    expect(failed.reason('b')).toBe('connection reset');
    expect(failed.reason('a')).toBeUndefined();
    expect(failed.list()).toEqual(['b']);
    expect(failed.view(nodes).map((n) => n.alive)).toEqual([true, false]);
    now += 29_999;
    expect(failed.list()).toEqual(['b']);
    now += 2;
    expect(failed.reason('b')).toBeUndefined();
    expect(failed.list()).toEqual([]);
    expect(failed.view(nodes).map((n) => n.alive)).toEqual([true, true]);
  });
});
