import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { availableCpusReach, rejection } from '../helpers.js';
import { gpuView } from '../fixtures/gpu-tasks.js';
import { markAndWait, rendezvous, timed } from '../fixtures/tasks.js';
import { Counter } from '../fixtures/actors.js';
import { allTpus, childWithoutStrategy, duplicateInside, groupLifecycleInside, untilFile, useGroupInside } from '../fixtures/pg-tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-pg-test-'));
let nextFile = 0;
const freshFile = (): string => join(dir, `f${nextFile++}`);

beforeAll(() => ray.init({ numCpus: 4, numGpus: 2, resources: { TPU: 2 }, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** Groups a test made, removed after it so every test starts with the whole node free. */
const made: ray.PlacementGroup[] = [];
function group(bundles: ray.Bundle[], options?: ray.PlacementGroupOptions): ray.PlacementGroup {
  const pg = ray.placementGroup(bundles, options);
  made.push(pg);
  return pg;
}
afterEach(async () => {
  for (const pg of made.splice(0)) ray.removePlacementGroup(pg);
  expect(await availableCpusReach(ray, 4)).toBe(4);
});

/** The node's CPUs, GPUs and TPUs available now. */
async function free(): Promise<{ CPU: number; GPU: number; TPU: number }> {
  const a = await ray.availableResources();
  return { CPU: a.CPU ?? 0, GPU: a.GPU ?? 0, TPU: a.TPU ?? 0 };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const inGroup = (placementGroup: ray.PlacementGroup, bundleIndex?: number) => ({ schedulingStrategy: { placementGroup, bundleIndex } });

describe('placement groups', () => {
  it('reserves exactly the bundles when created and gives them back when removed', async () => {
    const [node] = await ray.nodes();
    expect(await free()).toEqual({ CPU: 4, GPU: 2, TPU: 2 });
    const pg = group([{ CPU: 1 }, { CPU: 1, GPU: 1 }, { TPU: 1 }], { strategy: 'PACK' });
    expect(pg).toBeInstanceOf(ray.PlacementGroup);
    await pg.ready();
    expect(await pg.wait(1000)).toBe(true);
    expect(await free()).toEqual({ CPU: 2, GPU: 1, TPU: 1 });
    const entry = await ray.placementGroupTable(pg);
    expect(entry).toMatchObject({
      placementGroupId: pg.id, state: 'CREATED', strategy: 'PACK', lifetime: 'non_detached',
      bundles: [{ CPU: 1 }, { CPU: 1, GPU: 1 }, { TPU: 1 }],
      bundlesToNodeId: [node!.nodeId, node!.nodeId, node!.nodeId],
    });
    expect(entry.reason).toBeUndefined();
    expect((await ray.placementGroupTable())[pg.id]).toEqual(entry);

    ray.removePlacementGroup(pg);
    expect(await free()).toEqual({ CPU: 4, GPU: 2, TPU: 2 });
    expect((await ray.placementGroupTable(pg)).state).toBe('REMOVED');
    expect(await pg.wait(10)).toBe(false);
    expect((await rejection(pg.ready())).message).toMatch(/removed/);
    ray.removePlacementGroup(pg); // a second removal does nothing
    expect(await free()).toEqual({ CPU: 4, GPU: 2, TPU: 2 });
  });

  it("runs a task in a bundle, on the bundle's GPU device", async () => {
    const first = group([{ GPU: 1 }]); // takes device 0
    const pg = group([{ CPU: 1 }, { CPU: 1, GPU: 1 }]); // so this one holds device 1
    await Promise.all([first.ready(), pg.ready()]);
    const whole = await ray.get(gpuView.options({ numGpus: 1, ...inGroup(pg, 1) }).remote());
    expect(whole).toMatchObject({ ids: [1], cvd: '1' });
    // Any bundle (no index): only bundle 1 has a GPU.
    const half = await ray.get(gpuView.options({ numGpus: 0.5, ...inGroup(pg) }).remote());
    expect(half).toMatchObject({ ids: [1], cvd: '1' });
    // Both devices are reserved: a GPU task outside the groups waits until one comes back.
    const outside = gpuView.options({ numGpus: 1 }).remote();
    const [ready] = await ray.wait([outside], { numReturns: 1, timeoutMs: 300 });
    expect(ready).toEqual([]);
    ray.removePlacementGroup(first);
    expect(await ray.get(outside, { timeoutMs: 20_000 })).toMatchObject({ ids: [0], cvd: '0' });
  });

  it("runs at most what fits in the bundle at once, queueing the rest rather than using the node's free CPUs", async () => {
    const one = group([{ CPU: 1 }]);
    await one.ready();
    const refs = [0, 1, 2].map(() => timed.options(inGroup(one, 0)).remote(150));
    expect((await free()).CPU).toBe(3); // work in a bundle does not draw on the node
    const runs = await ray.get(refs);
    for (let i = 0; i < runs.length; i++) for (let j = i + 1; j < runs.length; j++) expect(overlaps(runs[i]!, runs[j]!)).toBe(false);

    // A bundle of two CPUs runs two at once: each waits for the other to start.
    const two = group([{ CPU: 2 }]);
    await two.ready();
    const [a, b] = [freshFile(), freshFile()];
    expect(await ray.get([rendezvous.options(inGroup(two, 0)).remote(a, b), rendezvous.options(inGroup(two, 0)).remote(b, a)])).toEqual([true, true]);
  });

  it('kills the actors in a group when it is removed', async () => {
    const pg = group([{ CPU: 1 }]);
    const c = Counter.options({ numCpus: 1, ...inGroup(pg, 0) }).remote();
    expect(await ray.get(c.inc.remote(2))).toBe(2);
    expect((await free()).CPU).toBe(3); // the actor holds the bundle's CPU, not another
    ray.removePlacementGroup(pg);
    const err = await rejection(ray.get(c.inc.remote(1)));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/placement group .* was removed/);
    expect(await availableCpusReach(ray, 4)).toBe(4);
  });

  it('cancels the queued and running tasks of a removed group, and refuses later ones', async () => {
    const pg = group([{ CPU: 1 }]);
    await pg.ready();
    const [marker, queuedMarker] = [freshFile(), freshFile()];
    const running = markAndWait.options(inGroup(pg, 0)).remote(marker, 60_000);
    const queued = markAndWait.options(inGroup(pg, 0)).remote(queuedMarker, 60_000);
    for (let i = 0; i < 500 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(marker)).toBe(true);
    ray.removePlacementGroup(pg);
    for (const ref of [running, queued]) {
      const err = await rejection(ray.get(ref));
      expect(err).toBeInstanceOf(ray.TaskCancelledError);
      expect(err.message).toMatch(/placement group .* was removed/);
    }
    expect(existsSync(queuedMarker)).toBe(false);
    const late = await rejection(ray.get(timed.options(inGroup(pg, 0)).remote(1)));
    expect(late).toBeInstanceOf(ray.TaskUnschedulableError);
    expect(late.message).toMatch(/was removed/);
  });

  it('keeps a group that does not fit pending, with the reason, and places it once another group is removed', async () => {
    const big = group([{ CPU: 3 }]);
    await big.ready();
    const waiting = group([{ CPU: 1 }, { CPU: 1 }], { strategy: 'STRICT_PACK' });
    // An actor in the pending group waits for it.
    const c = Counter.options({ numCpus: 1, ...inGroup(waiting, 1) }).remote(10);
    expect(await waiting.wait(200)).toBe(false);
    const entry = await ray.placementGroupTable(waiting);
    expect(entry.state).toBe('PENDING');
    expect(entry.reason).toMatch(/waiting for resources.*CPU: 2.*CPU: 1/);
    expect(entry.bundlesToNodeId).toEqual([null, null]);
    expect((await free()).CPU).toBe(1); // all or nothing: no bundle of it is reserved
    ray.removePlacementGroup(big);
    await waiting.ready();
    expect((await ray.placementGroupTable(waiting)).state).toBe('CREATED');
    expect(await ray.get(c.inc.remote(1))).toBe(11);
    expect((await free()).CPU).toBe(2);
  });

  it('places a pending group when tasks finish and free its resources', async () => {
    const release = freshFile();
    const hold = untilFile.options({ numCpus: 2 }).remote(release);
    expect(await availableCpusReach(ray, 2)).toBe(2);
    const pg = group([{ CPU: 3 }]);
    expect(await pg.wait(200)).toBe(false);
    expect((await ray.placementGroupTable(pg)).reason).toMatch(/CPU/);
    writeFileSync(release, '');
    expect(await ray.get(hold)).toBe('released');
    expect(await pg.wait(10_000)).toBe(true);
    expect((await free()).CPU).toBe(1);
  });

  it('keeps STRICT_SPREAD over two bundles pending on one node, saying it needs two nodes', async () => {
    const spread = group([{ CPU: 1 }, { CPU: 1 }], { strategy: 'STRICT_SPREAD' });
    expect(await spread.wait(200)).toBe(false);
    const entry = await ray.placementGroupTable(spread);
    expect(entry.state).toBe('PENDING');
    expect(entry.reason).toMatch(/needs 2 nodes; the cluster has 1 alive node/);
    expect((await free()).CPU).toBe(4);
    // The other strategies put both bundles on the one node; STRICT_SPREAD of one bundle fits.
    const [node] = await ray.nodes();
    for (const strategy of ['PACK', 'SPREAD', 'STRICT_PACK'] as const) {
      const pg = group([{ CPU: 1 }, { CPU: 1 }], { strategy });
      await pg.ready();
      expect((await ray.placementGroupTable(pg)).bundlesToNodeId).toEqual([node!.nodeId, node!.nodeId]);
      ray.removePlacementGroup(pg);
    }
    await group([{ CPU: 1 }], { strategy: 'STRICT_SPREAD' }).ready();
  });

  it('rejects ready() of a pending group that is removed', async () => {
    const pg = group([{ CPU: 100 }]);
    const ready = rejection(pg.ready());
    const entry = await ray.placementGroupTable(pg);
    expect(entry.reason).toMatch(/fits on no node.*CPU: requested 100, the largest node has 4/);
    ray.removePlacementGroup(pg);
    expect((await ready).message).toMatch(/removed before it was placed/);
  });

  it('finds a named group in its namespace', async () => {
    const pg = group([{ CPU: 1 }], { name: 'pg-named', lifetime: 'detached' });
    const found = await ray.getPlacementGroup('pg-named');
    expect(found).toBeInstanceOf(ray.PlacementGroup);
    expect(found.id).toBe(pg.id);
    expect(found.bundleSpecs).toEqual([{ CPU: 1 }]);
    expect(await ray.placementGroupTable(found)).toMatchObject({ name: 'pg-named', lifetime: 'detached' });
    await expect(ray.getPlacementGroup('pg-named', { namespace: 'elsewhere' })).rejects.toThrow(ray.InvalidArgumentError);
    expect(() => ray.placementGroup([{ CPU: 1 }], { name: 'pg-named' })).toThrow(/already exists/);
    ray.removePlacementGroup(found);
    await expect(ray.getPlacementGroup('pg-named')).rejects.toThrow(/no placement group named "pg-named"/);
    const again = group([{ CPU: 1 }], { name: 'pg-named' }); // the name is free again
    expect((await ray.getPlacementGroup('pg-named')).id).toBe(again.id);
  });

  it('rejects invalid bundles, strategies and requests where they are given', async () => {
    const bad: unknown[] = [[], [{}], [{ CPU: 0 }], [{ CPU: -1 }], [{ GPU: 1.5 }], [{ CPU: Number.NaN }], [{ CPU: '1' }], [null], 'CPU', undefined];
    for (const bundles of bad) expect(() => ray.placementGroup(bundles as ray.Bundle[]), JSON.stringify(bundles)).toThrow(ray.InvalidArgumentError);
    expect(() => ray.placementGroup([{ CPU: 1 }], { strategy: 'FOO' as 'PACK' })).toThrow(/strategy must be one of 'PACK', 'SPREAD', 'STRICT_PACK', 'STRICT_SPREAD'/);
    expect(() => ray.placementGroup([{ CPU: 1 }], { stratgy: 'PACK' } as ray.PlacementGroupOptions)).toThrow(/unknown option "stratgy"/);
    expect(() => ray.placementGroup([{ CPU: 1 }], { name: '' })).toThrow(ray.InvalidArgumentError);
    // None of the above was created.
    expect(Object.values(await ray.placementGroupTable()).filter((e) => e.state !== 'REMOVED')).toEqual([]);

    const pg = group([{ CPU: 1 }, { GPU: 1 }]);
    expect(() => timed.options(inGroup(pg, 2))).toThrow(/bundleIndex must be -1 \(any bundle\) or an index below the group's 2 bundles/);
    expect(() => timed.options(inGroup(pg, 1))).toThrow(/numCpus: 0/); // tasks take a CPU by default
    expect(() => timed.options({ numGpus: 1, ...inGroup(pg, 0) })).toThrow(/GPU: 1 requested, 0 in the bundle/);
    expect(() => timed.options({ numCpus: 2, ...inGroup(pg) })).toThrow(ray.InvalidArgumentError);
    expect(() => Counter.options({ resources: { TPU: 1 }, ...inGroup(pg) }).remote()).toThrow(ray.InvalidArgumentError);
    expect(() => timed.options({ schedulingStrategy: { placementGroup: { id: pg.id } as ray.PlacementGroup } })).toThrow(/must be a PlacementGroup/);
    expect(() => ray.removePlacementGroup({ id: pg.id } as ray.PlacementGroup)).toThrow(ray.InvalidArgumentError);
    // Valid requests pass: no CPU in the GPU bundle, and any bundle with a CPU.
    expect(await ray.get(gpuView.options({ numCpus: 0, numGpus: 1, ...inGroup(pg, 1) }).remote())).toMatchObject({ ids: [0] });
    expect(await ray.get(timed.options(inGroup(pg)).remote(1))).toMatchObject({ start: expect.any(Number) });
  });

  it('passes a group into a task, which schedules into it', async () => {
    const pg = group([{ CPU: 1 }, { TPU: 2 }]);
    // allTpus needs every TPU of the node, which the group holds: it runs only inside bundle 1.
    const result = await ray.get(useGroupInside.remote({ pg }, 1));
    expect(result).toEqual({ isHandle: true, placed: true, ran: 'tpus', state: 'CREATED', id: pg.id });
    // And without the group it cannot run now.
    const [ready] = await ray.wait([allTpus.remote()], { numReturns: 1, timeoutMs: 200 });
    expect(ready).toEqual([]);
  });

  it('captures child tasks into the group with captureChildTasks', async () => {
    const pg = group([{ CPU: 1, TPU: 2 }]);
    const strategy = { schedulingStrategy: { placementGroup: pg, captureChildTasks: true } };
    expect(await ray.get(childWithoutStrategy.options(strategy).remote())).toBe('tpus');
  });

  it('creates, finds and removes groups from inside a task, lending its CPUs while it waits', async () => {
    // The task holds every CPU: its group is placed only because waiting lends them out.
    const r = await ray.get(groupLifecycleInside.options({ numCpus: 4 }).remote('inner-pg'));
    expect(r).toMatchObject({ sameId: true, before: 'CREATED', after: false });
    expect(r.pg).toBeInstanceOf(ray.PlacementGroup);
    expect((await ray.placementGroupTable(r.pg)).state).toBe('REMOVED');
    group([{ CPU: 1 }], { name: 'taken' });
    expect(await ray.get(duplicateInside.remote('taken'))).toMatch(/RayError: .*already exists/);
  });
});
