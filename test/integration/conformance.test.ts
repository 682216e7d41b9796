// Ray semantics conformance (issue 15): each test is one behaviour Ray's own tests expect of its
// core, through the public API with real worker threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { ConformanceError } from '../fixtures/conformance-errors.js';
import {
  AsyncExiter, CrashingConstructor, Crashy, Exiter, Gate, Introspect, Recorder, callWithLateArgument, failNow, getBoxed,
  identity, later, selfCycleIntact, taskContext, throwIndirect, ticks, timeGetOfFailing, waitOrChild,
} from '../fixtures/conformance.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tsray-conformance-'));
let files = 0;
const file = () => join(dir, `f-${files++}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('Ray conformance', () => {
  it('1: orders actor calls per caller, not across callers', async () => {
    const recorder = Recorder.remote();
    // A task submits a call whose argument is ready only after 4 s, then returns.
    expect(await ray.get(callWithLateArgument.remote(recorder, 4000))).toBe('submitted');
    const t0 = Date.now();
    expect(await ray.get(recorder.add.remote('from the driver'))).toBe('from the driver');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await ray.get(recorder.entries.remote())).toEqual(['from the driver']);
  });

  it('2: rebuilds an error class exported by a module the worker loaded indirectly', async () => {
    const err = await rejection(ray.get(throwIndirect.remote()));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.cause).toBeInstanceOf(ConformanceError);
    expect(err.cause.code).toBe(7);
  });

  it('3: the README pattern (remote functions, guarded init, the error class in the entry module) does not deadlock', async () => {
    const { stdout } = await promisify(execFile)(`${root}node_modules/.bin/tsx`, [`${root}test/fixtures/conformance-entry-driver.ts`], { cwd: root, timeout: 45_000 });
    expect(stdout).toMatch(/caught TaskError: cause EntryError \(thrown by a class of the entry module\)/);
  });

  it('4: get of several refs raises as soon as one of them is an error', async () => {
    const t0 = Date.now();
    const err = await rejection(ray.get([failNow.remote(), later.remote(1, 4000)]));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.cause).toBeInstanceOf(RangeError);
    expect(Date.now() - t0).toBeLessThan(2000);
    // And inside a task.
    expect(await ray.get(timeGetOfFailing.remote(4000))).toBeLessThan(2000);
  });

  it('5: a finished call\'s result survives the next call exiting the actor\'s worker', async () => {
    const a = Exiter.options({ numCpus: 1 }).remote();
    expect(await ray.get(a.ok.remote())).toBe('done');
    const done = a.ok.remote();
    const exited = a.exit.remote();
    expect(await ray.get(done)).toBe('done');
    expect(await rejection(ray.get(exited))).toBeInstanceOf(ray.ActorDiedError);
  });

  it('6: calls submitted while a restartable actor\'s constructor runs wait for its restart', async () => {
    const a = CrashingConstructor.options({ maxRestarts: 1, numCpus: 1 }).remote(file());
    expect(await ray.get([a.ping.remote(), a.ping.remote()])).toEqual(['pong', 'pong']);
  });

  it('7: ray.exitActor() in an async actor ends it while another call runs', async () => {
    const a = AsyncExiter.remote();
    const hanging = a.hang.remote();
    await sleep(100);
    expect(await ray.get(a.quit.remote())).toBe('bye');
    const err = await rejection(ray.get(hanging, { timeoutMs: 30_000 }));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
  });

  it('9: cancelling a streaming generator stops it before it has yielded everything', async () => {
    const gen = ticks.remote(100, 50);
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const ref of gen) {
        seen.push(await ray.get(ref));
        if (seen.length === 2) ray.cancel(gen);
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ray.TaskCancelledError);
    // Uncancelled it would yield all 100 (5 s of ticks).
    expect(seen.length).toBeLessThan(20);
  });

  it('10: ray.wait([]) returns two empty lists', async () => {
    expect(await ray.wait([])).toEqual([[], []]);
  });

  it('11: calling a method the actor class does not have fails at the call', () => {
    const r = Recorder.remote();
    expect(() => (r as unknown as { nope: { remote(): unknown } }).nope.remote()).toThrow(ray.InvalidArgumentError);
    expect(() => (r as unknown as { nope: { remote(): unknown } }).nope.remote()).toThrow(/Recorder has no method "nope"/);
  });

  it('12: a task consuming a failed actor call\'s result raises an error that is both a task error and an actor error', async () => {
    const a = Crashy.remote();
    await ray.kill(a);
    const dead = a.ping.remote();
    // As a top-level argument (resolved before the task runs) ...
    const asArgument = await rejection(ray.get(identity.remote(dead)));
    expect(asArgument).toBeInstanceOf(ray.TaskError);
    expect(asArgument).toBeInstanceOf(ray.ActorDiedError);
    // ... and got inside the task, which re-raises it.
    const inside = await rejection(ray.get(getBoxed.remote({ ref: dead })));
    expect(inside).toBeInstanceOf(ray.TaskError);
    expect(inside).toBeInstanceOf(ray.ActorDiedError);
    expect(inside.taskName).toBe('getBoxed');
  });

  it('13: rejects getIfExists without a name, and fractional amounts above 1', () => {
    expect(() => Recorder.options({ getIfExists: true })).toThrow(ray.InvalidArgumentError);
    expect(() => identity.options({ numCpus: 1.5 })).toThrow(/whole number/);
    expect(() => identity.options({ resources: { custom: 1.5 } })).toThrow(/whole number/);
    expect(() => Recorder.options({ numCpus: 2.5 })).toThrow(/whole number/);
    expect(() => Recorder.options({ resources: { custom: 1.25 } })).toThrow(/whole number/);
    // Fractions below 1 and whole numbers are fine.
    expect(() => identity.options({ numCpus: 0.5, resources: { custom: 2 } })).not.toThrow();
    expect(() => Recorder.options({ name: 'n', getIfExists: true, numCpus: 0.25 })).not.toThrow();
  });

  it('14: puts and passes values with cycles', async () => {
    const value: { name: string; self?: unknown; list: unknown[] } = { name: 'cyclic', list: [] };
    value.self = value;
    value.list.push(value, 1);
    const back = (await ray.get(ray.put(value))) as typeof value;
    expect(back.name).toBe('cyclic');
    expect(back.self).toBe(back);
    expect(back.list[0]).toBe(back);
    expect(await ray.get(selfCycleIntact.remote(value as { self: unknown }))).toBe(true);
    const echoed = (await ray.get(identity.remote(value))) as typeof value;
    expect(echoed.self).toBe(echoed);
  });

  it('15: the runtime context tells the placement group, actor name, the actor itself, assigned resources and restarts', async () => {
    const driver = ray.getRuntimeContext();
    expect(driver.getPlacementGroupId()).toBeNull();
    expect(driver.getActorName()).toBeNull();
    expect(driver.wasCurrentActorReconstructed).toBe(false);
    expect(await ray.get(taskContext.options({ numCpus: 0.5, resources: {} }).remote())).toEqual({ pg: null, name: null, resources: { CPU: 0.5 } });

    const pg = ray.placementGroup([{ CPU: 1 }]);
    await pg.ready();
    const a = Introspect.options({ name: 'introspect', numCpus: 1, maxRestarts: 1, schedulingStrategy: { placementGroup: pg, bundleIndex: 0 } }).remote();
    const first = await ray.get(a.context.remote());
    expect(first.pg).toBe(pg.id);
    expect(first.name).toBe('introspect');
    expect(first.resources).toEqual({ CPU: 1 });
    expect(first.reconstructed).toBe(false);
    expect(first.self).toBeInstanceOf(ray.ActorHandle);
    expect(first.self.actorId).toBe(a.actorId);
    expect(first.actorId).toBe(a.actorId);
    await rejection(ray.get(a.crash.remote()));
    const second = await ray.get(a.context.remote());
    expect(second.reconstructed).toBe(true);
    await ray.kill(a);
    ray.removePlacementGroup(pg);

    const light = Introspect.remote();
    expect(await ray.get(light.context.remote())).toMatchObject({ pg: null, name: '', resources: {}, reconstructed: false });
    expect(() => driver.currentActor).toThrow(ray.InvalidArgumentError);
  });
});

describe('Ray conformance on one CPU', () => {
  beforeAll(async () => {
    await ray.shutdown();
    await ray.init({ numCpus: 1, logToDriver: false });
  });

  it('8: after a force-cancel, retried neighbours still lend their CPU while blocked in get', async () => {
    // Short tasks of one function are batched on one lease, so they share a thread.
    await ray.get(Array.from({ length: 300 }, () => waitOrChild.remote(null, null)));
    const gate = Gate.remote();
    const busy = later.remote('busy', 300);
    const cancelled = waitOrChild.remote({ ref: gate.wait.remote() }, null);
    const neighbour = waitOrChild.remote({ ref: gate.wait.remote() }, file());
    const third = waitOrChild.remote(null, null);
    await ray.get([busy, third]);
    await sleep(200);
    ray.cancel(cancelled, { force: true });
    expect(await rejection(ray.get(cancelled))).toBeInstanceOf(ray.TaskCancelledError);
    // Its neighbour was retried: its retry blocks on a child that needs the node's only CPU.
    expect(await ray.get(neighbour, { timeoutMs: 30_000 })).toBe('child ran');
  });
});
