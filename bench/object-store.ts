/**
 * The object store's benchmarks (issue 4): put bandwidth next to memcpy of the same bytes in the
 * same run, and the cost of reading a large object, which should be a mapping, not a copy.
 *
 *   npm run build && node_modules/.bin/tsx bench/object-store.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import * as ray from '../dist/index.js';
import { putArrays, touchPages } from './bench-tasks.js';
import { releaseDroppedRefs } from './collect-garbage.js';
import { parseCommandLine } from './cli-args.js';
import { median } from './bench-cluster.js';

const USAGE = 'usage: tsx bench/object-store.ts [--quick]';
const { values } = parseCommandLine('object-store', USAGE, { quick: { type: 'boolean' } });
const quick = values.quick === true;
const MiB = 2 ** 20;
const GiB = 2 ** 30;
const rounds = quick ? 2 : 5;

async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const rows: Array<[string, string]> = [];
const report = (name: string, value: string): void => {
  rows.push([name, value]);
  console.error(`${name}: ${value}`);
};

await ray.init({ numCpus: 2, logToDriver: false });
try {
  // single client put gigabytes: 100 MiB arrays put one after another.
  const size = 100 * MiB;
  const data = new Float64Array(size / 8).fill(1.5);
  const target = new Float64Array(size / 8);
  const putRates: number[] = [];
  const copyRates: number[] = [];
  const freshCopyRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ref: ray.ObjectRef<Float64Array> | undefined;
    putRates.push(size / GiB / (await timeIt(() => { ref = ray.put(data); })));
    copyRates.push(size / GiB / (await timeIt(() => target.set(data))));
    freshCopyRates.push(size / GiB / (await timeIt(() => new Float64Array(size / 8).set(data))));
    ref = undefined;
    void ref;
    await releaseDroppedRefs();
  }
  const put = median(putRates);
  const memcpy = median(copyRates);
  report('single client put gigabytes per second', `${put.toFixed(2)} GiB/s (memcpy into a warm buffer ${memcpy.toFixed(2)} GiB/s = ${(put / memcpy * 100).toFixed(0)}%; into fresh memory ${median(freshCopyRates).toFixed(2)} GiB/s; Ray 2.58: 2.74 GB/s)`);

  // multi client put gigabytes: 4 tasks putting 100 MiB arrays at once.
  const perTask = quick ? 2 : 5;
  const multi = await timeIt(() => ray.get(Array.from({ length: 4 }, () => putArrays.remote(size, perTask))));
  report('multi client put gigabytes per second', `${((4 * perTask * size) / GiB / multi).toFixed(2)} GiB/s (Ray 2.58: 10.03 GB/s)`);
  await releaseDroppedRefs();

  // Put and get calls of objects just past the inline threshold, so each one goes through the
  // store's arena (Ray's Plasma call metrics; tsray keeps smaller values in the owner's memory).
  const small = new Float64Array((128 * 1024) / 8).fill(2);
  const calls = quick ? 2_000 : 10_000;
  const putCalls: number[] = [];
  const getCalls: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let refs: Array<ray.ObjectRef<Float64Array>> = [];
    putCalls.push(calls / (await timeIt(() => { for (let i = 0; i < calls; i++) refs.push(ray.put(small)); })));
    refs = [];
    await releaseDroppedRefs();
    const one = ray.put(small);
    getCalls.push(calls / (await timeIt(async () => { for (let i = 0; i < calls; i++) await ray.get(one); })));
  }
  report('single client put calls (Plasma Store, 128 KiB arrays)', `${median(putCalls).toFixed(0)}/s (Ray 2.58: 1,975/s)`);
  report('single client get calls (Plasma Store, 128 KiB arrays)', `${median(getCalls).toFixed(0)}/s (Ray 2.58: 12,500/s)`);
  await releaseDroppedRefs();

  // get of a 1 MiB and a 1 GiB object: a mapping each, so the same order of time.
  for (const bytes of [MiB, GiB]) {
    const ref = ray.put(new Float64Array(bytes / 8).fill(1));
    await releaseDroppedRefs();
    const gets: number[] = [];
    for (let r = 0; r < rounds; r++) gets.push(await timeIt(() => ray.get(ref)));
    report(`get of a ${bytes === MiB ? '1 MiB' : '1 GiB'} object`, `${(median(gets) * 1000).toFixed(2)} ms`);
  }

  // process worker reads 1 GiB: a process maps the object and touches every page.
  const big = ray.put(new Float64Array(GiB / 8).fill(1));
  await releaseDroppedRefs();
  const reads: number[] = [];
  for (let r = 0; r < rounds; r++) reads.push(await timeIt(() => ray.get(touchPages.options({ isolation: 'process' }).remote(big))));
  const warm = new Float64Array(GiB / 8);
  const source = new Float64Array(GiB / 8).fill(1);
  const copy1g = await timeIt(() => warm.set(source));
  report('process worker reads 1 GiB', `${(median(reads) * 1000).toFixed(0)} ms (memcpy of 1 GiB in this process: ${(copy1g * 1000).toFixed(0)} ms)`);
} finally {
  await ray.shutdown();
}

console.log('# tsray object store benchmarks (compiled dist/), medians');
for (const [name, value] of rows) console.log(`${name}: ${value}`);
