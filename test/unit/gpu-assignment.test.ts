import { describe, expect, it } from 'vitest';
import { GpuAssignment, gpuAmountProblem } from '../../src/raylet/gpu-assignment.js';
import { LocalScheduler } from '../../src/raylet/local-scheduler.js';
import { ResourcePool, resourceRequest, type ResourceRequest } from '../../src/raylet/resources.js';
import { InvalidArgumentError } from '../../src/common/errors.js';

describe('GpuAssignment', () => {
  it('gives whole requests distinct devices, lowest first', () => {
    const g = new GpuAssignment([0, 1, 2, 3]);
    expect(g.assign(1)!.ids).toEqual([0]);
    expect(g.assign(2)!.ids).toEqual([1, 2]);
    expect(g.assign(1)!.ids).toEqual([3]);
    expect(g.fits(1)).toBe(false);
    expect(g.assign(1)).toBeNull();
  });

  it('uses the ids it was given (devices narrowed by CUDA_VISIBLE_DEVICES)', () => {
    const g = new GpuAssignment([6, 2]);
    expect(g.assign(2)!.ids).toEqual([6, 2]);
    expect(() => new GpuAssignment([1, 1])).toThrow(InvalidArgumentError);
  });

  it('packs fractions onto one device until it is full', () => {
    const g = new GpuAssignment([0, 1]);
    const quarters = [0, 1, 2, 3].map(() => g.assign(0.25)!);
    expect(quarters.map((q) => q.ids)).toEqual([[0], [0], [0], [0]]);
    expect(g.freeByDevice()).toEqual(new Map([[0, 0], [1, 1]]));
    expect(g.assign(0.25)!.ids).toEqual([1]); // device 0 is full
    expect(g.fits(1)).toBe(false); // device 1 is shared now
  });

  it('puts a fraction on the fullest device it fits (best fit), keeping whole devices free', () => {
    const g = new GpuAssignment([0, 1, 2]);
    g.assign(0.5); // device 0
    g.assign(1); // device 1
    expect(g.assign(0.5)!.ids).toEqual([0]);
    expect(g.assign(0.75)!.ids).toEqual([2]);
    expect(g.assign(0.25)!.ids).toEqual([2]);
    expect(g.fits(0.0001)).toBe(false);
  });

  it('fits thirds exactly onto one device', () => {
    const g = new GpuAssignment([0]);
    for (let i = 0; i < 3; i++) expect(g.assign(1 / 3)!.ids).toEqual([0]);
    expect(g.fits(1 / 3)).toBe(false);
  });

  it('frees what a grant held, once', () => {
    const g = new GpuAssignment([0, 1]);
    const whole = g.assign(2)!;
    expect(g.fits(0.5)).toBe(false);
    g.release(whole);
    g.release(whole);
    expect(g.freeByDevice()).toEqual(new Map([[0, 1], [1, 1]]));
    const half = g.assign(0.5)!;
    const other = g.assign(0.5)!;
    expect(half.ids).toEqual(other.ids);
    g.release(half);
    expect(g.freeByDevice().get(half.ids[0]!)).toBe(0.5);
    expect(g.assign(1)!.ids).toEqual([1]);
  });

  it('rejects amounts that are neither whole nor a fraction of one device', () => {
    expect(gpuAmountProblem(1.5)).toMatch(/whole number of GPUs or a fraction of one GPU/);
    expect(gpuAmountProblem(2)).toBeNull();
    expect(gpuAmountProblem(0.5)).toBeNull();
    expect(gpuAmountProblem(-1)).toMatch(/>= 0/);
    expect(() => new GpuAssignment([0, 1]).assign(1.5)).toThrow(InvalidArgumentError);
  });
});

describe('LocalScheduler with GPU devices', () => {
  it('holds back a fraction whose share is free on no single device, though the total would fit', () => {
    const pool = new ResourcePool({ GPU: 2 });
    const gpus = new GpuAssignment([0, 1]);
    const started: Array<{ request: ResourceRequest; ids: readonly number[] }> = [];
    const grants = new Map<object, ReturnType<GpuAssignment['assign']>>();
    const s = new LocalScheduler<{ request: ResourceRequest }>(
      pool,
      (t) => {
        const grant = gpus.assign(t.request.gpus)!;
        grants.set(t, grant);
        started.push({ request: t.request, ids: grant.ids });
      },
      (req) => req.gpus === 0 || gpus.fits(req.gpus),
    );
    const a = { request: resourceRequest({ GPU: 0.6 }) };
    const b = { request: resourceRequest({ GPU: 0.6 }) };
    const c = { request: resourceRequest({ GPU: 0.5 }) };
    s.enqueue(a);
    s.enqueue(b);
    s.enqueue(c);
    expect(started.map((x) => x.ids)).toEqual([[0], [1]]);
    expect(pool.fits(c.request)).toBe(true); // 0.8 free in total, but 0.4 on each device
    expect(s.pending).toBe(1);
    pool.release(a.request);
    gpus.release(grants.get(a)!);
    s.dispatch();
    expect(started.map((x) => x.ids)).toEqual([[0], [1], [0]]);
    expect(s.pending).toBe(0);
  });
});
