import { describe, expect, it } from 'vitest';
import { bundleFitProblem, placeBundles, reserveAtomically, sharesByNode, type BundleNode, type NodeShare } from '../../src/scheduler/bundle-placement.js';

/** A node with `total` resources, of which `used` are taken. */
function node(nodeId: string, total: Record<string, number>, used: Record<string, number> = {}): BundleNode {
  const available: Record<string, number> = {};
  for (const [k, v] of Object.entries(total)) available[k] = v - (used[k] ?? 0);
  return { nodeId, total, available };
}

const cpus = (n: number) => ({ CPU: n });

/** Every bundle's resources fit in what its node has available, all bundles counted together. */
function respectsCapacity(bundles: Record<string, number>[], nodeIds: readonly string[], nodes: BundleNode[]): boolean {
  const left = new Map(nodes.map((n) => [n.nodeId, { ...n.available }]));
  bundles.forEach((b, i) => {
    const l = left.get(nodeIds[i]!)!;
    for (const [k, v] of Object.entries(b)) l[k] = (l[k] ?? 0) - v;
  });
  return [...left.values()].every((l) => Object.values(l).every((v) => v >= -1e-9));
}

describe('placeBundles: PACK', () => {
  it('puts every bundle on one node when one fits them, the tightest fit', () => {
    const nodes = [node('a', cpus(8)), node('b', cpus(4)), node('c', cpus(16))];
    expect(placeBundles([cpus(1), cpus(2)], 'PACK', nodes)).toEqual({ kind: 'placed', nodeIds: ['b', 'b'] });
    expect(placeBundles([cpus(3), cpus(3)], 'PACK', nodes)).toEqual({ kind: 'placed', nodeIds: ['a', 'a'] });
  });

  it('packs onto as few nodes as it can when no node holds them all', () => {
    const nodes = [node('a', cpus(4)), node('b', cpus(4)), node('c', cpus(4)), node('d', cpus(4))];
    const plan = placeBundles([cpus(2), cpus(2), cpus(2), cpus(2), cpus(1)], 'PACK', nodes);
    expect(plan.kind).toBe('placed');
    if (plan.kind !== 'placed') return;
    expect(new Set(plan.nodeIds).size).toBe(3);
    expect(respectsCapacity([cpus(2), cpus(2), cpus(2), cpus(2), cpus(1)], plan.nodeIds, nodes)).toBe(true);
  });

  it('places a single node cluster the way it can', () => {
    expect(placeBundles([cpus(1), { CPU: 1, GPU: 1 }], 'PACK', [node('n', { CPU: 4, GPU: 2 })])).toEqual({ kind: 'placed', nodeIds: ['n', 'n'] });
  });
});

describe('placeBundles: SPREAD', () => {
  it('puts bundles on distinct nodes where it can, the roomiest first', () => {
    const nodes = [node('a', cpus(4)), node('b', cpus(4), cpus(3)), node('c', cpus(4), cpus(1))];
    expect(placeBundles([cpus(1), cpus(1)], 'SPREAD', nodes)).toEqual({ kind: 'placed', nodeIds: ['a', 'c'] });
    expect(placeBundles([cpus(1), cpus(1), cpus(1)], 'SPREAD', nodes)).toEqual({ kind: 'placed', nodeIds: ['a', 'c', 'b'] });
  });

  it('shares nodes as evenly as it can when bundles outnumber nodes, and still places them', () => {
    const nodes = [node('a', cpus(4)), node('b', cpus(4))];
    const plan = placeBundles([cpus(1), cpus(1), cpus(1), cpus(1)], 'SPREAD', nodes);
    expect(plan).toEqual({ kind: 'placed', nodeIds: ['a', 'b', 'a', 'b'] });
  });

  it('falls back to packing when distinct nodes cannot hold the bundles (best effort)', () => {
    const nodes = [node('a', cpus(4)), node('b', cpus(1))];
    expect(placeBundles([cpus(2), cpus(2)], 'SPREAD', nodes)).toEqual({ kind: 'placed', nodeIds: ['a', 'a'] });
  });

  it('places the big bundle first, so a small one does not take the only node it fits on', () => {
    const nodes = [node('a', { CPU: 4, GPU: 1 }), node('b', cpus(4))];
    expect(placeBundles([cpus(1), { CPU: 1, GPU: 1 }], 'SPREAD', nodes)).toEqual({ kind: 'placed', nodeIds: ['b', 'a'] });
  });
});

describe('placeBundles: STRICT_PACK', () => {
  it('puts all bundles on one node or none', () => {
    const nodes = [node('a', cpus(2)), node('b', cpus(3))];
    expect(placeBundles([cpus(1), cpus(2)], 'STRICT_PACK', nodes)).toEqual({ kind: 'placed', nodeIds: ['b', 'b'] });
    const plan = placeBundles([cpus(2), cpus(2)], 'STRICT_PACK', nodes);
    expect(plan.kind).toBe('infeasible');
    expect(plan.kind !== 'placed' && plan.reason).toMatch(/STRICT_PACK puts all bundles on one node, \{CPU: 4\} in all, and no node has that much/);
  });

  it('waits when a node could hold them but has not that much free now', () => {
    const nodes = [node('a', cpus(4), cpus(3)), node('b', cpus(2), cpus(1))];
    const plan = placeBundles([cpus(1), cpus(1)], 'STRICT_PACK', nodes);
    expect(plan.kind).toBe('wait');
    expect(plan.kind !== 'placed' && plan.reason).toMatch(/^waiting for resources: STRICT_PACK .*node a: \{CPU: 1\}, node b: \{CPU: 1\}/);
  });
});

describe('placeBundles: STRICT_SPREAD', () => {
  it('puts every bundle on a different node', () => {
    const nodes = [node('a', cpus(2)), node('b', cpus(2)), node('c', cpus(2))];
    const plan = placeBundles([cpus(1), cpus(1), cpus(1)], 'STRICT_SPREAD', nodes);
    expect(plan.kind === 'placed' && new Set(plan.nodeIds).size).toBe(3);
  });

  it('finds the one assignment a greedy pass would miss', () => {
    // Bundle 0 fits on a or b; bundle 1 only on a. Greedy roomiest-first would put bundle 0 on a.
    const nodes = [node('a', { CPU: 4, TPU: 1 }), node('b', { CPU: 2 })];
    expect(placeBundles([cpus(1), { CPU: 1, TPU: 1 }], 'STRICT_SPREAD', nodes)).toEqual({ kind: 'placed', nodeIds: ['b', 'a'] });
  });

  it('says how many nodes it needs when there are too few', () => {
    for (const count of [1, 2, 3]) {
      const nodes = Array.from({ length: count }, (_, i) => node(`n${i}`, cpus(8)));
      const plan = placeBundles(Array.from({ length: count + 1 }, () => cpus(1)), 'STRICT_SPREAD', nodes);
      expect(plan.kind).toBe('infeasible');
      expect(plan.kind !== 'placed' && plan.reason).toContain(`needs ${count + 1} nodes; the cluster has ${count} alive node${count === 1 ? '' : 's'}`);
    }
  });

  it('waits when enough nodes exist but not enough of them have room now', () => {
    const nodes = [node('a', cpus(2)), node('b', cpus(2), cpus(2))];
    expect(placeBundles([cpus(1), cpus(1)], 'STRICT_SPREAD', nodes).kind).toBe('wait');
  });
});

describe('placeBundles: all strategies', () => {
  const strategies = ['PACK', 'SPREAD', 'STRICT_PACK', 'STRICT_SPREAD'] as const;

  it('never returns a partial assignment: every bundle gets a node, or the group gets a reason', () => {
    const clusters = [
      [node('a', cpus(3))],
      [node('a', cpus(2)), node('b', cpus(2))],
      [node('a', { CPU: 2, GPU: 1 }), node('b', cpus(1)), node('c', { CPU: 4, GPU: 2 }, { GPU: 1 })],
      [node('a', cpus(1)), node('b', cpus(1)), node('c', cpus(1)), node('d', { CPU: 1, TPU: 4 })],
    ];
    const groups = [[cpus(1)], [cpus(1), cpus(1)], [cpus(2), cpus(2)], [cpus(1), { GPU: 1 }], [cpus(1), cpus(1), cpus(1), { TPU: 2 }], [cpus(3), cpus(1)]];
    for (const nodes of clusters) {
      for (const bundles of groups) {
        for (const strategy of strategies) {
          const plan = placeBundles(bundles, strategy, nodes);
          if (plan.kind === 'placed') {
            expect(plan.nodeIds).toHaveLength(bundles.length);
            expect(respectsCapacity(bundles, plan.nodeIds, nodes)).toBe(true);
            if (strategy === 'STRICT_PACK') expect(new Set(plan.nodeIds).size).toBe(1);
            if (strategy === 'STRICT_SPREAD') expect(new Set(plan.nodeIds).size).toBe(bundles.length);
          } else {
            expect(plan.reason.length).toBeGreaterThan(10);
            expect(plan).not.toHaveProperty('nodeIds');
          }
        }
      }
    }
  });

  it('is deterministic: the same bundles on the same nodes, in any order, give the same answer', () => {
    const nodes = [node('d', cpus(4), cpus(1)), node('a', cpus(4)), node('c', { CPU: 4, GPU: 2 }), node('b', cpus(2))];
    const bundles = [cpus(1), { CPU: 1, GPU: 1 }, cpus(2), cpus(1)];
    for (const strategy of strategies) {
      const first = placeBundles(bundles, strategy, nodes);
      for (let i = 0; i < 5; i++) {
        expect(placeBundles(bundles, strategy, [...nodes].reverse())).toEqual(first);
        expect(placeBundles(bundles, strategy, [nodes[2]!, nodes[0]!, nodes[3]!, nodes[1]!])).toEqual(first);
      }
    }
  });

  it('calls a bundle no node can ever hold infeasible, naming what is short', () => {
    const plan = placeBundles([cpus(1), { GPU: 4 }], 'PACK', [node('a', { CPU: 4, GPU: 2 }), node('b', { CPU: 4 })]);
    expect(plan).toEqual({ kind: 'infeasible', reason: expect.stringMatching(/^bundle 1 \{GPU: 4\} fits on no node \(GPU: requested 4, the largest node has 2\); it stays pending/) });
    expect(placeBundles([cpus(1)], 'SPREAD', [])).toMatchObject({ kind: 'infeasible', reason: expect.stringMatching(/no alive node/) });
  });

  it('adds fractions exactly (fixed point)', () => {
    const plan = placeBundles([{ GPU: 0.1 }, { GPU: 0.2 }], 'STRICT_PACK', [node('a', { GPU: 1 }, { GPU: 0.7 })]);
    expect(plan).toEqual({ kind: 'placed', nodeIds: ['a', 'a'] });
  });
});

describe('bundleFitProblem', () => {
  const bundles: Record<string, number>[] = [{ CPU: 1 }, { CPU: 1, GPU: 1 }];

  it('accepts work that fits its bundle, or any bundle for index -1', () => {
    expect(bundleFitProblem(bundles, 1, { CPU: 1, GPU: 0.5 })).toBeNull();
    expect(bundleFitProblem(bundles, -1, { GPU: 1 })).toBeNull();
    expect(bundleFitProblem(bundles, 0, {})).toBeNull();
  });

  it('names what the bundle lacks, and rejects bad indexes', () => {
    expect(bundleFitProblem(bundles, 0, { CPU: 1, GPU: 1 })).toMatch(/GPU: 1 requested, 0 in the bundle/);
    expect(bundleFitProblem(bundles, -1, { CPU: 2 })).toMatch(/no bundle of the group holds that much/);
    expect(bundleFitProblem(bundles, 2, { CPU: 1 })).toMatch(/bundleIndex must be -1/);
    expect(bundleFitProblem(bundles, 0.5, { CPU: 1 })).toMatch(/bundleIndex/);
  });
});

describe('reserveAtomically', () => {
  /** Fake raylets: each holds its reserved bundle indexes; `refuse` ones say no at prepare. */
  function raylets(refuse: string[] = []) {
    const prepared = new Map<string, number[]>();
    const committed = new Map<string, number[]>();
    const log: string[] = [];
    return {
      prepared, committed, log,
      participants: {
        async prepare(s: NodeShare) {
          log.push(`prepare ${s.nodeId}`);
          if (refuse.includes(s.nodeId)) return false;
          prepared.set(s.nodeId, [...s.bundleIndexes]);
          return true;
        },
        async commit(s: NodeShare) {
          log.push(`commit ${s.nodeId}`);
          committed.set(s.nodeId, prepared.get(s.nodeId)!);
        },
        async cancel(s: NodeShare) {
          log.push(`cancel ${s.nodeId}`);
          prepared.delete(s.nodeId);
        },
      },
    };
  }

  it('groups bundles by node', () => {
    expect(sharesByNode(['b', 'a', 'b'])).toEqual([{ nodeId: 'b', bundleIndexes: [0, 2] }, { nodeId: 'a', bundleIndexes: [1] }]);
  });

  it('commits on every node once all prepared', async () => {
    const r = raylets();
    expect(await reserveAtomically(['a', 'b', 'a', 'c'], r.participants)).toEqual({ ok: true });
    expect(Object.fromEntries(r.committed)).toEqual({ a: [0, 2], b: [1], c: [3] });
  });

  it('rolls back the nodes that prepared when one refuses or fails, committing nothing', async () => {
    const r = raylets(['b']);
    expect(await reserveAtomically(['a', 'b', 'c'], r.participants)).toEqual({ ok: false, refused: ['b'] });
    expect(r.committed.size).toBe(0);
    expect(r.prepared.size).toBe(0);
    expect(r.log.filter((l) => l.startsWith('cancel')).sort()).toEqual(['cancel a', 'cancel c']);

    const failing = raylets();
    const participants = { ...failing.participants, prepare: async (s: NodeShare) => { if (s.nodeId === 'c') throw new Error('unreachable'); return failing.participants.prepare(s); } };
    expect(await reserveAtomically(['a', 'c'], participants)).toEqual({ ok: false, refused: ['c'] });
    expect(failing.prepared.size).toBe(0);
    expect(failing.committed.size).toBe(0);
  });
});
