import { describe, expect, it } from 'vitest';
import { Lease } from '../../src/raylet/lease.js';
import { ResourcePool, resourceRequest } from '../../src/raylet/resources.js';

describe('Lease', () => {
  it('holds its resources for the whole batch and frees them when the last task ends', () => {
    const pool = new ResourcePool({ CPU: 1, TPU: 1 });
    const req = resourceRequest({ CPU: 1, TPU: 1 });
    pool.acquire(req);
    const lease = new Lease('L0', req, 3);
    lease.remaining--;
    expect(lease.settle(pool)).toEqual({ freed: false, done: false });
    lease.remaining -= 2;
    expect(lease.settle(pool)).toEqual({ freed: true, done: true });
    expect(pool.availableNow()).toEqual({ CPU: 1, TPU: 1 });
  });

  it('lends its CPU out only while every unfinished task is blocked', () => {
    const pool = new ResourcePool({ CPU: 1, TPU: 1 });
    const req = resourceRequest({ CPU: 1, TPU: 1 });
    pool.acquire(req);
    const lease = new Lease('L0', req, 2);
    lease.blocked = 1; // one blocked, the next one of the batch runs on the CPU
    expect(lease.settle(pool).freed).toBe(false);
    expect(pool.availableNow()).toEqual({});
    lease.blocked = 2;
    expect(lease.settle(pool).freed).toBe(true);
    expect(pool.availableNow()).toEqual({ CPU: 1 }); // the TPU stays held
    lease.blocked = 1; // one resumes
    lease.settle(pool);
    expect(lease.cpuReleased).toBe(false);
    expect(pool.availableNow()).toEqual({});
    lease.blocked = 0;
    lease.remaining = 0;
    lease.settle(pool);
    expect(pool.availableNow()).toEqual({ CPU: 1, TPU: 1 });
  });

  it('ending while blocked does not give the CPU back twice', () => {
    const pool = new ResourcePool({ CPU: 2 });
    const req = resourceRequest({ CPU: 1 });
    pool.acquire(req);
    const lease = new Lease('L0', req, 1);
    lease.blocked = 1;
    lease.settle(pool);
    lease.blocked = 0;
    lease.remaining = 0;
    lease.settle(pool);
    expect(pool.availableNow()).toEqual({ CPU: 2 });
  });
});
