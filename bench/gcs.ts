/**
 * GCS benchmarks (issue 6), the in-memory and the Redis backends side by side in one run:
 * - actor registrations/s through the ActorService (RegisterActor, each one placed and stored);
 * - internal KV puts/s (100-byte values);
 * - recovery after a GCS restart with 1,000 actors registered: kill -9 of the GCS process, a new
 *   one on the same port against the same Redis, timed to its "listening" line and until a
 *   client lists all 1,000 actors; beside it the same restart of a GCS with nothing to load.
 * Each GCS runs as its own process (dist/head/gcs-main.js), as `tsray start --head` runs it;
 * Redis is a redis-server started here on a free port with an append-only file (everysec).
 *
 *   npm run bench:gcs [-- --quick]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GcsClient } from '../dist/gcs/gcs-client.js';
import { killAllRedis, startRedis } from '../test/fixtures/redis-server.js';
import { parseCommandLine } from './cli-args.js';
import { median } from './bench-cluster.js';

const USAGE = 'usage: tsx bench/gcs.ts [--quick]';
const { values } = parseCommandLine('gcs', USAGE, { quick: { type: 'boolean' } });
const quick = values.quick === true;
const rounds = quick ? 3 : 7;
const OPS = quick ? 1000 : 5000;
const IN_FLIGHT = 64;
const RECOVERY_ACTORS = 1000;

const root = fileURLToPath(new URL('..', import.meta.url));
const children = new Set<ChildProcess>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Gcs {
  child: ChildProcess;
  address: string;
  port: number;
  /** ms from spawn to the ready line. */
  readyMs: number;
  loadMs: number;
}

/** Starts dist/head/gcs-main.js and waits for its ready line. */
function startGcs(args: string[]): Promise<Gcs> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [`${root}dist/head/gcs-main.js`, '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const ready = JSON.parse(line) as { port: number; loadMs: number };
      resolve({ child, address: `127.0.0.1:${ready.port}`, port: ready.port, readyMs: performance.now() - t0, loadMs: ready.loadMs });
    });
    child.once('exit', (code) => reject(new Error(`gcs-main exited (${code}):\n${err}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Runs `n` operations with at most IN_FLIGHT at once; returns ops/s. */
async function throughput(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < n) await op(next++);
  }));
  return n / ((performance.now() - t0) / 1000);
}

let unique = 0;
const actor = (jobId: string) => ({ actorId: `bench-${process.pid}-${unique++}`, jobId, className: 'Bench', namespace: 'bench', requiredResources: {} });
const value = Buffer.alloc(100, 7);

/** Actor registrations/s and KV puts/s against one backend, `rounds` times each. */
async function measure(args: string[]): Promise<{ actors: number[]; kv: number[] }> {
  const gcs = await startGcs(['--port', '0', ...args]);
  const client = await GcsClient.connect(gcs.address);
  try {
    await client.registerNode({ nodeId: 'bench-node', nodeManagerAddress: '127.0.0.1', resourcesTotal: { CPU: 1e6 } });
    const job = await client.addJob({ jobId: '', namespace: 'bench', driverPid: process.pid, startTimeMs: Date.now() });
    // Warm-up: connections, JIT.
    await throughput(200, () => client.registerActor(actor(job.jobId)));
    await throughput(200, (i) => client.kvPut('bench', `warm-${i}`, value));
    const actors: number[] = [];
    const kv: number[] = [];
    for (let r = 0; r < rounds; r++) {
      actors.push(await throughput(OPS, () => client.registerActor(actor(job.jobId))));
      kv.push(await throughput(OPS, (i) => client.kvPut('bench', `r${r}-${i}`, value)));
    }
    return { actors, kv };
  } finally {
    client.close();
    await kill(gcs.child);
  }
}

/**
 * Restarts of a GCS that holds `actors` actors in Redis: kill -9, start again on the same
 * port; times to its ready line, its own load time, and until a client lists every actor.
 */
async function recovery(redis: string, clusterName: string, actors: number): Promise<{ readyMs: number[]; loadMs: number[]; listedMs: number[] }> {
  const args = ['--redis-address', redis, '--cluster-name', clusterName];
  let gcs = await startGcs(['--port', '0', ...args]);
  const port = gcs.port;
  const setup = await GcsClient.connect(gcs.address);
  if (actors > 0) {
    await setup.registerNode({ nodeId: 'bench-node', nodeManagerAddress: '127.0.0.1', resourcesTotal: { CPU: 1e6 } });
    const job = await setup.addJob({ jobId: '', namespace: 'bench', driverPid: process.pid, startTimeMs: Date.now() });
    await throughput(actors, () => setup.registerActor(actor(job.jobId)));
  }
  setup.close();
  const out = { readyMs: [] as number[], loadMs: [] as number[], listedMs: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    await kill(gcs.child);
    const t0 = performance.now();
    gcs = await startGcs(['--port', String(port), ...args]);
    const client = await GcsClient.connect(gcs.address);
    const listed = (await client.listActors({ includeDead: true })).length;
    out.listedMs.push(performance.now() - t0);
    client.close();
    if (listed !== actors) throw new Error(`recovered ${listed} actors, expected ${actors}`);
    out.readyMs.push(gcs.readyMs);
    out.loadMs.push(gcs.loadMs);
  }
  await kill(gcs.child);
  return out;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

try {
  // Redis as a deployment would run it: AOF, fsync once a second (the tests fsync always).
  const redis = await startRedis({ args: ['--appendfsync', 'everysec'] });
  console.log(`GCS benchmarks (${quick ? 'quick' : 'full'}: ${rounds} rounds of ${OPS} ops, ${IN_FLIGHT} in flight; GCS and Redis on loopback)\n`);
  const memory = await measure([]);
  const onRedis = await measure(['--redis-address', redis.address, '--cluster-name', `bench-${process.pid}`]);
  const rows: Array<[string, number[], number[]]> = [
    ['actor registrations/s (ActorService)', memory.actors, onRedis.actors],
    ['KV puts/s (100 B)', memory.kv, onRedis.kv],
  ];
  console.log('| metric | memory (median) | Redis (median) | Redis / memory |');
  console.log('|---|---:|---:|---:|');
  for (const [name, m, r] of rows) console.log(`| ${name} | ${fmt(median(m))} | ${fmt(median(r))} | ${(median(r) / median(m)).toFixed(2)} |`);

  const full = await recovery(redis.address, `bench-rec-${process.pid}`, RECOVERY_ACTORS);
  const empty = await recovery(redis.address, `bench-empty-${process.pid}`, 0);
  console.log(`\nGCS restart against Redis (kill -9, then a new GCS on the same port), medians of ${rounds}:\n`);
  console.log('| | nothing stored | 1,000 actors | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| spawn to listening (ms) | ${fmt(median(empty.readyMs))} | ${fmt(median(full.readyMs))} | ${(median(full.readyMs) / median(empty.readyMs)).toFixed(2)} |`);
  console.log(`| loading the tables (ms, the GCS's own figure) | ${fmt(median(empty.loadMs))} | ${fmt(median(full.loadMs))} | ${median(empty.loadMs) > 0 ? (median(full.loadMs) / median(empty.loadMs)).toFixed(2) : '-'} |`);
  console.log(`| spawn until a client lists every actor (ms) | ${fmt(median(empty.listedMs))} | ${fmt(median(full.listedMs))} | ${(median(full.listedMs) / median(empty.listedMs)).toFixed(2)} |`);
  await redis.stop();
} finally {
  for (const c of children) c.kill('SIGKILL');
  await killAllRedis();
  await sleep(100);
}
