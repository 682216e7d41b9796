import { describe, expect, it } from 'vitest';
import { chooseNode, type NodeView } from '../../src/scheduler/node-selection.js';

const node = (nodeId: string, total: Record<string, number>, available = total, alive = true): NodeView => ({ nodeId, alive, total, available });

describe('chooseNode', () => {
  const a = node('a', { CPU: 2 });
  const b = node('b', { CPU: 2 });
  const c = node('c', { CPU: 4, GPU: 1 });

  it('DEFAULT keeps work on this node while it is under half busy, then goes to the least busy node', () => {
    expect(chooseNode({ CPU: 1 }, undefined, 'a', [a, b, c], { next: 0 })).toEqual({ nodeId: 'a' });
    const busyA = node('a', { CPU: 2 }, { CPU: 1 });
    const busyB = node('b', { CPU: 2 }, { CPU: 0 });
    expect(chooseNode({ CPU: 1 }, undefined, 'a', [busyA, busyB, c], { next: 0 })).toEqual({ nodeId: 'c' });
  });

  it('DEFAULT queues on this node when no node can start it now but this one could run it', () => {
    const full = (id: string) => node(id, { CPU: 2 }, { CPU: 0 });
    expect(chooseNode({ CPU: 1 }, undefined, 'b', [full('a'), full('b')], { next: 0 })).toEqual({ nodeId: 'b' });
  });

  it('sends work this node can never run to a node that can', () => {
    expect(chooseNode({ GPU: 1 }, undefined, 'a', [a, b, c], { next: 0 })).toEqual({ nodeId: 'c' });
  });

  it('SPREAD visits every node in turn', () => {
    const cursor = { next: 0 };
    const picks = Array.from({ length: 6 }, () => (chooseNode({ CPU: 1 }, 'SPREAD', 'a', [a, b, c], cursor) as { nodeId: string }).nodeId);
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('node affinity: hard fails for a dead or unknown node, soft falls back', () => {
    const deadB = node('b', { CPU: 2 }, { CPU: 2 }, false);
    expect(chooseNode({ CPU: 1 }, { nodeId: 'c', soft: false }, 'a', [a, deadB, c], { next: 0 })).toEqual({ nodeId: 'c' });
    expect(chooseNode({ CPU: 1 }, { nodeId: 'b', soft: false }, 'a', [a, deadB, c], { next: 0 })).toEqual({ infeasible: expect.stringMatching(/node b, which is dead/) });
    expect(chooseNode({ CPU: 1 }, { nodeId: 'zz', soft: false }, 'a', [a, c], { next: 0 })).toEqual({ infeasible: expect.stringMatching(/not in the cluster/) });
    expect(chooseNode({ CPU: 1 }, { nodeId: 'b', soft: true }, 'a', [a, deadB, c], { next: 0 })).toEqual({ nodeId: 'a' });
  });

  it('names the missing resources when no node can ever run the task', () => {
    expect(chooseNode({ CPU: 8 }, undefined, 'a', [a, b, c], { next: 0 })).toEqual({ infeasible: 'no node can run it (CPU: requested 8, largest node has 4)' });
  });
});
