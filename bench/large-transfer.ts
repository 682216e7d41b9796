/**
 * Large results reaching the driver (issue 14): the time from submitting a task that makes a
 * result of 100 MB, 500 MB and 1 GiB to the driver holding the value, with the task on another
 * node and on the driver's own node, next to a raw TCP copy of the same bytes from one process
 * to another on this machine (bench/raw-tcp-peer.mjs; the receiver copies into a buffer made
 * beforehand). Making the bytes costs the same anywhere, so it is measured apart (the same task
 * returning one byte) and taken off: "transfer" is the rest. Medians of a few runs, as ratios.
 *
 *   npm run bench:large [-- --rounds 3] [-- --sizes 100,500]   (sizes in MB; 1024 = 1 GiB)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as ray from '../dist/index.js';
import { makeBytes, makeBytesOnly } from './bench-tasks.js';
import { parseCommandLine, positiveInt } from './cli-args.js';

const USAGE = 'usage: tsx bench/large-transfer.ts [--rounds N] [--sizes MB,MB,...]';
const { values } = parseCommandLine('large-transfer', USAGE, { rounds: { type: 'string' }, sizes: { type: 'string' } });
const rounds = positiveInt('large-transfer', USAGE, '--rounds', values.rounds as string | undefined, 3);
const MB = 1e6;
const GiB = 2 ** 30;
/** 1024 "MB" means 1 GiB, as the issue asks for. */
const sizes = ((values.sizes as string | undefined) ?? '100,500,1024').split(',').map((s) => {
  const mb = positiveInt('large-transfer', USAGE, '--sizes', s, 1);
  return mb === 1024 ? GiB : mb * MB;
});

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tsray-bench-large-'));
const env = { ...process.env, TMPDIR: tmp };
const cli = (...args: string[]) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { env, encoding: 'utf8' });
const collect = () => (globalThis as { gc?: () => void }).gc?.();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A raw TCP sender process holding `bytes` bytes; `copy()` receives them all once, in ms. */
async function rawPeer(bytes: number): Promise<{ copy: () => Promise<number>; close: () => void }> {
  const child = spawn(process.execPath, [`${root}bench/raw-tcp-peer.mjs`, String(bytes)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const port = Number(/^port (\d+)/.exec(line)![1]);
  return {
    copy: async () => {
      const into = Buffer.allocUnsafe(bytes);
      const t = performance.now();
      const got = await new Promise<number>((resolve, reject) => {
        let at = 0;
        const socket = connect(port, '127.0.0.1');
        socket.on('data', (chunk: Buffer) => (at += chunk.copy(into, at)));
        socket.on('end', () => resolve(at));
        socket.on('error', reject);
      });
      const ms = performance.now() - t;
      if (got !== bytes) throw new Error(`raw TCP copy: received ${got} of ${bytes} bytes`);
      return ms;
    },
    close: () => child.stdin.end(),
  };
}

const label = (n: number) => (n === GiB ? '1 GiB' : `${n / MB} MB`);
const rows: string[] = [];
try {
  const storeBytes = String(3 * GiB);
  const head = cli('start', '--head', '--port', '0', '--num-cpus', '1', '--object-store-memory', storeBytes);
  const address = /GCS at (\S+?),/.exec(head)![1]!;
  cli('start', '--address', address, '--num-cpus', '1', '--object-store-memory', storeBytes);
  await ray.init({ address });
  const nodes = await ray.nodes();
  const places = [
    { name: 'another node', nodeId: nodes.find((n) => !n.isHead)!.nodeId },
    { name: "the driver's node", nodeId: nodes.find((n) => n.isHead)!.nodeId },
  ];
  // Warm both nodes' workers and imports.
  await ray.get(places.map((p) => makeBytes.options({ schedulingStrategy: { nodeId: p.nodeId, soft: false } }).remote(1000)));
  for (const bytes of sizes) {
    const raw = await rawPeer(bytes);
    try {
      const rawMs: number[] = [];
      for (let r = 0; r < rounds; r++) rawMs.push(await raw.copy());
      const rawMedian = median(rawMs);
      for (const place of places) {
        const on = { schedulingStrategy: { nodeId: place.nodeId, soft: false } };
        const total: number[] = [];
        const make: number[] = [];
        for (let r = 0; r < rounds; r++) {
          let t = performance.now();
          let value: Uint8Array | undefined = await ray.get(makeBytes.options(on).remote(bytes));
          total.push(performance.now() - t);
          if (value.byteLength !== bytes || value[250] !== 250 || value[bytes - 1] !== (bytes - 1) % 251) {
            throw new Error(`a ${label(bytes)} result from ${place.name} arrived wrong (${value.byteLength} bytes)`);
          }
          value = undefined;
          collect();
          t = performance.now();
          await ray.get(makeBytesOnly.options(on).remote(bytes));
          make.push(performance.now() - t);
        }
        const transfer = Math.max(1, median(total) - median(make));
        rows.push(`${label(bytes).padStart(6)} from ${place.name.padEnd(17)}: ${median(total).toFixed(0)} ms to the driver (making the bytes ${median(make).toFixed(0)} ms, ` +
          `transfer ${transfer.toFixed(0)} ms = ${(bytes / GiB / (transfer / 1000)).toFixed(2)} GiB/s); raw TCP copy ${rawMedian.toFixed(0)} ms ` +
          `(${(bytes / GiB / (rawMedian / 1000)).toFixed(2)} GiB/s); transfer/raw ${(transfer / rawMedian).toFixed(2)}, total/raw ${(median(total) / rawMedian).toFixed(2)}`);
        console.log(rows.at(-1));
      }
    } finally {
      raw.close();
    }
  }
  await ray.shutdown();
} finally {
  try {
    cli('stop');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(`# large results reaching the driver (2 nodes on loopback, compiled dist/), medians of ${rounds}`);
for (const row of rows) console.log(row);
