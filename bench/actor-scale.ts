/**
 * Actor scale: creates N actors (default 10,000) with default options (shared host threads),
 * calls each once, and reports how fast that went end to end and what memory it took; then kills
 * them all and reports the memory left.
 *
 *   npm run build && node_modules/.bin/tsx bench/actor-scale.ts [N] [--actors N] [--num-cpus N]
 *
 * It measures the compiled build (dist/). Phases, timed from one start:
 *   1. create: N `SmallActor.remote()` (each returns its handle at once);
 *   2. call: one `small.remote()` per actor (calls queue until their actor is up);
 *   3. wait for the replies: the first, then all (progress on stderr every half second).
 * actors/s is N / (time to the last reply): creation and call, end to end. Before the start, a
 * few actors are created, called and killed, so the shared host threads are running and have
 * imported bench-tasks.ts (a one-off cost per thread, not per actor).
 *
 * Memory: the process's RSS (every thread's heap is in it) is sampled every 50 ms and at each
 * phase's end; peak RSS (create, call and replies) minus the RSS before the start, over N, is the
 * RSS per actor. After `ray.kill` of every actor, the driver drops its handles and refs, collects
 * garbage and waits a moment, then reports the RSS left. Worker threads collect their own heaps
 * on their own schedule and V8 returns freed pages lazily, so RSS after is an upper bound on what
 * stays; the driver's heap (collected just before reading it) shows what the driver keeps.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextMacrotask, setTimeout as sleep } from 'node:timers/promises';
import { collectGarbage } from './collect-garbage.js';
import * as ray from '../dist/index.js';
import { SmallActor, type SmallActorHandle } from './bench-tasks.js';
import { parseCommandLine, positiveInt, usageError } from './cli-args.js';

interface Config {
  actors: number;
  numCpus: number;
}

const USAGE = `usage: tsx bench/actor-scale.ts [N] [--actors N] [--num-cpus N]
  N, --actors <N>   actors to create and call (default 10000)
  --num-cpus <N>    CPUs of the tsray node (default 2; actors share min(4, N) host threads)`;

function parseConfig(): Config {
  const { values, positionals } = parseCommandLine('actor-scale', USAGE, {
    actors: { type: 'string' },
    'num-cpus': { type: 'string' },
  });
  if (positionals.length > 1) usageError('actor-scale', USAGE, `unknown argument ${positionals[1]}`);
  return {
    actors: positiveInt('actor-scale', USAGE, 'N', (values.actors as string | undefined) ?? positionals[0], 10_000),
    numCpus: positiveInt('actor-scale', USAGE, '--num-cpus', values['num-cpus'] as string | undefined, 2),
  };
}


/** Collects garbage in this thread and lets finalizers and worker messages run for `ms`. */
async function settle(ms: number): Promise<void> {
  collectGarbage?.();
  for (let i = 0; i < 3; i++) await nextMacrotask();
  await sleep(ms);
  collectGarbage?.();
  for (let i = 0; i < 3; i++) await nextMacrotask();
}

/**
 * Peak RSS, sampled every 50 ms (and whenever `sample()` is called). `process.memoryUsage.rss()`
 * is the same figure as `process.memoryUsage().rss`, without walking the heap spaces.
 */
class RssSampler {
  peak = 0;
  private readonly timer = setInterval(() => this.sample(), 50);

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return rss;
  }

  reset(): void {
    this.peak = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Between chunks of synchronous submissions the driver yields once, as a real program does. */
const CHUNK = 1000;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const signed = (bytes: number): string => `${bytes >= 0 ? '+' : '-'}${mib(Math.abs(bytes))}`;
const ms = (t: number): string => `${t.toFixed(1)} ms`;

async function main(): Promise<void> {
  const cfg = parseConfig();
  const n = cfg.actors;
  console.log(`# tsray actor scale (compiled dist/), Node ${process.version}, numCpus ${cfg.numCpus}, ${n} actors, default options (shared host threads)`);

  await ray.init({ numCpus: cfg.numCpus, logToDriver: false });
  const rss = new RssSampler();
  try {
    // Warm-up: as many actors as there can be shared host threads (min(4, numCpus)), so each
    // host thread is started and has imported the actor's module.
    const warm = Array.from({ length: 4 }, () => SmallActor.remote());
    await ray.get(warm.map((a) => a.small.remote()));
    for (const a of warm) await ray.kill(a);
    warm.length = 0;
    await settle(500);

    const rssBefore = process.memoryUsage.rss();
    const heapBefore = process.memoryUsage().heapUsed;
    rss.reset();
    console.error(`actor-scale: ${n} actors; rss before ${mib(rssBefore)}`);

    let handles = new Array<SmallActorHandle>(n);
    let refs = new Array<ray.ObjectRef<number>>(n);
    const t0 = performance.now();
    const since = (): string => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

    for (let i = 0; i < n; i += CHUNK) {
      const end = Math.min(n, i + CHUNK);
      for (let j = i; j < end; j++) handles[j] = SmallActor.remote();
      await nextMacrotask();
      console.error(`  created ${end}/${n} (${since()}, rss ${mib(rss.sample())})`);
    }
    const tCreated = performance.now() - t0;

    for (let i = 0; i < n; i += CHUNK) {
      const end = Math.min(n, i + CHUNK);
      for (let j = i; j < end; j++) refs[j] = handles[j]!.small.remote();
      await nextMacrotask();
      console.error(`  called ${end}/${n} (${since()}, rss ${mib(rss.sample())})`);
    }
    const tCalled = performance.now() - t0;

    await ray.wait(refs, { numReturns: 1 });
    const tFirst = performance.now() - t0;
    console.error(`  first reply (${since()})`);
    let notReady = refs;
    while (notReady.length > 0) {
      [, notReady] = await ray.wait(notReady, { numReturns: notReady.length, timeoutMs: 500 });
      console.error(`  replies ${n - notReady.length}/${n} (${since()}, rss ${mib(rss.sample())})`);
    }
    const tLast = performance.now() - t0;
    rss.sample();
    const values = await ray.get(refs);
    const wrong = values.filter((v) => v !== 0).length;
    if (wrong > 0) throw new Error(`${wrong} of ${n} calls returned something other than 0`);
    const rssAtLast = rss.sample();
    const peak = rss.peak;
    const heapAtLast = process.memoryUsage().heapUsed;

    const tKill0 = performance.now();
    for (let i = 0; i < n; i += CHUNK) {
      const end = Math.min(n, i + CHUNK);
      for (let j = i; j < end; j++) await ray.kill(handles[j]!);
      await nextMacrotask();
    }
    const tKill = performance.now() - tKill0;
    console.error(`  killed ${n} in ${ms(tKill)}`);
    handles = [];
    refs = [];
    notReady = [];
    await settle(1000);
    const rssAfter = rss.sample();
    const heapAfter = process.memoryUsage().heapUsed;

    const rows: Array<[string, string]> = [
      ['actors', String(n)],
      ['create submitted (all .remote() returned)', ms(tCreated)],
      ['calls submitted', ms(tCalled)],
      ['first reply', ms(tFirst)],
      ['last reply', ms(tLast)],
      ['actors/s (create + call, end to end)', (n / (tLast / 1000)).toFixed(1)],
      ['rss before', mib(rssBefore)],
      ['rss at last reply', mib(rssAtLast)],
      ['peak rss', mib(peak)],
      ['rss per actor ((peak - before) / N)', `${((peak - rssBefore) / n / 1024).toFixed(2)} KiB`],
      ['kill all', ms(tKill)],
      ['rss after kill (+ gc, 1 s)', `${mib(rssAfter)} (${signed(rssAfter - rssBefore)} vs before)`],
      ['driver heap used: before / last reply / after kill', `${mib(heapBefore)} / ${mib(heapAtLast)} / ${mib(heapAfter)}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    rss.stop();
    await ray.shutdown();
  }
}

if (!ray.isWorker()) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
