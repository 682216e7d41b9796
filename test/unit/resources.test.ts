import { describe, expect, it } from 'vitest';
import { ResourcePool, cpuPart, resourceRequest, requestToMap } from '../../src/raylet/resources.js';

describe('ResourcePool', () => {
  it('accounts fractional amounts exactly', () => {
    const pool = new ResourcePool({ CPU: 2, GPU: 1 });
    const quarter = resourceRequest({ GPU: 0.25 });
    for (let i = 0; i < 4; i++) {
      expect(pool.fits(quarter)).toBe(true);
      pool.acquire(quarter);
    }
    expect(pool.fits(quarter)).toBe(false);
    expect(pool.availableNow()).toEqual({ CPU: 2 });
    pool.release(quarter);
    expect(pool.availableNow()).toEqual({ CPU: 2, GPU: 0.25 });
  });

  it('tells feasible from infeasible requests and explains why', () => {
    const pool = new ResourcePool({ CPU: 2, TPU: 1 });
    expect(pool.feasible(resourceRequest({ CPU: 2, TPU: 1 }))).toBe(true);
    const big = resourceRequest({ CPU: 3, GPU: 1 });
    expect(pool.feasible(big)).toBe(false);
    expect(pool.explainInfeasible(big)).toBe('CPU: requested 3, node total 2; GPU: requested 1, node total 0');
  });

  it('lets a resuming blocked task oversubscribe, and no new work fits until it ends', () => {
    const pool = new ResourcePool({ CPU: 1 });
    const one = resourceRequest({ CPU: 1 });
    pool.acquire(one);
    pool.release(cpuPart(one)); // blocked in get
    pool.acquire(one); // another task runs meanwhile
    pool.acquire(cpuPart(one)); // the first resumes
    expect(pool.fits(one)).toBe(false);
    pool.release(one);
    expect(pool.fits(one)).toBe(false);
    pool.release(one);
    expect(pool.fits(one)).toBe(true);
  });

  it('interns requests by shape and drops zero amounts', () => {
    expect(resourceRequest({ CPU: 1, TPU: 0 })).toBe(resourceRequest({ CPU: 1 }));
    expect(resourceRequest({ B: 1, A: 2 }).key).toBe('A:2,B:1');
    expect(requestToMap(resourceRequest({ GPU: 0.5, CPU: 1 }))).toEqual({ CPU: 1, GPU: 0.5 });
    expect(cpuPart(resourceRequest({ CPU: 2, TPU: 1 })).entries).toEqual(resourceRequest({ CPU: 2 }).entries);
  });
});
