/**
 * Locality-aware placement (issue 14): bytes moved between nodes by a two-stage pipeline on a
 * 3-node loopback cluster, with placement toward the node holding a task's arguments on and
 * off (TSRAY_LOCALITY_AWARE=0 on the daemons turns it off). Stage 1 makes 8 results of 20 MiB
 * spread over the nodes (SPREAD; each stays on the node that made it); stage 2 runs one task
 * per result with the DEFAULT strategy. Bytes moved: the sum over nodes of what their object
 * managers pulled during the pipeline. Reported per mode as medians over rounds, and as the
 * ratio on/off.
 *
 *   npm run bench:locality [-- --quick]   (runs from source: tsx)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as ray from '../src/index.js';
import { consume, produce, pulledBytes } from './locality-tasks.js';
import { parseCommandLine } from './cli-args.js';

const USAGE = 'usage: tsx bench/locality.ts [--quick]';
const { values } = parseCommandLine('locality', USAGE, { quick: { type: 'boolean' } });
const rounds = values.quick === true ? 2 : 5;
const MiB = 2 ** 20;
const RESULTS = 8;
const RESULT_BYTES = 20 * MiB;

const root = fileURLToPath(new URL('..', import.meta.url));
const baseTmp = tmpdir();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Bytes pulled so far, summed over the nodes. */
async function movedSoFar(nodeIds: string[]): Promise<number> {
  const per = await ray.get(nodeIds.map((nodeId) => pulledBytes.options({ schedulingStrategy: { nodeId, soft: false } }).remote()));
  return per.reduce((n, p) => n + p.bytes, 0);
}

/** One mode: a fresh cluster, `rounds` pipelines; the bytes moved and the wall time of each. */
async function run(localityAware: boolean): Promise<{ bytes: number[]; ms: number[] }> {
  const tmp = mkdtempSync(join(baseTmp, 'tsray-bench-locality-'));
  // The nodes import this bench's task module from this checkout, with the tsray they run
  // (from a job package, it would load a second copy of tsray with no object store: every
  // array would travel inline).
  process.env.TSRAY_CODE_SEARCH_PATH = root;
  const env = { ...process.env, TMPDIR: tmp, TSRAY_PACKAGES_DIR: join(tmp, 'packages'), TSRAY_LOCALITY_AWARE: localityAware ? '1' : '0' };
  // From source, as the integration tests run it: workers import this bench's task module
  // and tsray from one place.
  const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, ...args], { cwd: root, env, encoding: 'utf8' });
  const out = { bytes: [] as number[], ms: [] as number[] };
  try {
    const head = cli('start', '--head', '--port', '0', '--num-cpus', '2');
    const address = /GCS at (\S+?),/.exec(head)![1]!;
    cli('start', '--address', address, '--num-cpus', '2');
    cli('start', '--address', address, '--num-cpus', '2');
    await ray.init({ address });
    try {
      const nodeIds = (await ray.nodes()).filter((n) => n.alive).map((n) => n.nodeId);
      if (nodeIds.length !== 3) throw new Error(`expected 3 nodes, found ${nodeIds.length}`);
      // Untimed: the first tasks on a node start its worker threads and import their modules.
      await ray.get(nodeIds.map((nodeId) => consume.options({ schedulingStrategy: { nodeId, soft: false } }).remote(new Uint8Array(8))));
      for (let r = 0; r < rounds; r++) {
        const before = await movedSoFar(nodeIds);
        const t = performance.now();
        const made = Array.from({ length: RESULTS }, (_, i) => produce.options({ schedulingStrategy: 'SPREAD' }).remote(RESULT_BYTES, i + 1));
        const answers = await ray.get(made.map((m) => consume.remote(m)));
        out.ms.push(performance.now() - t);
        out.bytes.push((await movedSoFar(nodeIds)) - before);
        for (const [i, a] of answers.entries()) {
          if (a.sum !== ((i + 1) & 0xff) * (RESULT_BYTES / 4096)) throw new Error(`stage 2 task ${i} read wrong bytes`);
        }
      }
    } finally {
      await ray.shutdown();
    }
  } finally {
    try {
      cli('stop');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return out;
}

const on = await run(true);
const off = await run(false);
const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
console.log(`two-stage pipeline, ${RESULTS} x ${RESULT_BYTES / MiB} MiB on 3 nodes, ${rounds} rounds (medians):`);
console.log(`  locality-aware on : ${mib(median(on.bytes))} moved between nodes, ${median(on.ms).toFixed(0)} ms  [${on.bytes.map(mib).join(', ')}]`);
console.log(`  locality-aware off: ${mib(median(off.bytes))} moved between nodes, ${median(off.ms).toFixed(0)} ms  [${off.bytes.map(mib).join(', ')}]`);
console.log(`  bytes moved on/off: ${(median(on.bytes) / median(off.bytes)).toFixed(3)}; time on/off: ${(median(on.ms) / median(off.ms)).toFixed(2)}`);
