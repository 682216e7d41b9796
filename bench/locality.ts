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
import { performance } from 'node:perf_hooks';
import * as ray from '../src/index.js';
import { consume, produce, pulledBytes } from './locality-tasks.js';
import { parseCommandLine } from './cli-args.js';
import { benchCluster, median } from './bench-cluster.js';

const USAGE = 'usage: tsx bench/locality.ts [--quick]';
const { values } = parseCommandLine('locality', USAGE, { quick: { type: 'boolean' } });
const rounds = values.quick === true ? 2 : 5;
const MiB = 2 ** 20;
const RESULTS = 8;
const RESULT_BYTES = 20 * MiB;

/** Bytes pulled so far, summed over the nodes. */
async function movedSoFar(nodeIds: string[]): Promise<number> {
  const per = await ray.get(nodeIds.map((nodeId) => pulledBytes.options({ schedulingStrategy: { nodeId, soft: false } }).remote()));
  return per.reduce((n, p) => n + p.bytes, 0);
}

/** One mode: a fresh cluster, `rounds` pipelines; the bytes moved and the wall time of each. */
async function run(localityAware: boolean): Promise<{ bytes: number[]; ms: number[] }> {
  // From source, as the integration tests run it: workers import this bench's task module
  // and tsray from one place.
  const cluster = benchCluster('locality', { fromSource: true, env: { TSRAY_LOCALITY_AWARE: localityAware ? '1' : '0' } });
  const { cli } = cluster;
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
    cluster.dispose();
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
