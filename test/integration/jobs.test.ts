// The head's job server through its three faces: the REST API (Ray's paths and JSON, behind the
// cluster token), the `tsray job` command and the `tsray/jobs` SDK, on a CLI cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import * as ray from '../../src/index.js';
import { JobSubmissionClient } from '../../src/jobs/job-submission-client.js';
import { JobApiError } from '../../src/common/errors.js';
import { createConnection } from 'node:net';
import { cliCluster, root } from '../fixtures/cli-cluster.js';
import { until } from '../fixtures/gcs-ft-cluster.js';
import { processRunning as running } from '../../src/common/process-identity.js';

const cluster = cliCluster('jobs');
const project = join(root, 'test', 'fixtures', 'jobs', 'project');
/** Runs a .ts entrypoint under tsx wherever the job's working directory is. */
const tsxNode = `${process.execPath} --import ${pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href}`;
let api = '';
let gcs = '';
let client: JobSubmissionClient;

/** `tsray job ...` as a process: its exit code and output, never throwing. */
function tsrayJob(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, 'job', ...args], { cwd: root, env: cluster.env, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function http(method: string, path: string, options: { token?: string | null; body?: string } = {}): Promise<{ status: number; text: string }> {
  const token = options.token === undefined ? process.env.TSRAY_AUTH_TOKEN : options.token;
  return fetch(`${api}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(options.body !== undefined ? { body: options.body } : {}) })
    .then(async (r) => ({ status: r.status, text: await r.text() }));
}

const finished = (id: string) => until(`job ${id} to end`, async () => {
  const info = await client.getJobInfo(id);
  return ['SUCCEEDED', 'FAILED', 'STOPPED'].includes(info.status) && info;
}, 60_000);

beforeAll(() => {
  gcs = cluster.startHead('--num-cpus', '2', '--dashboard-port', '0').address;
  api = cluster.nodeRecords().find((r) => r.isHead)!.dashboardAddress!;
  client = new JobSubmissionClient({ address: api });
});

afterAll(async () => {
  if (ray.isInitialized()) await ray.shutdown();
  cluster.dispose();
});

describe('the job API', () => {
  it('records its address in node.json; answers 401 without the cluster token or with a wrong one, and Ray\'s version JSON with it', async () => {
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const none = await http('GET', '/api/version', { token: null });
    expect(none.status).toBe(401);
    expect(none.text).toMatch(/Authorization: Bearer/);
    expect((await http('GET', '/api/jobs/', { token: 'x'.repeat(64) })).status).toBe(401);
    expect((await http('POST', '/api/jobs/', { token: null, body: JSON.stringify({ entrypoint: 'touch /tmp/never' }) })).status).toBe(401);
    const ok = await http('GET', '/api/version');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ version: '4', ray_version: expect.any(String), session_name: expect.any(String) });
    await expect(new JobSubmissionClient({ address: api, token: 'y'.repeat(64) }).listJobs()).rejects.toThrow(/HTTP 401/);
    // The log tail's websocket asks for the token too.
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${api.replace('http', 'ws')}/api/jobs/any/logs/tail`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe(401);
  });

  it('answers bad requests 400 (or 404) naming what was wrong, and keeps serving', async () => {
    const cases: Array<[string, string, string | undefined, number, RegExp]> = [
      ['POST', '/api/jobs/', '{not json', 400, /not valid JSON/],
      ['POST', '/api/jobs/', JSON.stringify({}), 400, /entrypoint/],
      ['POST', '/api/jobs/', JSON.stringify({ entrypoint: 'true', entrypoint_num_cpus: -1 }), 400, /entrypoint_num_cpus/],
      ['POST', '/api/jobs/', JSON.stringify({ entrypoint: 'true', submission_id: '../etc' }), 400, /submission_id/],
      ['POST', '/api/jobs/', JSON.stringify({ entrypoint: 'true', runtime_env: { pip: ['x'] } }), 400, /runtime_env.*pip/],
      ['POST', '/api/jobs/', JSON.stringify({ entrypoint: 'true', runtime_env: { working_dir: 'gcs://_ray_pkg_missing.zip' } }), 400, /was not uploaded/],
      ['POST', '/api/jobs/', JSON.stringify({ entrypoint: 'true', metadata: { a: 1 } }), 400, /metadata\.a/],
      ['POST', '/api/jobs/', JSON.stringify([1, 2]), 400, /Invalid job submission/],
      ['PUT', '/api/packages/s3/_ray_pkg_x.zip', 'zip', 400, /protocol/],
      ['PUT', '/api/packages/gcs/..%2Fx.zip', 'zip', 400, /package name/],
      ['GET', '/api/packages/gcs/_ray_pkg_absent.zip', undefined, 404, /does not exist/],
      ['GET', '/api/jobs/no-such-job', undefined, 404, /does not exist/],
      ['POST', '/api/jobs/no-such-job/stop', undefined, 404, /does not exist/],
      ['PATCH', '/api/jobs/', undefined, 405, /not allowed/],
      ['GET', '/api/nothing', undefined, 404, /No such endpoint/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const r = await http(method, path, body === undefined ? {} : { body });
      expect({ method, path, status: r.status }).toEqual({ method, path, status });
      expect(r.text).toMatch(message);
    }
    // Bytes that are not HTTP end their connection, not the server.
    const { port } = new URL(api);
    await new Promise<void>((resolve) => {
      const socket = createConnection(Number(port), '127.0.0.1', () => socket.write('\x00\xff garbage\r\n\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
      socket.resume();
    });
    expect((await http('GET', '/api/version')).status).toBe(200);
  });
});

describe('the SDK', () => {
  it('submits a working dir whose code imports tsray and joins the cluster; status, logs, list, metadata and delete', async () => {
    const id = await client.submitJob({
      entrypoint: 'node main.mjs', runtimeEnv: { workingDir: project, envVars: { GREETING: 'hi' } }, metadata: { owner: 'jobs-test' },
    });
    expect(id).toMatch(/^raysubmit_\w{16}$/);
    const info = await finished(id);
    expect(info).toMatchObject({ type: 'SUBMISSION', submission_id: id, status: 'SUCCEEDED', entrypoint: 'node main.mjs', metadata: { owner: 'jobs-test' }, driver_exit_code: 0 });
    expect(info.end_time).toBeGreaterThanOrEqual(info.start_time!);
    const out = JSON.parse((await client.getJobLogs(id)).trim().split('\n').pop()!);
    expect(out).toEqual({ nodes: 1, value: { message: 'hello from the working dir' }, address: gcs, greeting: 'hi' });
    expect((await client.listJobs()).map((j) => j.submission_id)).toContain(id);
    expect(await client.deleteJob(id)).toBe(true);
    await expect(client.getJobInfo(id)).rejects.toSatisfy((e: unknown) => e instanceof JobApiError && e.status === 404);
  });

  it('records a failing entrypoint FAILED with its exit code and the end of its log; a taken submission id is refused', async () => {
    const id = await client.submitJob({ entrypoint: 'node main.mjs fail', runtimeEnv: { workingDir: project }, submissionId: 'sdk-failing' });
    expect(id).toBe('sdk-failing');
    const info = await finished(id);
    expect(info.status).toBe('FAILED');
    expect(info.error_type).toBe('JOB_ENTRYPOINT_COMMAND_ERROR');
    expect(info.driver_exit_code).toBe(3);
    expect(info.message).toMatch(/exit code 3[\s\S]*failing on purpose/);
    await expect(client.submitJob({ entrypoint: 'true', submissionId: 'sdk-failing' })).rejects.toThrow(/already exists/);
  });

  it('streams the log of a running job over the websocket until it ends', async () => {
    const id = await client.submitJob({ entrypoint: 'for i in 1 2 3; do echo line-$i; sleep 0.3; done' });
    let text = '';
    for await (const chunk of client.tailJobLogs(id)) text += chunk;
    expect(text).toBe('line-1\nline-2\nline-3\n');
    expect(await client.getJobStatus(id)).toBe('SUCCEEDED');
  });
});

describe('stopping a job', () => {
  it('ends its entrypoint process tree and its actors within seconds; an ended job can then be deleted, a running one not', async () => {
    const id = await client.submitJob({ entrypoint: `${tsxNode} ${root}test/fixtures/jobs/actor-job.ts stop-holder` });
    const ready = await until('the job to start its actor', async () => {
      const line = (await client.getJobLogs(id)).split('\n').find((l) => l.startsWith('{"ready"'));
      return line ? (JSON.parse(line) as { driverPid: number; workerPid: number }) : undefined;
    }, 60_000);
    expect(await client.getJobStatus(id)).toBe('RUNNING');
    await expect(client.deleteJob(id)).rejects.toThrow(/non-terminal state RUNNING/);
    await ray.init({ address: gcs });
    const holder = await ray.getActor('stop-holder', { namespace: 'jobs-test' });
    expect(await ray.get((holder as any).ping.remote())).toBe(ready.workerPid);

    expect(await client.stopJob(id)).toBe(true);
    const info = await finished(id);
    expect(info.status).toBe('STOPPED');
    await until('the driver process to end', () => !running(ready.driverPid), 10_000);
    await until('the job\'s actor to be gone', async () => {
      try {
        await ray.getActor('stop-holder', { namespace: 'jobs-test' });
        return false;
      } catch {
        return true;
      }
    }, 30_000);
    expect(await client.stopJob(id)).toBe(false);
    expect(await client.deleteJob(id)).toBe(true);
    await ray.shutdown();
  });
});

describe('entrypoint resources', () => {
  it('a job waits PENDING while another entrypoint holds the CPUs it needs; one the head can never fit fails saying so', async () => {
    const first = await client.submitJob({ entrypoint: 'sleep 3', entrypointNumCpus: 2 });
    await until('the first job to run', async () => (await client.getJobStatus(first)) === 'RUNNING');
    const second = await client.submitJob({ entrypoint: 'echo second', entrypointNumCpus: 1.5 });
    // While the first runs, the second cannot: the head has 2 CPUs and the first holds both.
    while ((await client.getJobStatus(first)) === 'RUNNING') expect(await client.getJobStatus(second)).toBe('PENDING');
    expect((await finished(second)).status).toBe('SUCCEEDED');
    const huge = await client.submitJob({ entrypoint: 'true', entrypointNumCpus: 64 });
    const info = await finished(huge);
    expect(info.status).toBe('FAILED');
    expect(info.message).toMatch(/can never be met.*CPU: asks 64, the head node has 2/);
  });
});

describe('the tsray job command', () => {
  it('submit streams the logs and exits with the outcome; --no-wait, status, logs, list, stop and delete', async () => {
    const ok = await tsrayJob('submit', '--address', api, '--working-dir', project, '--submission-id', 'cli-ok', '--metadata-json', '{"team":"a"}', '--', 'node', 'main.mjs');
    expect(ok.stdout).toContain("Job 'cli-ok' submitted successfully");
    expect(ok.stdout).toContain('hello from the working dir');
    expect(ok.stdout).toContain("Job 'cli-ok' succeeded");
    expect(ok.code).toBe(0);
    const failed = await tsrayJob('submit', '--address', api, '--working-dir', project, '--', 'node', 'main.mjs', 'fail');
    expect(failed.stdout).toContain('failing on purpose');
    expect(failed.code).toBe(1);

    // Without --address: the head started on this machine.
    const started = await tsrayJob('submit', '--no-wait', '--submission-id', 'cli-sleeper', '--entrypoint-num-cpus', '0.5', '--', 'echo begun; sleep 300');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain("Job 'cli-sleeper' submitted successfully");
    await until('the sleeper to run', async () => (await client.getJobStatus('cli-sleeper')) === 'RUNNING');
    expect((await tsrayJob('status', 'cli-sleeper')).stdout).toContain("Status for job 'cli-sleeper': RUNNING");
    const list = await tsrayJob('list', '--json');
    const listed = JSON.parse(list.stdout) as Array<{ submission_id: string; status: string; metadata: Record<string, string> }>;
    expect(listed.find((j) => j.submission_id === 'cli-ok')).toMatchObject({ status: 'SUCCEEDED', metadata: { team: 'a' } });
    expect(listed.find((j) => j.submission_id === 'cli-sleeper')?.status).toBe('RUNNING');
    expect((await tsrayJob('delete', 'cli-sleeper')).code).toBe(1);
    const stopped = await tsrayJob('stop', 'cli-sleeper');
    expect(stopped.stdout).toContain("Job 'cli-sleeper' ended: STOPPED");
    expect((await tsrayJob('logs', 'cli-sleeper')).stdout).toBe('begun\n');
    expect((await tsrayJob('logs', '--follow', 'cli-ok')).stdout).toContain('hello from the working dir');
    const deleted = await tsrayJob('delete', 'cli-sleeper');
    expect(deleted.stdout).toContain("Job 'cli-sleeper' deleted successfully");
    const missing = await tsrayJob('status', 'cli-sleeper');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/HTTP 404.*does not exist/);
    const bad = await tsrayJob('submit', '--entrypoint-num-cpus', 'lots', '--', 'true');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--entrypoint-num-cpus must be a non-negative number, got "lots"');
  });
});
