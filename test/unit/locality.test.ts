import { describe, expect, it } from 'vitest';
import { localityNode, tally } from '../../src/scheduler/locality.js';
import type { NodeView } from '../../src/scheduler/node-selection.js';

const node = (nodeId: string, total: Record<string, number>, available = total, alive = true): NodeView => ({ nodeId, alive, total, available });

describe('localityNode', () => {
  it('picks the node holding the most bytes of the arguments', () => {
    const nodes = [node('a', { CPU: 2 }), node('b', { CPU: 2 }), node('c', { CPU: 2 })];
    expect(localityNode(new Map([['b', 20e6], ['c', 30e6]]), { CPU: 1 }, nodes)).toBe('c');
  });

  it('passes over a holder that is dead or has no room now, for the next one', () => {
    const nodes = [node('a', { CPU: 2 }), node('b', { CPU: 2 }, { CPU: 0.5 }), node('c', { CPU: 2 }, { CPU: 2 }, false), node('d', { CPU: 2 })];
    expect(localityNode(new Map([['b', 30e6], ['c', 20e6], ['d', 10e6]]), { CPU: 1 }, nodes)).toBe('d');
  });

  it('has no preference when no holder can take the task, or nothing is held', () => {
    const nodes = [node('a', { CPU: 2 }), node('b', { CPU: 2 }, { CPU: 0 })];
    expect(localityNode(new Map([['b', 30e6]]), { CPU: 1 }, nodes)).toBeUndefined();
    expect(localityNode(new Map(), { CPU: 1 }, nodes)).toBeUndefined();
    // A node that lacks a resource the task needs is no holder it can use.
    expect(localityNode(new Map([['a', 5]]), { GPU: 1 }, nodes)).toBeUndefined();
  });

  it('breaks ties by node id, whatever order the view lists nodes in', () => {
    const nodes = [node('c', { CPU: 1 }), node('b', { CPU: 1 })];
    expect(localityNode(new Map([['c', 7], ['b', 7]]), { CPU: 1 }, nodes)).toBe('b');
  });

  it('tally sums bytes per node and ignores empty objects', () => {
    const m = new Map<string, number>();
    tally(m, 'a', 5);
    tally(m, 'a', 7);
    tally(m, 'b', 0);
    expect([...m]).toEqual([['a', 12]]);
  });
});
