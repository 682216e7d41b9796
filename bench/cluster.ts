/**
 * Cluster benchmarks (issue 5), each beside raw gRPC on loopback doing the same in the same run:
 * - cross-node task throughput: no-op tasks placed on another node (node affinity), against
 *   raw unary gRPC round trips;
 * - cross-node actor calls: calls from the driver to an actor hosted on another node, and from
 *   a task on another node to an actor the driver's node owns (the call goes through the
 *   owner), against the same raw round trips;
 * - a 1 GiB object broadcast to 2 other nodes: tasks on both read an array put by the driver
 *   (each node pulls it from the driver's node in chunks), against a raw gRPC server process
 *   streaming the same bytes to 2 receiver processes at once (bench/raw-grpc-peer.mjs: same
 *   chunk size and HTTP/2 window, identity serialization, no store).
 *
 *   npm run bench:cluster [-- --quick]
 */
import * as grpc from '@grpc/grpc-js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ray from '../dist/index.js';
import { CHUNK_BYTES, FLOW_CONTROL_WINDOW } from '../dist/objectmanager/transfer-plan.js';
import { SmallActor, byteLength, callActor, noop } from './bench-tasks.js';
import { parseCommandLine } from './cli-args.js';
import { benchCluster, median, root } from './bench-cluster.js';

const USAGE = 'usage: tsx bench/cluster.ts [--quick]';
const { values } = parseCommandLine('cluster', USAGE, { quick: { type: 'boolean' } });
const quick = values.quick === true;
const rounds = quick ? 2 : 5;
const MiB = 2 ** 20;
const OBJECT_BYTES = 1024 * MiB;

const cluster = benchCluster('cluster');
const { env, cli } = cluster;

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

/** A raw-gRPC peer process (see bench/raw-grpc-peer.mjs) and the lines it prints. */
function peer(args: string[]): { child: ChildProcessWithoutNullStreams; next: () => Promise<string> } {
  const child = spawn(process.execPath, [`${root}bench/raw-grpc-peer.mjs`, ...args], { stdio: 'pipe' });
  child.stderr.pipe(process.stderr);
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiters.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiters.push(resolve)));
  return { child, next };
}

/** A raw gRPC server process holding the bytes, and two receivers: the broadcast baseline. */
async function rawBroadcast(): Promise<{ round: () => Promise<number>; close: () => void }> {
  const server = peer(['serve', String(OBJECT_BYTES), String(CHUNK_BYTES)]);
  const port = /^port (\d+)/.exec(await server.next())![1]!;
  const receivers = [0, 1].map(() => peer(['pull', `127.0.0.1:${port}`, String(OBJECT_BYTES), String(FLOW_CONTROL_WINDOW)]));
  for (const r of receivers) if ((await r.next()) !== 'ready') throw new Error('a raw gRPC receiver failed to connect');
  return {
    round: async () => {
      const t = performance.now();
      for (const r of receivers) r.child.stdin.write('go\n');
      for (const r of receivers) {
        const line = await r.next();
        if (!line.startsWith('done')) throw new Error(`raw gRPC receiver: ${line}`);
      }
      return (performance.now() - t) / 1000;
    },
    close: () => {
      for (const p of [server, ...receivers]) p.child.kill();
    },
  };
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
  // Untimed: the first tasks on a node start its worker threads and import their modules.
  await ray.get(others.flatMap((n) => Array.from({ length: 20 }, () => noop.options({ schedulingStrategy: { nodeId: n.nodeId } }).remote())));
  await Promise.all(Array.from({ length: batch }, () => echo(raw.client, small)));
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

  // Actor calls across nodes: the driver calling an actor hosted elsewhere, and a task elsewhere
  // calling an actor hosted here (through its owner, this node's raylet). `batch` in flight.
  const far = SmallActor.options({ schedulingStrategy: { nodeId: others[0]!.nodeId, soft: false } }).remote();
  const near = SmallActor.remote();
  await ray.get([far.small.remote(), near.small.remote()]);
  const farRates: number[] = [];
  const nearRates: number[] = [];
  const rawCallRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    await ray.get(Array.from({ length: batch }, () => far.small.remote()));
    farRates.push(batch / ((performance.now() - t) / 1000));
    const took = await ray.get(callActor.options({ schedulingStrategy: { nodeId: others[1]!.nodeId, soft: false } }).remote(near, batch));
    nearRates.push(batch / (took / 1000));
    t = performance.now();
    await Promise.all(Array.from({ length: batch }, () => echo(raw.client, small)));
    rawCallRates.push(batch / ((performance.now() - t) / 1000));
  }
  const rawCalls = median(rawCallRates);
  rows.push(`cross-node actor calls: driver to an actor on another node ${median(farRates).toFixed(0)} calls/s (ratio ${(median(farRates) / rawCalls).toFixed(2)}); ` +
    `a task on another node to an actor owned here ${median(nearRates).toFixed(0)} calls/s (ratio ${(median(nearRates) / rawCalls).toFixed(2)}); raw gRPC round trips ${rawCalls.toFixed(0)}/s`);

  raw.close();

  // Broadcast: one object read on both other nodes (each pulls it from the driver's node).
  const data = new Float64Array(OBJECT_BYTES / 8).fill(1);
  const sends: number[] = [];
  const rawSends: number[] = [];
  let cold: [number, number] = [NaN, NaN];
  const rawCopy = await rawBroadcast();
  try {
    // The first round is reported apart: it faults in the memory later rounds reuse (the
    // stores' arenas, the raw receivers' buffers), about 1 s per GiB on this VM.
    for (let r = -1; r < rounds; r++) {
      let ref: ray.ObjectRef<Float64Array> | undefined = ray.put(data);
      const t = performance.now();
      const lengths = await ray.get(others.map((n) => byteLength.options({ schedulingStrategy: { nodeId: n.nodeId } }).remote(ref!)));
      const took = (performance.now() - t) / 1000;
      if (lengths.some((l) => l !== OBJECT_BYTES)) throw new Error(`a node read ${lengths.join(', ')} bytes, not ${OBJECT_BYTES}`);
      ref = undefined; // freed (here and on the other nodes) before the next round's copy
      const rawTook = await rawCopy.round();
      if (r < 0) {
        cold = [took, rawTook];
        continue;
      }
      sends.push(took);
      rawSends.push(rawTook);
    }
  } finally {
    rawCopy.close();
  }
  const gib = OBJECT_BYTES / 2 ** 30;
  const rate = (s: number) => `${((2 * gib) / s).toFixed(2)} GiB/s`;
  rows.push(`object broadcast of ${OBJECT_BYTES / MiB} MiB to 2 other nodes: ${(median(sends) * 1000).toFixed(0)} ms, ${rate(median(sends))} ` +
    `(raw gRPC stream of the same bytes from one process to 2 receiver processes: ${(median(rawSends) * 1000).toFixed(0)} ms, ${rate(median(rawSends))}; ` +
    `ratio ${(median(rawSends) / median(sends)).toFixed(2)} of raw speed); first round, memory not yet faulted in: ` +
    `${(cold[0] * 1000).toFixed(0)} ms vs raw ${(cold[1] * 1000).toFixed(0)} ms, ratio ${(cold[1] / cold[0]).toFixed(2)}`);
  await ray.shutdown();
} finally {
  cluster.dispose();
}
console.log('# tsray cluster benchmarks (3 nodes on loopback, compiled dist/), medians');
for (const row of rows) console.log(row);
