import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { exitUntil, failValidation, nestedFrom, sleep, whereAmI, ValidationError } from '../fixtures/tasks.js';
import { Pid } from '../fixtures/actors.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
const seenPids = new Set<number>();
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
  // Shutdown stops every process worker it started.
  for (const pid of seenPids) expect(alive(pid)).toBe(false);
});

describe("isolation: 'process'", () => {
  it('runs a task in a child process, and threads run in this one', async () => {
    const inProcess = await ray.get(whereAmI.options({ isolation: 'process' }).remote());
    const inThread = await ray.get(whereAmI.remote());
    seenPids.add(inProcess.pid);
    expect(inProcess.isWorker).toBe(true);
    expect(inProcess.pid).not.toBe(process.pid);
    expect(inThread.pid).toBe(process.pid);
  });

  it('passes errors, nested tasks and gets through the process boundary', async () => {
    const err = await rejection(ray.get(failValidation.options({ isolation: 'process' }).remote('zip')));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.cause).toBeInstanceOf(ValidationError);
    const nested = await ray.get(nestedFrom.options({ isolation: 'process' }).remote(7));
    seenPids.add(nested.pid);
    expect(nested.value).toBe(49);
  });

  it('retries a task whose process exits', async () => {
    expect(await ray.get(exitUntil.options({ isolation: 'process' }).remote(join(dir, 'attempts'), 2))).toBe(2);
  });

  it('hosts an actor in a process of its own and stops it when the actor is killed', async () => {
    const a = Pid.options({ isolation: 'process' }).remote();
    const pid = await ray.get(a.pid.remote());
    seenPids.add(pid);
    expect(pid).not.toBe(process.pid);
    expect(await ray.get(a.pid.remote())).toBe(pid);
    expect(await ray.get(a.count.remote())).toBe(2);
    await ray.kill(a);
    await expect(ray.get(a.count.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);
  });

  it('restarts a process actor that crashes', async () => {
    const a = Pid.options({ isolation: 'process', maxRestarts: 1 }).remote();
    const first = await ray.get(a.pid.remote());
    seenPids.add(first);
    await expect(ray.get(a.crash.remote())).rejects.toBeInstanceOf(ray.ActorUnavailableError);
    for (let i = 0; i < 100 && alive(first); i++) await sleep(10);
    expect(alive(first)).toBe(false);
    const second = await ray.get(a.pid.remote());
    seenPids.add(second);
    expect(second).not.toBe(first);
    expect(await ray.get(a.count.remote())).toBe(1); // a fresh instance
  });

  it('lets a driver that used a process worker shut down and exit cleanly', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(`${root}node_modules/.bin/tsx`, [`${root}test/fixtures/process-worker-driver.ts`], { cwd: root });
    const pid = Number(/clean exit, worker (\d+)/.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('rejects an unknown isolation', () => {
    expect(() => whereAmI.options({ isolation: 'vm' as never })).toThrow(/isolation must be 'thread' or 'process'/);
  });
});
