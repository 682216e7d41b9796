import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/proto-loader';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pack } from 'msgpackr';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { SOCKET_LABEL } from '../../src/raylet/client-channel.js';
import { PROTO_PACKAGE, packageDefinition } from '../../src/rpc/proto.js';
import { alive, cliCluster, root, type CliCluster } from '../fixtures/cli-cluster.js';
import { prng } from './fault-schedule.js';

/**
 * A bounded fuzz run against a real cluster (a head and a node): random and mutated frames
 * into each raylet's driver socket, and random bodies to every gRPC method on every daemon
 * port, with and without the token. Afterwards every daemon is alive, has not grown without
 * bound, and runs a driver's tasks. The seed is printed, so a failure can be replayed
 * (`TSRAY_FUZZ_SEED=<seed> npx vitest run test/chaos/fuzz.test.ts`).
 */

/**
 * The suite runs one fixed seed (the one that found a crash in the raylet's hello handling), so
 * CI is repeatable; `npm run fuzz` (TSRAY_FUZZ_SEED=random) explores new ones.
 */
const SEED = process.env.TSRAY_FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.TSRAY_FUZZ_SEED ?? 1350935478);
/** Fuzzing stops after this long, whatever is left. */
const BUDGET_MS = 20_000;
const KINDS = ['hello', 'submit', 'get', 'put', 'wait', 'refs', 'cancel', 'actorCall', 'createActor', 'killActor', 'getActor',
  'createPg', 'removePg', 'waitPg', 'getPg', 'pgTable', 'streamNext', 'resources', 'result', 'reply', 'yield', 'hostReady', 'actorExit'];

const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

/** A random msgpack-able value, a few levels deep. */
function value(depth = 0): unknown {
  switch (int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return int(2 ** 31) - 2 ** 30;
    case 2: return random() * 1e12;
    case 3: return bytes(int(20)).toString('latin1');
    case 4: return random() < 0.5;
    case 5: return bytes(int(64));
    case 6: return Array.from({ length: int(5) }, () => value(depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: int(5) }, () => [KINDS[int(KINDS.length)]!, value(depth + 1)]));
    default: return { k: KINDS[int(KINDS.length)], req: int(100), id: bytes(8).toString('hex'), spec: value(depth + 1) };
  }
}

function frame(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** One connection's worth of input for a driver socket. */
function socketInput(): Buffer {
  const hello = frame(pack([{ k: 'hello', pid: process.pid, jobId: bytes(4).toString('hex'), namespace: 'fuzz' }]));
  switch (int(5)) {
    case 0: return bytes(int(4096));
    case 1: return Buffer.concat([hello, frame(pack(Array.from({ length: 1 + int(4) }, () => value())))]);
    case 2: {
      const b = Buffer.from(hello);
      for (let i = 0; i < 1 + int(4); i++) b[int(b.length)] = int(256);
      return b;
    }
    case 3: return frame(pack(value()));
    default: return Buffer.concat([hello, frame(bytes(1 + int(512)))]);
  }
}

function everyMethod(): Array<[string, ServiceDefinition[string]]> {
  const out: Array<[string, ServiceDefinition[string]]> = [];
  for (const [name, def] of Object.entries(packageDefinition())) {
    if (!name.startsWith(`${PROTO_PACKAGE}.`) || 'format' in def) continue;
    for (const [m, d] of Object.entries(def as ServiceDefinition)) out.push([`${name}.${m}`, d]);
  }
  return out;
}

/** Sends raw bytes as a method's request body (no protobuf encoding on this side). */
function rawCall(client: grpc.Client, m: ServiceDefinition[string], body: Buffer, token?: string): Promise<void> {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  const identity = (b: Buffer) => b;
  const deadline = { deadline: Date.now() + 2000 };
  return new Promise((resolve) => {
    if (m.responseStream) {
      const call = client.makeServerStreamRequest(m.path, identity, identity, body, md, deadline);
      call.on('data', () => call.cancel());
      call.on('error', () => resolve());
      call.on('end', () => resolve());
    } else {
      client.makeUnaryRequest(m.path, identity, identity, body, md, deadline, () => resolve());
    }
  });
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

let cluster: CliCluster;
let address = '';

beforeAll(() => {
  cluster = cliCluster('fuzz');
  address = cluster.startHead('--num-cpus', '1').address;
  cluster.addNode(address, '--num-cpus', '1');
}, 120_000);

afterAll(() => cluster?.dispose());

describe('fuzzing the daemons', () => {
  it(`survives random and mutated input on every socket and port (seed ${SEED})`, async () => {
    console.log(`fuzz seed ${SEED} (replay with TSRAY_FUZZ_SEED=${SEED})`);
    const gcs = await GcsClient.connect(address);
    const nodes = await gcs.getAllNodes(true);
    gcs.close();
    const sockets = nodes.map((n) => n.labels[SOCKET_LABEL]!);
    const ports = [address, ...nodes.map((n) => `${n.nodeManagerAddress}:${n.nodeManagerPort}`)];
    const logs = new Map<number, string>();
    for (const r of cluster.nodeRecords()) {
      logs.set(r.rayletPid, join(r.nodeDir, 'logs', 'raylet.log'));
      if (r.gcsPid) logs.set(r.gcsPid, join(r.nodeDir, 'logs', 'gcs.log'));
    }
    const pids = [...logs.keys()];
    expect(pids).toHaveLength(3);
    const before = pids.map(rssMiB);
    const token = process.env.TSRAY_AUTH_TOKEN!;
    const methods = everyMethod();
    const deadline = Date.now() + BUDGET_MS;
    let frames = 0;
    let calls = 0;

    // Driver sockets: 8 connections at a time, each fed one random input.
    while (Date.now() < deadline - BUDGET_MS / 2) {
      await Promise.all(Array.from({ length: 8 }, () => new Promise<void>((resolve) => {
        const s = createConnection(sockets[int(sockets.length)]!);
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.on('connect', () => {
          s.write(socketInput());
          frames++;
          setTimeout(() => s.destroy(), 20);
        });
      })));
    }
    // gRPC: random bodies to every method, half of them with the token (past the auth check).
    const clients = ports.map((p) => new grpc.Client(p, grpc.credentials.createInsecure()));
    while (Date.now() < deadline) {
      await Promise.all(Array.from({ length: 16 }, () => {
        const [, m] = methods[int(methods.length)]!;
        const body = random() < 0.5 ? bytes(int(256)) : Buffer.concat([Buffer.from([0x0a, int(128)]), bytes(int(128))]);
        calls++;
        return rawCall(clients[int(clients.length)]!, m, body, random() < 0.5 ? token : undefined);
      }));
    }
    for (const c of clients) c.close();
    console.log(`fuzz: ${frames} socket inputs, ${calls} gRPC calls`);
    expect(frames).toBeGreaterThan(50);
    expect(calls).toBeGreaterThan(200);

    // A dead daemon's log says why: its last lines go into the failure.
    for (const pid of pids) expect(alive(pid), `daemon ${pid}, whose log ends:\n${readFileSync(logs.get(pid)!, 'utf8').split('\n').slice(-25).join('\n')}`).toBe(true);
    const after = pids.map(rssMiB);
    for (let i = 0; i < pids.length; i++) expect(after[i]! - before[i]!, `RSS growth of daemon ${pids[i]} (MiB)`).toBeLessThan(300);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `${root}test/fixtures/cluster-driver.ts`, address], { cwd: root, env: cluster.env, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ values: [1, 4, 9], nodes: 2 });
  }, 120_000);
});
