import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { availableCpusReach, rejection } from '../helpers.js';
import { getAndReturn, markAndWait, parentOfWaiter, sleep, spin, square, timed, waitForFile } from '../fixtures/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
let n = 0;
const file = () => join(dir, `f-${n++}`);

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await sleep(10);
  expect(cond()).toBe(true);
}

describe('cancel', () => {
  it('a queued task never runs and its get throws TaskCancelledError', async () => {
    const blockers = [timed.options({ numCpus: 2 }).remote(400)];
    const marker = file();
    const queued = markAndWait.remote(marker, 0);
    ray.cancel(queued);
    const err = await rejection(ray.get(queued));
    expect(err).toBeInstanceOf(ray.TaskCancelledError);
    await ray.get(blockers);
    await sleep(100);
    expect(existsSync(marker)).toBe(false);
  });

  it('force-cancels a running task by terminating its worker', async () => {
    const ref = spin.options({ maxRetries: 3 }).remote();
    await sleep(300);
    ray.cancel(ref, { force: true });
    const err = await rejection(ray.get(ref));
    expect(err).toBeInstanceOf(ray.TaskCancelledError);
    expect(err.message).toMatch(/worker was terminated/);
    expect(await ray.get(square.remote(3))).toBe(9);
    expect(await ray.availableResources()).toMatchObject({ CPU: 2 });
  });

  it('interrupts a running task blocked in get without force', async () => {
    const gate = file();
    const inner = waitForFile.remote(gate);
    const outer = getAndReturn.remote([inner as ray.ObjectRef<string>]);
    // Once the outer task blocks in get it lends its CPU out: one CPU (the inner task's) is busy.
    expect(await availableCpusReach(ray, 1)).toBe(1);
    ray.cancel(outer, { recursive: false });
    const err: unknown = await rejection(ray.get(outer));
    expect(err).toBeInstanceOf(ray.TaskCancelledError);
    writeFileSync(gate, 'open');
    expect(await ray.get(inner)).toBe('seen');
  });

  it('cancels children recursively', async () => {
    const childMarker = file();
    const parent = parentOfWaiter.remote(file(), childMarker);
    await until(() => existsSync(childMarker));
    ray.cancel(parent, { force: true, recursive: true });
    await expect(ray.get(parent)).rejects.toBeInstanceOf(ray.TaskCancelledError);
    // The parent and its children (one waiting 60 s, one waiting for a file that never comes)
    // are all gone: every CPU of the node comes back.
    expect(await availableCpusReach(ray, 2)).toBe(2);
  });
});
