import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../src/raylet/local-scheduler.js';
import { ResourcePool, resourceRequest } from '../../src/raylet/resources.js';

const task = (name: string, r: Record<string, number>) => ({ name, request: resourceRequest(r) });

describe('LocalScheduler', () => {
  it('starts tasks while they fit and queues the rest in order', () => {
    const pool = new ResourcePool({ CPU: 2 });
    const started: string[] = [];
    const s = new LocalScheduler<ReturnType<typeof task>>(pool, (t) => started.push(t.name));
    for (const n of ['a', 'b', 'c', 'd']) s.enqueue(task(n, { CPU: 1 }));
    expect(started).toEqual(['a', 'b']);
    expect(s.pending).toBe(2);
    pool.release(resourceRequest({ CPU: 1 }));
    s.dispatch();
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('does not let a large request at the head block smaller shapes behind it', () => {
    const pool = new ResourcePool({ CPU: 2 });
    const started: string[] = [];
    const s = new LocalScheduler<ReturnType<typeof task>>(pool, (t) => started.push(t.name));
    s.enqueue(task('small1', { CPU: 1 }));
    s.enqueue(task('big', { CPU: 2 }));
    s.enqueue(task('small2', { CPU: 1 }));
    expect(started).toEqual(['small1', 'small2']);
  });

  it('lists queued tasks that cannot start now (spillback), and takes chosen ones out in order', () => {
    const pool = new ResourcePool({ CPU: 1 });
    pool.acquire(resourceRequest({ CPU: 0.8 })); // fractional actors hold most of the node
    const started: string[] = [];
    const s = new LocalScheduler<ReturnType<typeof task>>(pool, (t) => started.push(t.name));
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((n) => task(n, { CPU: 1 }));
    for (const t of tasks) s.enqueue(t);
    s.enqueue(task('small', { CPU: 0.1 }));
    expect(started).toEqual(['small']);
    expect(s.blocked(3).map((t) => t.name)).toEqual(['a', 'b', 'c']);
    s.takeBlocked([tasks[0]!, tasks[2]!], 3);
    expect(s.pending).toBe(3);
    expect(s.blocked(10).map((t) => t.name)).toEqual(['b', 'd', 'e']);
    pool.release(resourceRequest({ CPU: 0.9 }));
    s.dispatch();
    expect(started).toEqual(['small', 'b']);
    expect(s.blocked(10).map((t) => t.name)).toEqual(['d', 'e']);
  });

  it('removes queued tasks (cancellation)', () => {
    const pool = new ResourcePool({ CPU: 1 });
    const started: string[] = [];
    const s = new LocalScheduler<ReturnType<typeof task>>(pool, (t) => started.push(t.name));
    const a = task('a', { CPU: 1 });
    const b = task('b', { CPU: 1 });
    s.enqueue(a);
    s.enqueue(b);
    expect(s.remove(b)).toBe(true);
    expect(s.remove(a)).toBe(false); // already started
    pool.release(a.request);
    s.dispatch();
    expect(started).toEqual(['a']);
    expect(s.pending).toBe(0);
  });

  it('handles re-entrant dispatch from a start callback', () => {
    const pool = new ResourcePool({ CPU: 1 });
    const started: string[] = [];
    const s: LocalScheduler<ReturnType<typeof task>> = new LocalScheduler(pool, (t) => {
      started.push(t.name);
      pool.release(t.request); // finishes at once
      s.dispatch();
    });
    for (const n of ['a', 'b', 'c']) s.enqueue(task(n, { CPU: 1 }));
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
