import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as ray from '../../src/index.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { cliCluster, root } from '../fixtures/cli-cluster.js';

// Ray ends a job's non-detached actors, tasks and placement groups with the job, however the
// job ends: here its driver is SIGKILLed, and only its node's raylet sees it go.
const cluster = cliCluster('job-end-test');
const { env, cli, startHead, addNode } = cluster;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let address = '';

beforeAll(() => {
  address = startHead('--num-cpus', '2').address;
  addNode(address, '--num-cpus', '2');
}, 400_000);

afterAll(async () => {
  if (ray.isInitialized()) await ray.shutdown();
  cluster.dispose();
});

/** Polls `check` until it holds or `ms` pass; returns the last value it saw. */
async function until<T>(ms: number, read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!check(v) && Date.now() < end) {
    await sleep(250);
    v = await read();
  }
  return v;
}

describe('a job whose driver is SIGKILLed', () => {
  it('ends its non-detached actors, tasks and placement groups; detached actors live on', async () => {
    const driver = spawn(process.execPath, ['--import', 'tsx', `${root}test/fixtures/job-end-driver.ts`, address], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    driver.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const ready = await new Promise<{ job: string; free: number; pg: string }>((resolve, reject) => {
      driver.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\{.*\})/.exec(out);
        if (m) resolve(JSON.parse(m[1]!));
      });
      driver.on('exit', (code) => reject(new Error(`the driver exited (${code}) before it was ready:\n${out}\n${err}`)));
    });
    expect(ready.free).toBe(2);
    expect(ready.pg).toBe('PENDING');
    expect(cli('status', '--address', address)).toMatch(/stuck/);
    driver.kill('SIGKILL');

    const gcs = await GcsClient.connect(address);
    try {
      const actors = await until(
        20_000,
        async () => (await gcs.listActors({ includeDead: true })).filter((a) => a.namespace === 'jobend'),
        (as) => as.find((a) => a.name === 'doomed')?.state === 'DEAD',
      );
      const doomed = actors.find((a) => a.name === 'doomed')!;
      expect(doomed.jobId).toBe(ready.job);
      expect(doomed.state).toBe('DEAD');
      expect(doomed.deathCause).toMatch(new RegExp(`job ${ready.job}`));
      expect(actors.find((a) => a.name === 'keeper')?.state).toBe('ALIVE');
      expect(actors.find((a) => a.name === 'keeper')?.jobId).toBe(ready.job);
    } finally {
      gcs.close();
    }

    // The tasks' CPUs are free again, seen by a second driver and by `tsray status`.
    await ray.init({ address, namespace: 'jobend' });
    expect(await until(20_000, async () => (await ray.availableResources()).CPU, (c) => c === 4)).toBe(4);
    const status = await until(10_000, async () => cli('status', '--address', address), (s) => !/stuck/.test(s));
    expect(status).toMatch(/CPU: 0\/4/);
    expect(status).not.toMatch(/stuck/);
    // The detached actor still answers; the other is gone.
    const keeper = await ray.getActor('keeper');
    expect(await ray.get((keeper as unknown as { inc: { remote(): ray.ObjectRef<number> } }).inc.remote())).toBe(2);
    await expect(ray.getActor('doomed')).rejects.toThrow();
    await ray.shutdown();
  }, 120_000);
});
