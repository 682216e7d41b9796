// Job records live in the GCS KV, so in Redis when the GCS uses it: a kill -9 of the GCS and a
// restart (`tsray start --head --gcs-only`) lose none, and a job running across it still ends
// recorded.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobSubmissionClient } from '../../src/jobs/job-submission-client.js';
import { FtCluster, until } from '../fixtures/gcs-ft-cluster.js';
import { startRedis, type RedisServer } from '../fixtures/redis-server.js';
import { processRunning as running } from '../../src/common/process-identity.js';

let redis: RedisServer;
let cluster: FtCluster;
let client: JobSubmissionClient;

beforeAll(async () => {
  redis = await startRedis();
  cluster = new FtCluster(redis, 'jobs');
  await cluster.startHead(['--dashboard-port', '0']);
  client = new JobSubmissionClient({ address: cluster.head().dashboardAddress! });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
}, 60_000);

it('job records survive a GCS restart with Redis, and a job running across the restart ends recorded', async () => {
  const done = await client.submitJob({ entrypoint: 'echo before the restart', submissionId: 'before', metadata: { kept: 'yes' } });
  await until('the first job to succeed', async () => (await client.getJobStatus(done)) === 'SUCCEEDED', 30_000);
  // Ends while the GCS is down or just back: its end is recorded once the GCS answers again.
  const across = await client.submitJob({ entrypoint: 'sleep 2; echo across the restart', submissionId: 'across' });
  await until('the second job to run', async () => (await client.getJobStatus(across)) === 'RUNNING', 30_000);

  // The records are in Redis, in the hash of the KV namespace tsray.jobs, one field per job.
  const tables = await redis.command('KEYS', 'tsray:jobs:*tsray.jobs*') as string[];
  expect(tables).toHaveLength(1);
  expect((await redis.command('HKEYS', tables[0]!) as string[]).sort()).toEqual(['across', 'before']);
  await cluster.killGcs();
  expect(await cluster.restartGcs()).toMatch(/recovered from Redis/);

  const before = await client.getJobInfo('before');
  expect(before).toMatchObject({ status: 'SUCCEEDED', metadata: { kept: 'yes' }, entrypoint: 'echo before the restart' });
  await until('the job running across the restart to succeed', async () => (await client.getJobStatus('across')) === 'SUCCEEDED', 60_000);
  expect(await client.getJobLogs('across')).toBe('across the restart\n');
  expect((await client.listJobs()).map((j) => j.submission_id).sort()).toEqual(['across', 'before']);
  const after = await client.submitJob({ entrypoint: 'echo after' });
  await until('a job submitted after the restart to succeed', async () => (await client.getJobStatus(after)) === 'SUCCEEDED', 30_000);

  // `tsray stop` stops a running job and records it STOPPED before the GCS goes.
  await client.submitJob({ entrypoint: 'sleep 300', submissionId: 'at-stop' });
  await until('the last job to run', async () => (await client.getJobStatus('at-stop')) === 'RUNNING', 30_000);
  await cluster.cli('stop');
  const record = JSON.parse(String(await redis.command('HGET', tables[0]!, 'at-stop'))) as { status: string };
  expect(record.status).toBe('STOPPED');
}, 180_000);

it('a job server whose GCS is gone for good ends its jobs and exits, as the head\'s raylet does', async () => {
  const lone = new FtCluster(undefined, 'lone');
  try {
    await lone.startHead(['--dashboard-port', '0', '--gcs-reconnect-timeout-s', '3']);
    const head = lone.head();
    const c = new JobSubmissionClient({ address: head.dashboardAddress! });
    await c.submitJob({ entrypoint: 'echo $$; exec sleep 300', submissionId: 'orphaned' });
    const pid = await until('the job to print its pid', async () => Number((await c.getJobLogs('orphaned')).trim()) || undefined, 30_000);
    expect(running(pid)).toBe(true);
    await lone.killGcs();
    await until('the job server to exit', () => !running(head.dashboardPid), 60_000);
    expect(running(pid)).toBe(false);
    expect(readFileSync(join(head.nodeDir, 'logs', 'dashboard.log'), 'utf8')).toMatch(/could not reach the GCS at \S+ for 3 s/);
  } finally {
    await lone.stop();
  }
}, 120_000);
