import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as ray from '../../src/index.js';
import { availableCpusReach, rejection } from '../helpers.js';
import { failValidation } from '../fixtures/tasks.js';
import { Broken, Concurrent, Counter, Driver, Ordered, SlowLog, Streamer, bumpVia, makeCounter } from '../fixtures/actors.js';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('actors', () => {
  it('creates an actor and runs its methods on its state', async () => {
    const c = Counter.remote(10);
    expect(c).toBeInstanceOf(ray.ActorHandle);
    const ref = c.inc.remote(5);
    expectTypeOf(ref).toEqualTypeOf<ray.ObjectRef<number>>();
    expect(await ray.get(ref)).toBe(15);
    expect(await ray.get(c.inc.remote())).toBe(16);
    expect(await ray.get(c.get.remote())).toBe(16);
    expect(await ray.get(c.whoAmI.remote())).toBe(c.actorId);
  });

  it('runs one caller\'s calls in submission order on a sync actor', async () => {
    const o = Ordered.remote();
    const refs = Array.from({ length: 50 }, (_, i) => o.add.remote(i));
    expect(await ray.get(refs)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await ray.get(o.entries.remote())).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps order even when an earlier call waits for its argument', async () => {
    const log = SlowLog.options({ maxConcurrency: 1 }).remote();
    const late = ray.put(0);
    const first = log.add.remote(late, 100);
    const second = log.add.remote(1, 0);
    await ray.get([first, second]);
    expect(await ray.get(log.entries.remote())).toEqual([0, 1]);
  });

  it('runs calls of an async actor concurrently, up to maxConcurrency', async () => {
    const many = Concurrent.remote();
    const peaks = await ray.get(Array.from({ length: 10 }, () => many.work.remote(100)));
    expect(Math.max(...peaks)).toBe(10);
    const few = Concurrent.options({ maxConcurrency: 2 }).remote();
    const limited = await ray.get(Array.from({ length: 6 }, () => few.work.remote(50)));
    expect(Math.max(...limited)).toBe(2);
  });

  it('re-throws a method\'s exception as TaskError and keeps the actor alive', async () => {
    const c = Counter.remote(3);
    const err = await rejection(ray.get(c.fail.remote()));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.taskName).toBe('Counter.fail');
    expect(err.cause).toBeInstanceOf(RangeError);
    expect(await ray.get(c.inc.remote())).toBe(4);
  });

  it('fails every call with ActorDiedError carrying the constructor error', async () => {
    const b = Broken.remote();
    const err = await rejection(ray.get(b.ping.remote()));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/constructor threw TypeError: cannot build/);
    expect(err.cause).toBeInstanceOf(TypeError);
    await expect(ray.get(b.ping.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
  });

  it('passes handles into tasks and returns them from tasks', async () => {
    const c = Counter.remote(0);
    expect(await ray.get(bumpVia.remote(c, 3))).toBe(3);
    expect(await ray.get(c.get.remote())).toBe(3);
    const { handle } = await ray.get(makeCounter.remote(100));
    expect(handle).toBeInstanceOf(ray.ActorHandle);
    expect(await ray.get(handle.inc.remote(1))).toBe(101);
  });

  it('dies at birth when a constructor argument is an error', async () => {
    const c = Counter.remote(failValidation.remote('start') as unknown as ray.ObjectRef<number>);
    const err = await rejection(ray.get(c.get.remote()));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/constructor argument 0 is an error/);
    expect(err.cause).toBeInstanceOf(ray.TaskError);
  });

  it('passes handles into other actors', async () => {
    const c = Counter.remote(0);
    const d = Driver.remote();
    expect(await ray.get(d.bump.remote(c, 4))).toBe(4);
    expect(await ray.get(c.get.remote())).toBe(4);
  });

  it('streams from async generator methods', async () => {
    const s = Streamer.remote();
    const out: number[] = [];
    for await (const ref of s.count.remote(4)) out.push(await ray.get(ref));
    expect(out).toEqual([0, 1, 2, 3]);
  });
});

describe('named actors and lifecycle', () => {
  it('finds a named actor by name and namespace, and refuses a duplicate name', async () => {
    const c = Counter.options({ name: 'c1', namespace: 'ns' }).remote(7);
    await ray.get(c.get.remote());
    const same = await ray.getActor<InstanceType<typeof Counter.cls>>('c1', { namespace: 'ns' });
    expect(same.actorId).toBe(c.actorId);
    expect(await ray.get(same.inc.remote(1))).toBe(8);
    expect(() => Counter.options({ name: 'c1', namespace: 'ns' }).remote()).toThrow(/already exists in namespace "ns"/);
    await expect(ray.getActor('c1')).rejects.toThrow(/no live actor named "c1" in namespace/);
    await expect(ray.getActor('missing', { namespace: 'ns' })).rejects.toThrow(/no live actor named "missing"/);
  });

  it('getIfExists returns the live actor of that name instead of an error', async () => {
    const a = Counter.options({ name: 'shared', getIfExists: true }).remote(1);
    const b = Counter.options({ name: 'shared', getIfExists: true }).remote(50);
    expect(await ray.get(a.inc.remote())).toBe(2);
    expect(await ray.get(b.inc.remote())).toBe(3); // the same actor: its constructor ran once
    await ray.kill(b);
    await expect(ray.get(a.inc.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
  });

  it('kills an actor: its calls fail with ActorDiedError and its name is free again', async () => {
    const c = Counter.options({ name: 'victim' }).remote();
    expect(await ray.get(c.inc.remote())).toBe(1);
    await ray.kill(c);
    const err = await rejection(ray.get(c.inc.remote()));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/killed/);
    await expect(ray.getActor('victim')).rejects.toThrow(/no live actor/);
    const again = Counter.options({ name: 'victim' }).remote(5);
    expect(await ray.get(again.get.remote())).toBe(5);
  });

  it('ends an actor that calls ray.exitActor()', async () => {
    const c = Counter.remote();
    expect(await ray.get(c.quit.remote())).toBe('bye');
    await expect(ray.get(c.inc.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
  });

  it('holds a dedicated actor\'s resources for its lifetime and frees them when it dies', async () => {
    const c = Counter.options({ numCpus: 1 }).remote();
    expect(await ray.get(c.inc.remote())).toBe(1);
    expect((await ray.availableResources()).CPU).toBe(1);
    await ray.kill(c);
    expect(await availableCpusReach(ray, 2)).toBe(2);
  });

  it('validates actor options', () => {
    expect(() => Counter.options({ maxConcurrency: 0 })).toThrow(/maxConcurrency must be an integer >= 1/);
    expect(() => Counter.options({ lifetime: 'forever' as never })).toThrow(/lifetime/);
    expect(() => Counter.options({ nme: 'x' } as never)).toThrow(/unknown option "nme"/);
    expect(() => ray.actor(5 as never)).toThrow(/expected a class/);
  });
});
