import { describe, expect, it } from 'vitest';
import { planSpillback } from '../../src/scheduler/spillback.js';
import type { NodeView } from '../../src/scheduler/node-selection.js';

const node = (nodeId: string, total: Record<string, number>, available = total, alive = true): NodeView => ({ nodeId, alive, total, available });

describe('planSpillback', () => {
  it('sends queued work to other nodes with room now, no more than each reported free', () => {
    const here = node('a', { CPU: 1 }, { CPU: 0.2 });
    const b = node('b', { CPU: 2 });
    expect(planSpillback([{ CPU: 1 }, { CPU: 1 }, { CPU: 1 }], 'a', [here, b])).toEqual(['b', 'b', undefined]);
  });

  it('never picks this node, a dead node, or one lacking a resource', () => {
    const here = node('a', { CPU: 4 });
    const dead = node('b', { CPU: 4 }, { CPU: 4 }, false);
    const noGpu = node('c', { CPU: 4 });
    expect(planSpillback([{ CPU: 1 }, { GPU: 1 }], 'a', [here, dead, noGpu])).toEqual(['c', undefined]);
  });

  it('prefers the least busy node, as charged within the pass', () => {
    const b = node('b', { CPU: 4 }, { CPU: 2 });
    const c = node('c', { CPU: 4 }, { CPU: 4 });
    expect(planSpillback([{ CPU: 1 }, { CPU: 1 }, { CPU: 1 }, { CPU: 1 }], 'a', [b, c])).toEqual(['c', 'c', 'b', 'c']);
  });

  it('leaves the view it was given untouched', () => {
    const b = node('b', { CPU: 2 });
    planSpillback([{ CPU: 2 }], 'a', [b]);
    expect(b.available).toEqual({ CPU: 2 });
  });
});
