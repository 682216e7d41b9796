import { describe, expect, it } from 'vitest';
import { BundleReservations, type BundleTarget } from '../../src/raylet/bundle-reservations.js';
import { GpuAssignment } from '../../src/raylet/gpu-assignment.js';
import { LocalScheduler } from '../../src/raylet/local-scheduler.js';
import { ResourcePool, resourceRequest } from '../../src/raylet/resources.js';

function setup(totals: Record<string, number> = { CPU: 4, GPU: 2, TPU: 2 }) {
  const pool = new ResourcePool(totals);
  const gpus = new GpuAssignment(Array.from({ length: totals.GPU ?? 0 }, (_, i) => i));
  return { pool, gpus, r: new BundleReservations(pool, gpus) };
}

const at = (pgId: string, bundleIndex: number): BundleTarget => ({ pgId, bundleIndex });

describe('BundleReservations', () => {
  it("takes a group's bundles from the node on prepare, and gives them back on release", () => {
    const { pool, gpus, r } = setup();
    expect(r.prepare('pg', [{ index: 0, resources: { CPU: 1 } }, { index: 1, resources: { CPU: 1, GPU: 1 } }])).toBeNull();
    expect(pool.availableNow()).toEqual({ CPU: 2, GPU: 1, TPU: 2 });
    expect(gpus.freeByDevice()).toEqual(new Map([[0, 0], [1, 1]]));
    expect(r.slotsOf('pg').map((s) => s.grant?.ids)).toEqual([undefined, [0]]);
    expect(r.release('pg')).toBe(true);
    expect(pool.availableNow()).toEqual({ CPU: 4, GPU: 2, TPU: 2 });
    expect(gpus.freeByDevice()).toEqual(new Map([[0, 1], [1, 1]]));
    expect(r.release('pg')).toBe(false);
  });

  it('reserves all bundles or none: a refused prepare leaves the node as it was', () => {
    const { pool, r } = setup();
    expect(r.prepare('big', [{ index: 0, resources: { CPU: 2 } }, { index: 1, resources: { CPU: 3 } }])).toMatch(/CPU: 5 needed, 4 free/);
    expect(pool.availableNow()).toEqual({ CPU: 4, GPU: 2, TPU: 2 });
    expect(r.size).toBe(0);
    // 1.2 GPUs are free in all, but in shares of three devices (0.3, 0.3, 0.6): the pool says a
    // whole GPU fits, the devices say no, and the fraction granted before must go back too.
    const three = setup({ GPU: 3 });
    for (const share of [0.7, 0.7, 0.4]) three.gpus.assign(share);
    three.pool.acquire(resourceRequest({ GPU: 1.8 }));
    const devices = three.gpus.freeByDevice();
    expect(three.r.prepare('frag', [{ index: 0, resources: { GPU: 0.2 } }, { index: 1, resources: { GPU: 1 } }])).toMatch(/bundle 1 needs 1 GPU on whole devices/);
    expect(three.gpus.freeByDevice()).toEqual(devices);
    expect(three.pool.availableNow().GPU).toBeCloseTo(1.2);
    expect(three.r.size).toBe(0);
  });

  it('hands out claims only once committed, from the named bundle or any with room', () => {
    const { pool, r } = setup();
    r.prepare('pg', [{ index: 0, resources: { CPU: 1 } }, { index: 1, resources: { CPU: 2, TPU: 1 } }]);
    const cpu = resourceRequest({ CPU: 1 });
    expect(r.claim(at('pg', 0), cpu)).toBeUndefined(); // prepared, not committed
    expect(r.commit('pg')).toBe(true);
    expect(r.claim(at('pg', 0), cpu)?.index).toBe(0);
    expect(r.claim(at('pg', 0), cpu)).toBeUndefined(); // bundle 0 is full
    expect(r.claim(at('pg', -1), cpu)?.index).toBe(1);
    expect(r.claim(at('pg', -1), resourceRequest({ TPU: 1 }))?.index).toBe(1);
    expect(r.claim(at('pg', -1), resourceRequest({ TPU: 1 }))).toBeUndefined();
    expect(r.claim(at('pg', 0), resourceRequest({ TPU: 1 }))).toBeUndefined(); // not in bundle 0
    expect(r.claim(at('other', -1), cpu)).toBeUndefined();
    // Claims draw on the bundles, never on the node's pool.
    expect(pool.availableNow()).toEqual({ CPU: 1, GPU: 2, TPU: 1 });
    expect(Object.fromEntries(r.availableOf('pg'))).toEqual({ 0: {}, 1: { CPU: 1 } });
  });

  it("assigns GPU work the bundle's devices, shared by fractions", () => {
    const { gpus, r } = setup();
    gpus.assign(1); // device 0 is busy outside the group
    r.prepare('pg', [{ index: 0, resources: { CPU: 1, GPU: 1 } }]);
    r.commit('pg');
    const half = resourceRequest({ GPU: 0.5 });
    const slot = r.claim(at('pg', 0), half)!;
    expect(slot.gpus.assign(0.5)!.ids).toEqual([1]);
    expect(r.claim(at('pg', 0), half)).toBe(slot);
    expect(slot.gpus.assign(0.5)!.ids).toEqual([1]);
    expect(r.claim(at('pg', 0), half)).toBeUndefined();
  });

  it('refuses to reserve a group twice', () => {
    const { r } = setup();
    expect(r.prepare('pg', [{ index: 0, resources: { CPU: 1 } }])).toBeNull();
    expect(r.prepare('pg', [{ index: 0, resources: { CPU: 1 } }])).toMatch(/already reserved/);
  });
});

describe('LocalScheduler with bundles', () => {
  interface Item { name: string; request: ReturnType<typeof resourceRequest>; bundle?: BundleTarget }

  it('starts bundle work from its bundle, apart from the same shape outside, and drains a removed group', () => {
    const { pool, r } = setup({ CPU: 2 });
    const started: string[] = [];
    const s = new LocalScheduler<Item>(pool, (t) => started.push(t.name), () => true, (t) => r.claim(t.bundle!, t.request) !== undefined);
    const cpu = resourceRequest({ CPU: 1 });
    s.enqueue({ name: 'in0', request: cpu, bundle: at('pg', 0) }); // the group is not there yet: waits
    s.enqueue({ name: 'free1', request: cpu });
    expect(started).toEqual(['free1']);
    r.prepare('pg', [{ index: 0, resources: { CPU: 1 } }]);
    r.commit('pg');
    s.dispatch();
    expect(started).toEqual(['free1', 'in0']);
    s.enqueue({ name: 'in1', request: cpu, bundle: at('pg', 0) }); // bundle full: queued
    s.enqueue({ name: 'any1', request: cpu, bundle: at('pg', -1) });
    s.enqueue({ name: 'free2', request: cpu }); // the node has none left either (2 - 1 - 1)
    expect(started).toEqual(['free1', 'in0']);
    expect(s.pending).toBe(3);
    expect(s.takeGroup('pg').map((t) => t.name).sort()).toEqual(['any1', 'in1']);
    expect(s.pending).toBe(1);
    r.release('pg');
    s.dispatch();
    expect(started).toEqual(['free1', 'in0', 'free2']);
  });
});
