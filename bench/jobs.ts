/**
 * Job submission latency (issue 16): from `submitJob()` to the entrypoint running, against the
 * same command spawned directly by this process (`sh -c ...`, what the job server does at the
 * end). The entrypoint prints `Date.now()` as its first act; both sides time the same thing.
 * Also: submit to the RUNNING status observed through the API, and to SUCCEEDED.
 *
 *   npm run build && tsx bench/jobs.ts [--quick]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobSubmissionClient } from '../dist/jobs/job-submission-client.js';
import { parseCommandLine } from './cli-args.js';

const USAGE = 'usage: tsx bench/jobs.ts [--quick]';
const { values } = parseCommandLine('jobs', USAGE, { quick: { type: 'boolean' } });
const rounds = values.quick === true ? 3 : 11;

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tsray-bench-jobs-'));
const env = { ...process.env, TMPDIR: tmp };
const cli = (...args: string[]) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { env, encoding: 'utf8' });
const ENTRYPOINT = `${process.execPath} -e "console.log(Date.now())"`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Milliseconds from now to the entrypoint's first line, spawned here. */
function direct(): Promise<number> {
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', ENTRYPOINT], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => resolve(Number(out.trim()) - t));
    child.on('error', reject);
  });
}

try {
  const head = cli('start', '--head', '--port', '0', '--num-cpus', '1', '--dashboard-port', '0');
  const client = new JobSubmissionClient({ address: /Job API:\s+(\S+)/.exec(head)![1]! });
  const started: number[] = [];
  const running: number[] = [];
  const succeeded: number[] = [];
  const spawned: number[] = [];
  await client.listJobs(); // untimed: the first request opens the connection path
  for (let r = 0; r < rounds; r++) {
    // Entrypoint start: nothing polls meanwhile (a poll loop would take CPU from the start it times).
    let t = Date.now();
    let id = await client.submitJob({ entrypoint: ENTRYPOINT });
    let log = '';
    for await (const text of client.tailJobLogs(id)) log += text;
    started.push(Number(log.trim()) - t);
    // The states as a client sees them, polled every 10 ms.
    t = Date.now();
    id = await client.submitJob({ entrypoint: ENTRYPOINT });
    let sawRunning: number | undefined;
    for (;;) {
      const status = await client.getJobStatus(id);
      if (status === 'RUNNING' && sawRunning === undefined) sawRunning = Date.now() - t;
      if (status === 'SUCCEEDED') break;
      if (status === 'FAILED' || status === 'STOPPED') throw new Error(`job ${id} ended ${status}: ${(await client.getJobInfo(id)).message}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    succeeded.push(Date.now() - t);
    // RUNNING can be over before a poll sees it: then it counts as seen at SUCCEEDED.
    running.push(sawRunning ?? succeeded.at(-1)!);
    spawned.push(await direct());
  }
  const s = median(started);
  const d = median(spawned);
  console.log(`job submit -> entrypoint running: ${s} ms median of ${rounds} (the same command spawned directly: ${d} ms; ratio ${(s / Math.max(d, 1)).toFixed(2)})`);
  console.log(`job submit -> RUNNING seen through the API: ${median(running)} ms; -> SUCCEEDED: ${median(succeeded)} ms (medians)`);
} finally {
  try {
    cli('stop');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
