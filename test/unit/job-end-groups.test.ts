import { describe, expect, it } from 'vitest';
import { PlacementGroupManager } from '../../src/core/placement-group-manager.js';
import type { SubmittedPlacementGroup } from '../../src/common/protocol.js';

// A node with one CPU: groups asking for more stay PENDING (the state a dead job's group is
// most likely left in).
const raylet = {
  nodeId: 'n1',
  pool: { totals: () => ({ CPU: 1 }), availableNow: () => ({ CPU: 1 }) },
  reserveBundles: () => null,
  returnBundles: () => undefined,
} as unknown as ConstructorParameters<typeof PlacementGroupManager>[0];

const group = (pgId: string, jobId: string | undefined, detached = false): SubmittedPlacementGroup => ({
  pgId, bundles: [{ CPU: 8 }], strategy: 'PACK', namespace: 'ns', detached, ...(jobId ? { job: { jobId, namespace: 'ns' } } : {}),
});

describe('PlacementGroupManager.removeOfJob', () => {
  it("removes the ended job's non-detached groups, pending or not, and nothing else", async () => {
    const removed: string[] = [];
    const pgs = new PlacementGroupManager(raylet, (pgId) => removed.push(pgId));
    pgs.create(group('a1', 'job-a'));
    pgs.create(group('a2', 'job-a', true));
    pgs.create(group('b1', 'job-b'));
    pgs.create(group('x1', undefined));
    expect((await pgs.table()).map((e) => e.state)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    pgs.removeOfJob('job-a');
    pgs.removeOfJob('job-a'); // a second report of the job's end changes nothing
    expect(removed).toEqual(['a1']);
    const states = Object.fromEntries((await pgs.table()).map((e) => [e.placementGroupId, e.state]));
    expect(states).toEqual({ a1: 'REMOVED', a2: 'PENDING', b1: 'PENDING', x1: 'PENDING' });
    expect(await pgs.wait('a1', 0)).toMatchObject({ state: 'REMOVED' });
  });
});
