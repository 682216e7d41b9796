import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed, needsTpu, rendezvous, square } from '../fixtures/tasks.js';

beforeAll(() => ray.init({ numCpus: 2, resources: { TPU: 1 }, logToDriver: false }));
afterAll(() => ray.shutdown());

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

describe('resources', () => {
  it('holds numCpus while a task runs, so tasks needing the whole node run one at a time', async () => {
    const runs = await ray.get([0, 1, 2].map(() => timed.options({ numCpus: 2 }).remote(150)));
    expect(overlaps(runs[0]!, runs[1]!) || overlaps(runs[1]!, runs[2]!) || overlaps(runs[0]!, runs[2]!)).toBe(false);
  });

  it('runs tasks that fit side by side', async () => {
    // Each waits for the other to start: only tasks running at the same time both succeed.
    const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
    try {
      const [a, b] = [join(dir, 'a'), join(dir, 'b')];
      expect(await ray.get([rendezvous.remote(a, b), rendezvous.remote(b, a)])).toEqual([true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('queues tasks on custom resources', async () => {
    const runs = await ray.get([0, 1].map(() => timed.options({ resources: { TPU: 1 }, numCpus: 0 }).remote(150)));
    expect(overlaps(runs[0]!, runs[1]!)).toBe(false);
    expect(await ray.get(needsTpu.remote())).toBe('tpu');
    expect(await ray.availableResources()).toMatchObject({ CPU: 2, TPU: 1 });
  });

  it('fails a request no node can satisfy at get, naming the resources', async () => {
    const err = await rejection(ray.get(square.options({ numCpus: 4 }).remote(1)));
    expect(err).toBeInstanceOf(ray.TaskUnschedulableError);
    expect(err.message).toMatch(/CPU: requested 4, node total 2/);
    const gpu = await rejection(ray.get(square.options({ numGpus: 1, resources: { TPU: 2 } }).remote(1)));
    expect(gpu.message).toMatch(/GPU: requested 1, node total 0.*TPU: requested 2, node total 1/);
  });
});
