/**
 * Placement groups (issue 7): Ray's `placement group create/removal` microbenchmark. Each round
 * creates 100 groups of one bundle `{ custom: 0.001 }` on a node with `custom: 100`, waits until
 * each is placed, then removes them all (as ray/_private/ray_perf.py does); groups/s is 100 over
 * the round's time. Prints the median of the rounds next to Ray's published 765/s (a 64-core
 * host) and Ray 2.58 measured on this machine kind (../shared/reference/).
 *
 *   npm run bench:pg                         # builds, then runs on dist/
 *   node_modules/.bin/tsx bench/placement-groups.ts [--rounds N] [--bundles N]
 */
import { performance } from 'node:perf_hooks';
import * as ray from '../dist/index.js';
import { parseCommandLine, positiveInt } from './cli-args.js';
import { median } from './bench-cluster.js';

const USAGE = `usage: tsx bench/placement-groups.ts [--rounds N] [--bundles N]
  --rounds <N>    measured rounds of 100 groups (default 50, after 2 s of warm-up rounds)
  --bundles <N>   bundles per group (default 1, as Ray's benchmark)`;
const { values } = parseCommandLine('placement-groups', USAGE, { rounds: { type: 'string' }, bundles: { type: 'string' } });
const rounds = positiveInt('placement-groups', USAGE, '--rounds', values.rounds as string | undefined, 50);
const bundleCount = positiveInt('placement-groups', USAGE, '--bundles', values.bundles as string | undefined, 1);

const GROUPS_PER_ROUND = 100;
const RAY_PUBLISHED = 765;
const RAY_258_THIS_MACHINE = 528.54;

/** One round: create, wait for every group, remove every group. Returns groups per second. */
async function round(): Promise<number> {
  const bundles = Array.from({ length: bundleCount }, () => ({ custom: 0.001 }));
  const start = performance.now();
  const groups = Array.from({ length: GROUPS_PER_ROUND }, () => ray.placementGroup(bundles));
  for (const pg of groups) if (!(await pg.wait(30_000))) throw new Error(`placement group ${pg.id} was not placed within 30 s`);
  for (const pg of groups) ray.removePlacementGroup(pg);
  return GROUPS_PER_ROUND / ((performance.now() - start) / 1000);
}

await ray.init({ numCpus: 2, resources: { custom: 100 }, logToDriver: false });
try {
  // Warm-up: the JIT, and the node's worker threads booting at init (they share the 2 cores).
  const warm = performance.now();
  for (let i = 0; i < 20 || performance.now() - warm < 2000; i++) await round();
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) rates.push(await round());
  const m = median(rates);
  const left = Object.values(await ray.placementGroupTable()).filter((e) => e.state !== 'REMOVED').length;
  if (left !== 0) throw new Error(`${left} groups were left after the rounds`);
  console.log(`# tsray placement groups (compiled dist/), ${rounds} rounds of ${GROUPS_PER_ROUND} groups of ${bundleCount} bundle(s), median`);
  console.log(`placement group create/removal per second ${m.toFixed(0)} ` +
    `(min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)}; ` +
    `Ray 2.x published ${RAY_PUBLISHED}/s = ${(m / RAY_PUBLISHED).toFixed(1)}x; ` +
    `Ray 2.58 on this machine kind ${RAY_258_THIS_MACHINE}/s = ${(m / RAY_258_THIS_MACHINE).toFixed(1)}x)`);
} finally {
  await ray.shutdown();
}
