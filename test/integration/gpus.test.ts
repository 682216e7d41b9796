import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { gpuGather, gpuView, GpuHolder } from '../fixtures/gpu-tasks.js';
import { timed, rendezvous, square } from '../fixtures/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-gpu-test-'));
let nextDir = 0;
const freshDir = (): string => {
  const d = join(dir, `g${nextDir++}`);
  mkdirSync(d);
  return d;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GPU detection', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

  /** Runs the detection driver in a child process whose PATH is only `pathDir`. */
  async function detectIn(pathDir: string, cudaVisibleDevices?: string): Promise<{ cluster: Record<string, number>; task: { ids: number[]; cvd: string | null } | null }> {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathDir };
    delete env.CUDA_VISIBLE_DEVICES;
    if (cudaVisibleDevices !== undefined) env.CUDA_VISIBLE_DEVICES = cudaVisibleDevices;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, `${root}test/fixtures/gpu-detect-driver.ts`], { cwd: root, env });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  /** A fake nvidia-smi that reports two H100s. */
  function fakeNvidiaSmi(): string {
    const bin = freshDir();
    const script = [
      '#!/bin/sh',
      'case "$1" in',
      "  --query-gpu=*) printf '0, NVIDIA H100 80GB HBM3, 81559, GPU-11111111-aaaa\\n1, NVIDIA H100 80GB HBM3, 81559, GPU-22222222-bbbb\\n' ;;",
      "  -L) printf 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-11111111-aaaa)\\nGPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-22222222-bbbb)\\n' ;;",
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n');
    writeFileSync(join(bin, 'nvidia-smi'), script);
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    return bin;
  }

  it('finds no GPUs when there is no nvidia-smi', async () => {
    const { cluster, task } = await detectIn(freshDir());
    expect(cluster.CPU).toBe(1);
    expect(cluster.GPU ?? 0).toBe(0);
    expect(Object.keys(cluster).filter((k) => k.startsWith('accelerator_type:'))).toEqual([]);
    expect(task).toBeNull();
  });

  it("advertises what nvidia-smi reports, with Ray's accelerator type", async () => {
    const { cluster, task } = await detectIn(fakeNvidiaSmi());
    expect(cluster.GPU).toBe(2);
    expect(cluster['accelerator_type:H100']).toBe(1);
    expect(task).toMatchObject({ ids: [0], cvd: '0' });
  });

  it('narrows to CUDA_VISIBLE_DEVICES, by index or by UUID, and assigns the physical ids', async () => {
    const bin = fakeNvidiaSmi();
    const byIndex = await detectIn(bin, '1');
    expect(byIndex.cluster.GPU).toBe(1);
    expect(byIndex.task).toMatchObject({ ids: [1], cvd: '1' });
    const byUuid = await detectIn(bin, 'GPU-2222');
    expect(byUuid.cluster.GPU).toBe(1);
    expect(byUuid.task).toMatchObject({ ids: [1], cvd: '1' });
    const none = await detectIn(bin, '');
    expect(none.cluster.GPU ?? 0).toBe(0);
    expect(none.cluster['accelerator_type:H100']).toBeUndefined();
  });
});

describe('GPUs (fake devices from numGpus)', () => {
  beforeAll(() => ray.init({ numCpus: 4, numGpus: 4, logToDriver: false }));
  afterAll(() => ray.shutdown());

  it('advertises the GPUs given to init', async () => {
    const cluster = await ray.clusterResources();
    expect(cluster).toMatchObject({ CPU: 4, GPU: 4 });
    expect(Object.keys(cluster).filter((k) => k.startsWith('accelerator_type:'))).toEqual([]); // none detected here
  });

  it('gives tasks of one GPU each a distinct device, and sets CUDA_VISIBLE_DEVICES to it', async () => {
    const d = freshDir();
    const views = await ray.get([0, 1, 2, 3].map(() => gpuGather.options({ numGpus: 1 }).remote(d, 4)));
    expect(views.every((v) => v.together)).toBe(true);
    expect(views.map((v) => v.ids[0]).sort()).toEqual([0, 1, 2, 3]);
    for (const v of views) {
      expect(v.ids).toHaveLength(1);
      expect(v.cvd).toBe(String(v.ids[0]));
      expect(v.pid).not.toBe(process.pid); // a process worker, not a thread of this process
    }
  });

  it('gives a task of two GPUs two devices', async () => {
    const v = await ray.get(gpuView.options({ numGpus: 2 }).remote());
    expect(v.ids).toHaveLength(2);
    expect(new Set(v.ids).size).toBe(2);
    expect(v.cvd).toBe(v.ids.join(','));
  });

  it('packs four quarter-GPU tasks running at once onto one device', async () => {
    const d = freshDir();
    const views = await ray.get([0, 1, 2, 3].map(() => gpuGather.options({ numGpus: 0.25 }).remote(d, 4)));
    expect(views.every((v) => v.together)).toBe(true);
    const device = views[0]!.ids;
    expect(device).toHaveLength(1);
    for (const v of views) {
      expect(v.ids).toEqual(device);
      expect(v.cvd).toBe(String(device[0]));
    }
    expect(new Set(views.map((v) => v.pid)).size).toBe(4);
  });

  it('keeps an actor on its GPU for its life', async () => {
    const a = GpuHolder.options({ numGpus: 1 }).remote();
    const first = await ray.get(a.view.remote());
    const second = await ray.get(a.view.remote());
    expect(first.ids).toHaveLength(1);
    expect(first.cvd).toBe(String(first.ids[0]));
    expect(second).toMatchObject({ ids: first.ids, cvd: first.cvd, pid: first.pid, calls: 2 });
    expect((await ray.availableResources()).GPU).toBe(3);
    await ray.kill(a);
  });

  it("frees a killed actor's GPUs for other work", async () => {
    const a = GpuHolder.options({ numGpus: 4 }).remote();
    expect((await ray.get(a.view.remote())).ids.sort()).toEqual([0, 1, 2, 3]);
    const waiting = gpuView.options({ numGpus: 1 }).remote();
    const [ready] = await ray.wait([waiting], { numReturns: 1, timeoutMs: 500 });
    expect(ready).toEqual([]); // every device is the actor's
    await ray.kill(a);
    const v = await ray.get(waiting, { timeoutMs: 30_000 });
    expect(v.ids).toHaveLength(1);
    expect(v.cvd).toBe(String(v.ids[0]));
  });

  it('fails a request for more GPUs than the node has, naming them', async () => {
    const err = await rejection(ray.get(gpuView.options({ numGpus: 5 }).remote()));
    expect(err).toBeInstanceOf(ray.TaskUnschedulableError);
    expect(err.message).toMatch(/GPU: requested 5, node total 4/);
    const actor = GpuHolder.options({ numGpus: 5 }).remote();
    const died = await rejection(ray.get(actor.view.remote()));
    expect(died).toBeInstanceOf(ray.ActorDiedError);
    expect(died.message).toMatch(/can never be scheduled.*GPU: requested 5, node total 4/);
    expect(died.cause).toBeInstanceOf(ray.TaskUnschedulableError);
  });

  it('rejects a fraction above one GPU where the options are given', () => {
    expect(() => gpuView.options({ numGpus: 1.5 })).toThrow(ray.InvalidArgumentError);
    expect(() => gpuView.options({ numGpus: 1.5 })).toThrow(/whole number of GPUs or a fraction of one GPU/);
    expect(() => ray.remote(() => 1, { numGpus: 2.5, name: 'tooFractional' })).toThrow(ray.InvalidArgumentError);
    expect(() => GpuHolder.options({ numGpus: 1.5 })).toThrow(ray.InvalidArgumentError);
  });

  it('reports no GPU ids in the driver or in work without GPUs', async () => {
    expect(ray.getRuntimeContext().getGpuIds()).toEqual([]);
    expect((await ray.get(gpuView.remote())).ids).toEqual([]);
    const inProcess = await ray.get(gpuView.options({ isolation: 'process' }).remote());
    expect(inProcess.ids).toEqual([]);
    expect(inProcess.pid).not.toBe(process.pid);
    expect((await ray.get(GpuHolder.remote().view.remote())).ids).toEqual([]);
  });

  it('gives every GPU back once the work ends', async () => {
    let gpu = 0;
    for (let i = 0; i < 200 && gpu !== 4; i++) {
      gpu = (await ray.availableResources()).GPU ?? 0;
      if (gpu !== 4) await new Promise((r) => setTimeout(r, 10));
    }
    expect(gpu).toBe(4);
  });
});

describe('custom resources and memory, scheduled like CPUs', () => {
  beforeAll(() => ray.init({ numCpus: 4, resources: { TPU: 2 }, logToDriver: false }));
  afterAll(() => ray.shutdown());

  /** The most runs in progress at one moment (a run ending as another starts does not overlap it). */
  const overlapping = (runs: Array<{ start: number; end: number }>): number => {
    const events = runs.flatMap((r) => [[r.start, 1], [r.end, -1]] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of events) most = Math.max(most, (now += d));
    return most;
  };

  it('runs at most as many tasks at once as the node has of a custom resource', async () => {
    const runs = await ray.get([0, 1, 2, 3, 4, 5].map(() => timed.options({ resources: { TPU: 1 }, numCpus: 0 }).remote(150)));
    expect(overlapping(runs)).toBeLessThanOrEqual(2);
    const d = freshDir();
    // Two fit side by side: each waits for the other to start.
    const [a, b] = [join(d, 'a'), join(d, 'b')];
    expect(await ray.get([rendezvous.options({ resources: { TPU: 1 } }).remote(a, b), rendezvous.options({ resources: { TPU: 1 } }).remote(b, a)])).toEqual([true, true]);
  });

  it('holds memory while a task runs, and fails requests above the node memory', async () => {
    const memory = (await ray.clusterResources()).memory!;
    expect(memory).toBeGreaterThan(0);
    const runs = await ray.get([0, 1].map(() => timed.options({ memory: Math.floor(memory * 0.6), numCpus: 0 }).remote(150)));
    expect(overlapping(runs)).toBe(1);
    const err = await rejection(ray.get(square.options({ memory: memory * 2 }).remote(1)));
    expect(err).toBeInstanceOf(ray.TaskUnschedulableError);
    expect(err.message).toMatch(/memory: requested \d+, node total \d+/);
  });
});
