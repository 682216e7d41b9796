import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { cliCluster } from '../fixtures/cli-cluster.js';
import { Where } from '../fixtures/actors.js';
import { context } from '../fixtures/tasks.js';

const cluster = cliCluster('pg-cluster-test');
const { cli, startHead, addNode } = cluster;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let address = '';

/** Polls until the cluster's free CPUs equal `cpus` (remote nodes report about once a second). */
async function freeCpusReach(cpus: number): Promise<number> {
  let now = -1;
  for (let i = 0; i < 100 && now !== cpus; i++) {
    now = (await ray.availableResources()).CPU ?? 0;
    if (now !== cpus) await sleep(100);
  }
  return now;
}

beforeAll(async () => {
  address = startHead('--num-cpus', '1').address;
  addNode(address, '--num-cpus', '1');
  addNode(address, '--num-cpus', '1');
  await ray.init({ address });
}, 400_000);

afterAll(async () => {
  if (ray.isInitialized()) await ray.shutdown();
  cluster.dispose();
});

describe('placement groups across nodes', () => {
  it('STRICT_SPREAD puts each bundle on its own node, and actors in a bundle run on its node', async () => {
    const pg = ray.placementGroup([{ CPU: 1 }, { CPU: 1 }, { CPU: 1 }], { strategy: 'STRICT_SPREAD', name: 'spread3' });
    expect(await pg.wait(10_000)).toBe(true);
    const entry = await ray.placementGroupTable(pg);
    expect(entry.state).toBe('CREATED');
    expect(new Set(entry.bundlesToNodeId).size).toBe(3);
    const actors = [0, 1, 2].map((i) => Where.options({ schedulingStrategy: { placementGroup: pg, bundleIndex: i } }).remote());
    expect(await ray.get(actors.map((a) => a.node.remote()))).toEqual(entry.bundlesToNodeId);
    // Tasks in a bundle run on its node too.
    const tasks = await ray.get([0, 1, 2].map((i) => context.options({ schedulingStrategy: { placementGroup: pg, bundleIndex: i } }).remote())) as Array<{ nodeId: string }>;
    expect(tasks.map((t) => t.nodeId)).toEqual(entry.bundlesToNodeId);
    expect(await freeCpusReach(0)).toBe(0);
    // tsray status lists the group with its nodes.
    const status = cli('status', '--address', address);
    expect(status).toContain(`${pg.id} (spread3)  STRICT_SPREAD  CREATED`);
    // Removal kills the actors inside and gives the bundles back on every node.
    ray.removePlacementGroup(pg);
    expect(await ray.get(actors[1]!.inc.remote()).catch((e: unknown) => e)).toBeInstanceOf(ray.ActorDiedError);
    expect(await freeCpusReach(3)).toBe(3);
  });

  it('reserves all bundles or none: a group that cannot fit holds nothing and says why', async () => {
    const pg = ray.placementGroup([{ CPU: 1 }, { CPU: 1 }, { CPU: 1 }, { CPU: 1 }], { strategy: 'STRICT_SPREAD', name: 'spread4' });
    expect(await pg.wait(500)).toBe(false);
    const entry = await ray.placementGroupTable(pg);
    expect(entry.state).toBe('PENDING');
    expect(entry.reason).toMatch(/4 nodes|nodes/);
    expect(entry.bundlesToNodeId).toEqual([null, null, null, null]);
    await sleep(1500);
    expect((await ray.availableResources()).CPU).toBe(3);
    ray.removePlacementGroup(pg);
  });

  it('PACK and SPREAD place groups that no single node could hold', async () => {
    const pack = ray.placementGroup([{ CPU: 1 }, { CPU: 1 }], { strategy: 'PACK', name: 'pack2' });
    expect(await pack.wait(10_000)).toBe(true);
    expect(new Set((await ray.placementGroupTable(pack)).bundlesToNodeId).size).toBe(2);
    ray.removePlacementGroup(pack);
    expect(await freeCpusReach(3)).toBe(3);
    const spread = ray.placementGroup([{ CPU: 1 }, { CPU: 1 }, { CPU: 1 }], { strategy: 'SPREAD', name: 'spread-soft' });
    expect(await spread.wait(10_000)).toBe(true);
    expect(new Set((await ray.placementGroupTable(spread)).bundlesToNodeId).size).toBe(3);
    ray.removePlacementGroup(spread);
    expect(await freeCpusReach(3)).toBe(3);
  });

  it('keeps a group pending until a node that can hold it joins, then places it there', async () => {
    const pg = ray.placementGroup([{ CPU: 1 }, { CPU: 1 }], { strategy: 'STRICT_PACK', name: 'pack-strict' });
    expect(await pg.wait(500)).toBe(false);
    // Submitted while the group waits: it runs where the group lands.
    const early = context.options({ schedulingStrategy: { placementGroup: pg, bundleIndex: 0 } }).remote();
    expect((await ray.placementGroupTable(pg)).reason).toMatch(/STRICT_PACK/);
    const nodeId = addNode(address, '--num-cpus', '2');
    expect(await pg.wait(15_000)).toBe(true);
    expect((await ray.placementGroupTable(pg)).bundlesToNodeId).toEqual([nodeId, nodeId]);
    expect((await ray.get(early) as { nodeId: string }).nodeId).toBe(nodeId);
    const a = Where.options({ schedulingStrategy: { placementGroup: pg, bundleIndex: 1 } }).remote();
    expect(await ray.get(a.node.remote())).toBe(nodeId);
    ray.removePlacementGroup(pg);
  });
});
