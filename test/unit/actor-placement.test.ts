import { describe, expect, it } from 'vitest';
import { nodeUtilization, placeActor, type PlacementNode } from '../../src/scheduler/actor-placement.js';

const node = (nodeId: string, total: Record<string, number>, available: Record<string, number> = total): PlacementNode => ({ nodeId, total, available });

describe('actor placement (DEFAULT)', () => {
  const nodes = [node('a', { CPU: 4 }), node('b', { CPU: 4 }), node('c', { CPU: 4, GPU: 1 })];

  it("prefers the caller's node when the actor fits there", () => {
    expect(placeActor({ demand: { CPU: 1 }, preferredNodeId: 'b' }, nodes)).toEqual({ kind: 'placed', nodeId: 'b' });
    expect(placeActor({ demand: { CPU: 1, GPU: 1 }, preferredNodeId: 'b' }, nodes)).toEqual({ kind: 'placed', nodeId: 'c' });
  });

  it("leaves the caller's node once it is half busy, packing onto the first node below half", () => {
    const busy = [node('a', { CPU: 4 }, { CPU: 1 }), node('b', { CPU: 4 }, { CPU: 3 }), node('c', { CPU: 4 })];
    expect(placeActor({ demand: { CPU: 1 }, preferredNodeId: 'a' }, busy)).toEqual({ kind: 'placed', nodeId: 'b' });
  });

  it('spreads to the least busy node once every node is half busy', () => {
    const busy = [node('a', { CPU: 4 }, { CPU: 1 }), node('b', { CPU: 4 }, { CPU: 2 }), node('c', { CPU: 8 }, { CPU: 3 })];
    expect(placeActor({ demand: { CPU: 1 } }, busy)).toEqual({ kind: 'placed', nodeId: 'b' });
  });

  it("keeps an actor that reserves nothing on the caller's node, however busy", () => {
    const busy = [node('a', { CPU: 4 }, { CPU: 0 }), node('b', { CPU: 4 })];
    expect(placeActor({ demand: {}, preferredNodeId: 'a' }, busy)).toEqual({ kind: 'placed', nodeId: 'a' });
    expect(placeActor({ demand: { CPU: 0 }, preferredNodeId: 'a' }, busy)).toEqual({ kind: 'placed', nodeId: 'a' });
    expect(placeActor({ demand: { CPU: 1 }, preferredNodeId: 'a' }, busy)).toEqual({ kind: 'placed', nodeId: 'b' });
  });

  it('measures a node by its busiest resource', () => {
    expect(nodeUtilization(node('x', { CPU: 4, memory: 100 }, { CPU: 4, memory: 10 }))).toBeCloseTo(0.9);
    expect(nodeUtilization(node('y', { CPU: 0 }, {}))).toBe(0);
  });

  it('counts fractional resources in fixed point', () => {
    // 0.7 - 0.4 is 0.29999999999999993 in floating point: a plain comparison would refuse 0.3.
    const n = [node('g', { GPU: 1 }, { GPU: 0.7 - 0.4 })];
    expect(placeActor({ demand: { GPU: 0.3 } }, n)).toEqual({ kind: 'placed', nodeId: 'g' });
  });

  it('waits when a node could hold the actor but none has room now', () => {
    const full = [node('a', { CPU: 2 }, { CPU: 0 })];
    const d = placeActor({ demand: { CPU: 2 } }, full);
    expect(d.kind).toBe('wait');
  });

  it('reports an infeasible demand naming the missing resource and the largest node', () => {
    const d = placeActor({ demand: { CPU: 1, TPU: 2 } }, nodes);
    expect(d.kind).toBe('infeasible');
    expect(d.kind === 'infeasible' && d.reason).toMatch(/TPU: requested 2, the largest node has 0/);
    const split = placeActor({ demand: { CPU: 8 } }, [node('a', { CPU: 4 }), node('b', { CPU: 4 })]);
    expect(split.kind === 'infeasible' && split.reason).toMatch(/CPU: requested 8, the largest node has 4/);
    const apart = placeActor({ demand: { CPU: 1, GPU: 1 } }, [node('a', { CPU: 4 }), node('b', { GPU: 1 })]);
    expect(apart.kind === 'infeasible' && apart.reason).toMatch(/no single node has all/);
    expect(placeActor({ demand: { CPU: 1 } }, []).kind).toBe('infeasible');
  });

  it('places zero-resource actors anywhere, preferring the caller', () => {
    const full = [node('a', { CPU: 2 }, { CPU: 0 }), node('b', { CPU: 2 }, { CPU: 0 })];
    expect(placeActor({ demand: { CPU: 0 }, preferredNodeId: 'b' }, full)).toEqual({ kind: 'placed', nodeId: 'b' });
  });
});

describe('actor placement (SPREAD and node affinity)', () => {
  const nodes = [node('c', { CPU: 4 }), node('a', { CPU: 4 }), node('b', { CPU: 4 }, { CPU: 0 })];

  it('SPREAD takes the nodes with room round-robin', () => {
    const picks = [0, 1, 2, 3].map((i) => placeActor({ demand: { CPU: 1 }, strategy: { kind: 'SPREAD' }, spreadIndex: i }, nodes));
    expect(picks.map((p) => p.kind === 'placed' && p.nodeId)).toEqual(['a', 'c', 'a', 'c']);
  });

  it('hard affinity uses its node, waits while it is busy, and is infeasible when it is gone or too small', () => {
    expect(placeActor({ demand: { CPU: 1 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'c', soft: false } }, nodes)).toEqual({ kind: 'placed', nodeId: 'c' });
    expect(placeActor({ demand: { CPU: 1 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'b', soft: false } }, nodes).kind).toBe('wait');
    const gone = placeActor({ demand: { CPU: 1 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'z', soft: false } }, nodes);
    expect(gone.kind === 'infeasible' && gone.reason).toMatch(/node z .* not alive/);
    expect(placeActor({ demand: { CPU: 9 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'a', soft: false } }, nodes).kind).toBe('infeasible');
  });

  it('soft affinity falls back to another node', () => {
    const d = placeActor({ demand: { CPU: 1 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'b', soft: true }, preferredNodeId: 'c' }, nodes);
    expect(d).toEqual({ kind: 'placed', nodeId: 'c' });
    expect(placeActor({ demand: { CPU: 1 }, strategy: { kind: 'NODE_AFFINITY', nodeId: 'z', soft: true } }, nodes).kind).toBe('placed');
  });
});
