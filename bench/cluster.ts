/**
 * Cluster benchmarks (issue 5), each beside raw gRPC on loopback doing the same in the same run:
 * - cross-node task throughput: no-op tasks placed on another node (node affinity), against
 *   raw unary gRPC round trips;
 * - an object broadcast to 2 other nodes: tasks on both read a large array put by the driver,
 *   against copying the same bytes over raw gRPC twice.
 *
 *   npm run bench:cluster [-- --quick]
 */
import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as ray from '../dist/index.js';
import { byteLength, noop } from './bench-tasks.js';
import { parseCommandLine } from './cli-args.js';

const USAGE = 'usage: tsx bench/cluster.ts [--quick]';
const { values } = parseCommandLine('cluster', USAGE, { quick: { type: 'boolean' } });
const quick = values.quick === true;
const rounds = quick ? 2 : 5;
const MiB = 2 ** 20;
// The transfer rides in one message for now (chunked pulls are still to come): under 512 MiB.
const OBJECT_BYTES = (quick ? 64 : 256) * MiB;

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tsray-bench-cluster-'));
const env = { ...process.env, TMPDIR: tmp };
const cli = (...args: string[]) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { env, encoding: 'utf8' });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A raw gRPC server with an echo call (unary), for the baselines. */
async function rawServer(): Promise<{ client: grpc.Client; close: () => void }> {
  const identity = (b: Buffer) => b;
  const service = { Echo: { path: '/bench.Raw/Echo', requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } };
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * MiB, 'grpc.max_send_message_length': 1024 * MiB });
  server.addService(service as unknown as grpc.ServiceDefinition, { Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request.length > 64 ? Buffer.alloc(8) : call.request) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const Client = grpc.makeGenericClientConstructor(service as unknown as grpc.ServiceDefinition, 'Raw');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 1024 * MiB, 'grpc.max_send_message_length': 1024 * MiB });
  return { client, close: () => { client.close(); server.forceShutdown(); } };
}

function echo(client: grpc.Client, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => (client as unknown as { Echo: (b: Buffer, cb: (e: Error | null, r: Buffer) => void) => void }).Echo(bytes, (e, r) => (e ? reject(e) : resolve(r))));
}

const rows: string[] = [];
try {
  const head = cli('start', '--head', '--port', '0', '--num-cpus', '1');
  const address = /GCS at (\S+?),/.exec(head)![1]!;
  cli('start', '--address', address, '--num-cpus', '2');
  cli('start', '--address', address, '--num-cpus', '2');
  await ray.init({ address });
  const nodes = await ray.nodes();
  const others = nodes.filter((n) => !n.isHead);
  const raw = await rawServer();

  // Cross-node task throughput: batches of no-op tasks pinned to another node.
  const batch = quick ? 200 : 1000;
  const taskRates: number[] = [];
  const rawRates: number[] = [];
  const small = Buffer.alloc(16);
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    await ray.get(Array.from({ length: batch }, () => noop.options({ schedulingStrategy: { nodeId: others[r % 2]!.nodeId } }).remote()));
    taskRates.push(batch / ((performance.now() - t) / 1000));
    t = performance.now();
    await Promise.all(Array.from({ length: batch }, () => echo(raw.client, small)));
    rawRates.push(batch / ((performance.now() - t) / 1000));
  }
  const tasks = median(taskRates);
  const rpcs = median(rawRates);
  rows.push(`cross-node task throughput: ${tasks.toFixed(0)} tasks/s (raw gRPC round trips on loopback, ${batch} in flight: ${rpcs.toFixed(0)}/s; ratio ${(tasks / rpcs).toFixed(2)})`);

  // Broadcast: one object read on both other nodes.
  const data = new Float64Array(OBJECT_BYTES / 8).fill(1);
  const bytes = Buffer.from(data.buffer);
  const sends: number[] = [];
  const rawSends: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const ref = ray.put(data);
    let t = performance.now();
    await ray.get(others.map((n) => byteLength.options({ schedulingStrategy: { nodeId: n.nodeId } }).remote(ref)));
    sends.push((performance.now() - t) / 1000);
    t = performance.now();
    await Promise.all([echo(raw.client, bytes), echo(raw.client, bytes)]);
    rawSends.push((performance.now() - t) / 1000);
  }
  rows.push(`object broadcast of ${OBJECT_BYTES / MiB} MiB to 2 other nodes: ${(median(sends) * 1000).toFixed(0)} ms (raw gRPC copies of the same bytes to 2 receivers: ${(median(rawSends) * 1000).toFixed(0)} ms; ratio ${(median(rawSends) / median(sends)).toFixed(2)} of raw speed)`);
  raw.close();
  await ray.shutdown();
} finally {
  try {
    cli('stop');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log('# tsray cluster benchmarks (3 nodes on loopback, compiled dist/), medians');
for (const row of rows) console.log(row);
