import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { Counter, Crashy } from '../fixtures/actors.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

// Crashing actors get threads of their own (numCpus: 1), so a crash takes no neighbour with it.
describe('actor fault tolerance', () => {
  it('dies for good when its thread crashes and it has no restarts', async () => {
    const a = Crashy.options({ numCpus: 1 }).remote();
    expect(await ray.get(a.inc.remote())).toBe(1);
    const err = await rejection(ray.get(a.crash.remote()));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/its worker exited/);
    await expect(ray.get(a.inc.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
  });

  it('restarts up to maxRestarts times, running its constructor again', async () => {
    const a = Crashy.options({ numCpus: 1, maxRestarts: 1 }).remote(10);
    expect(await ray.get(a.inc.remote())).toBe(11);
    // The call that crashed it was in flight and has no retries: it fails, the actor restarts.
    await expect(ray.get(a.crash.remote())).rejects.toBeInstanceOf(ray.ActorUnavailableError);
    expect(await ray.get(a.inc.remote())).toBe(11); // fresh state from the constructor
    const err = await rejection(ray.get(a.crash.remote()));
    expect(err).toBeInstanceOf(ray.ActorDiedError);
    expect(err.message).toMatch(/no restarts left/);
    await expect(ray.get(a.inc.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
    expect((await ray.availableResources()).CPU).toBe(2);
  });

  it('retries a call in flight during a crash up to maxTaskRetries', async () => {
    const a = Crashy.options({ numCpus: 1, maxRestarts: 2, maxTaskRetries: 1 }).remote();
    expect(await ray.get(a.crashOnce.remote(join(dir, 'once')))).toBe('recovered');
    expect(await ray.get(a.inc.remote())).toBe(1);
    await ray.kill(a);
  });

  it('fails calls in flight at a crash, and runs calls made while it restarts', async () => {
    const a = Crashy.options({ numCpus: 1, maxRestarts: -1 }).remote(5);
    const crash = a.crash.remote();
    const inFlight = a.inc.remote(); // sent along with the crash: it dies with the thread
    await expect(ray.get(crash)).rejects.toBeInstanceOf(ray.ActorUnavailableError);
    await expect(ray.get(inFlight)).rejects.toBeInstanceOf(ray.ActorUnavailableError);
    // Submitted while the actor restarts: queued, then run on the new instance in order.
    const after = [a.inc.remote(), a.inc.remote()];
    expect(await ray.get(after)).toEqual([6, 7]);
    await ray.kill(a);
  });

  it('a crash on a shared host takes its neighbours down too, and they restart if allowed', async () => {
    // Light actors share host threads; crash one, and every actor on its thread crashes.
    const crashy = Crashy.options({ maxRestarts: 1 }).remote();
    const neighbours = Array.from({ length: 4 }, () => Counter.options({ maxRestarts: 1 }).remote(100));
    await ray.get([crashy.inc.remote(), ...neighbours.map((n) => n.inc.remote())]);
    await expect(ray.get(crashy.crash.remote())).rejects.toBeInstanceOf(ray.ActorUnavailableError);
    const values = await ray.get(neighbours.map((n) => n.inc.remote()));
    // Neighbours on the crashed thread restarted (101 again); the others kept their state (102).
    expect(values.every((v) => v === 101 || v === 102)).toBe(true);
    expect(await ray.get(crashy.inc.remote())).toBe(1);
  });
});
