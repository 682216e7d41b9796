/**
 * A million no-op tasks whose results are dropped, a thousand in flight at a time: shows that
 * memory stays bounded (reference counting frees every result) while work streams through.
 *
 *   npm run build && node_modules/.bin/tsx bench/memory-million-tasks.ts [tasks=1000000]
 *
 * Prints RSS, heap and the owner's live object count every 10% of the run.
 */
import { performance } from 'node:perf_hooks';
import * as ray from '../dist/index.js';
import { runtimeState } from '../dist/common/runtime-state.js';
import { noop } from './bench-tasks.js';

const total = Number(process.argv[2] ?? 1_000_000);
const window = 1000;
const mib = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;

await ray.init({ numCpus: 2, logToDriver: false });
const owner = runtimeState().coreWorker as unknown as { objects: { size: number } };
const start = performance.now();
let peakRss = 0;
console.log('tasks done | tasks/s | RSS | heap used | live objects');
for (let done = 0; done < total; ) {
  await ray.get(Array.from({ length: Math.min(window, total - done) }, () => noop.remote()));
  done += window;
  const mem = process.memoryUsage();
  peakRss = Math.max(peakRss, mem.rss);
  if (done % (total / 10) === 0 || done >= total) {
    const secs = (performance.now() - start) / 1000;
    console.log(`${String(done).padStart(10)} | ${(done / secs).toFixed(0).padStart(7)} | ${mib(mem.rss)} | ${mib(mem.heapUsed)} | ${owner.objects.size}`);
  }
}
console.log(`peak RSS ${mib(peakRss)} over ${total} tasks in ${((performance.now() - start) / 1000).toFixed(1)} s`);
await ray.shutdown();
