/**
 * tsray's version of `ray microbenchmark`: the single-client metrics, each measured side by side
 * with a raw piscina pool doing the same no-op work, and compared with Ray 2.58's figures on this
 * machine kind.
 *
 *   npm run build && node_modules/.bin/tsx bench/microbenchmark.ts [--quick] [--only <substring>] [--num-cpus N]
 *
 * It measures the compiled build (dist/), not the TypeScript source. Each metric warms up, then
 * runs several timed rounds; a round calls the benchmark function until its time is up, and its
 * rate is (calls x items per call) / seconds. tsray and baseline rounds alternate, so drift of
 * the machine hits both alike. Lines print in Ray's format, `<name> per second <median> +- <sd>`
 * (Ray prints the mean of its rounds; the median here is steadier with few rounds; the standard
 * deviation is the population one, as numpy's default that Ray uses).
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Piscina } from 'piscina';
import * as ray from '../dist/index.js';
import { createObjectContainingRefs, noop } from './bench-tasks.js';

/**
 * Ray 2.58.0 `ray microbenchmark` on this project's machine kind (2 cores, 24 GiB), per second,
 * mean over Ray's rounds (from the project's reference/ray-2.58-microbenchmark-node-kind.txt).
 */
const RAY_2_58: Record<string, number> = {
  'single client get calls (Plasma Store)': 12499.83,
  'single client put calls (Plasma Store)': 1974.61,
  'single client tasks and get batch': 2.16,
  'single client get object containing 10k refs': 17.58,
  'single client wait 1k refs': 1.85,
  'single client tasks sync': 618.29,
  'single client tasks async': 2098.2,
};

// ---------------------------------------------------------------------------------------------
// Command line

interface Config {
  quick: boolean;
  only: string[];
  numCpus: number;
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

const USAGE = `usage: tsx bench/microbenchmark.ts [--quick] [--only <substring>]... [--num-cpus N]
  --quick           short warm-up and rounds (a smoke test, not a measurement)
  --only <s>        run only metrics whose name contains <s> (case-insensitive; repeatable)
  --num-cpus <N>    CPUs of the tsray node and threads of the piscina baseline (default 2)`;

function parseArgs(argv: string[]): Config {
  let quick = false;
  let numCpus = 2;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--only':
        only.push(value().toLowerCase());
        break;
      case '--num-cpus': {
        const v = value();
        numCpus = Number(v);
        if (!Number.isInteger(numCpus) || numCpus < 1) fail(`--num-cpus must be a positive integer, got ${v}`);
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  return quick
    ? { quick, only, numCpus, warmupMs: 200, rounds: 5, roundMs: 200 }
    : { quick, only, numCpus, warmupMs: 1000, rounds: 5, roundMs: 1000 };
}

function fail(message: string): never {
  console.error(`microbenchmark: ${message}\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Measurement

/** One benchmark function: a call does `items` units of the metric. */
interface Subject {
  /** A synchronous function is called in a plain loop, with no `await` per call. */
  fn: () => unknown;
  sync?: boolean;
}

interface Metric {
  name: string;
  /** Units per call (Ray's `multiplier`): 1000 for "tasks async", else 1. */
  items: number;
  /** Makes the tsray subject (after init); may submit setup work and wait for it. */
  tsray: () => Promise<Subject>;
  /** The raw piscina subject doing the same no-op work, where there is one. */
  baseline?: (pool: Piscina) => Promise<Subject>;
}

interface Result {
  name: string;
  tsray: Stats;
  baseline: Stats | undefined;
}

interface Stats {
  median: number;
  sd: number;
  rounds: number[];
}

/** Runs `fn` for `calls` calls, between clock reads. */
async function runCalls(s: Subject, calls: number): Promise<void> {
  const fn = s.fn;
  if (s.sync) {
    for (let i = 0; i < calls; i++) fn();
  } else {
    for (let i = 0; i < calls; i++) await fn();
  }
}

/**
 * A timed loop of `step`-call batches until `ms` have passed; returns calls and seconds. Between
 * batches it yields to the event loop once, as any real program does, so timers, messages and
 * FinalizationRegistry callbacks (tsray's reference counting) run inside the measured time.
 */
async function timedLoop(s: Subject, step: number, ms: number): Promise<{ calls: number; seconds: number }> {
  let calls = 0;
  const start = performance.now();
  let now = start;
  do {
    await runCalls(s, step);
    calls += step;
    await nextMacrotask();
    now = performance.now();
  } while (now - start < ms);
  return { calls, seconds: (now - start) / 1000 };
}

/** Warms up and returns how many calls make one batch of about 1/20 of a round. */
async function warmUp(s: Subject, cfg: Config): Promise<number> {
  // A first call on its own: slow first calls (module imports in workers) do not set the step.
  await runCalls(s, 1);
  const { calls, seconds } = await timedLoop(s, 1, cfg.warmupMs);
  const perSecond = calls / seconds;
  return Math.max(1, Math.floor((perSecond * cfg.roundMs) / 1000 / 20));
}

function stats(rates: number[]): Stats {
  const sorted = [...rates].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const sd = Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length);
  return { median, sd, rounds: rates };
}

const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/** Between metrics: collect garbage and let finalizers run, so one metric's refs do not weigh on the next. */
async function settle(): Promise<void> {
  collectGarbage?.();
  for (let i = 0; i < 3; i++) await nextMacrotask();
}

async function measure(metric: Metric, pool: Piscina, cfg: Config): Promise<Result> {
  const subjects: Array<{ label: 'tsray' | 'baseline'; s: Subject; step: number; rates: number[] }> = [];
  const t = await metric.tsray();
  subjects.push({ label: 'tsray', s: t, step: await warmUp(t, cfg), rates: [] });
  if (metric.baseline) {
    const b = await metric.baseline(pool);
    subjects.push({ label: 'baseline', s: b, step: await warmUp(b, cfg), rates: [] });
  }
  for (let r = 0; r < cfg.rounds; r++) {
    for (const sub of subjects) {
      const { calls, seconds } = await timedLoop(sub.s, sub.step, cfg.roundMs);
      sub.rates.push((calls * metric.items) / seconds);
    }
  }
  const base = subjects.find((x) => x.label === 'baseline');
  return { name: metric.name, tsray: stats(subjects[0]!.rates), baseline: base ? stats(base.rates) : undefined };
}

// ---------------------------------------------------------------------------------------------
// Metrics (Ray's definitions, from ray/_private/ray_perf.py)

const BATCH = 1000;

/**
 * The baseline of `wait 1k refs`: submits `n` no-op pool tasks, then takes them one at a time in
 * completion order, awaiting each (the analog of `ray.wait(notReady, { numReturns: 1 })` in a
 * loop). Completions go to a queue, so the floor is piscina's cost, not the quadratic cost of
 * `Promise.race` over the remaining promises (~1.8 batches/s here, slower than piscina by 15x).
 */
async function piscinaWaitOneByOne(pool: Piscina, n: number): Promise<void> {
  let completed = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onDone = (): void => {
    completed++;
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onError = (err: unknown): void => {
    failure ??= err;
    onDone();
  };
  for (let i = 0; i < n; i++) pool.run(null).then(onDone, onError);
  for (let taken = 0; taken < n; taken++) {
    if (taken === completed) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) throw failure;
  }
}

/** Ray's batch of 1000 no-op tasks submitted at once, then got together. */
function submitBatchAndGet(): Promise<number[]> {
  const refs = new Array<ray.ObjectRef<number>>(BATCH);
  for (let i = 0; i < BATCH; i++) refs[i] = noop.remote();
  return ray.get(refs);
}

/** The same batch on the raw piscina pool. */
function runBatchOnPool(pool: Piscina): Promise<unknown[]> {
  const runs = new Array<Promise<unknown>>(BATCH);
  for (let i = 0; i < BATCH; i++) runs[i] = pool.run(null);
  return Promise.all(runs);
}

const METRICS: Metric[] = [
  {
    name: 'single client get calls (Plasma Store)',
    items: 1,
    tsray: async () => {
      const value = ray.put(0);
      return { fn: () => ray.get(value) };
    },
  },
  {
    name: 'single client put calls (Plasma Store)',
    items: 1,
    tsray: async () => ({ fn: () => ray.put(0), sync: true }),
  },
  {
    name: 'single client tasks and get batch',
    items: 1,
    tsray: async () => ({ fn: submitBatchAndGet }),
    baseline: async (pool) => ({ fn: () => runBatchOnPool(pool) }),
  },
  {
    name: 'single client get object containing 10k refs',
    items: 1,
    tsray: async () => {
      const containing = createObjectContainingRefs.remote(10_000);
      await ray.wait([containing]);
      return {
        fn: async () => {
          const refs = await ray.get(containing);
          if (refs.length !== 10_000) throw new Error(`expected 10000 refs, got ${refs.length}`);
        },
      };
    },
  },
  {
    name: 'single client wait 1k refs',
    items: 1,
    tsray: async () => ({
      fn: async () => {
        let notReady = new Array<ray.ObjectRef<number>>(BATCH);
        for (let i = 0; i < BATCH; i++) notReady[i] = noop.remote();
        while (notReady.length > 0) [, notReady] = await ray.wait(notReady, { numReturns: 1 });
      },
    }),
    baseline: async (pool) => ({ fn: () => piscinaWaitOneByOne(pool, BATCH) }),
  },
  {
    name: 'single client tasks sync',
    items: 1,
    tsray: async () => ({ fn: () => ray.get(noop.remote()) }),
    baseline: async (pool) => ({ fn: () => pool.run(null) }),
  },
  {
    name: 'single client tasks async',
    items: BATCH,
    tsray: async () => ({ fn: submitBatchAndGet }),
    baseline: async (pool) => ({ fn: () => runBatchOnPool(pool) }),
  },
];

// ---------------------------------------------------------------------------------------------
// Output

/** Ray's rounding: two decimals, trailing zeros dropped (Python's round()). */
function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function line(prefix: string, name: string, s: Stats): string {
  return `${prefix}${name} per second ${fmt(s.median)} +- ${fmt(s.sd)}`;
}

function ratio(a: number, b: number | undefined): string {
  if (b === undefined || !(b > 0)) return 'n/a';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const render = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const [head, ...body] = rows;
  return [render(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(render)].join('\n');
}

function summary(results: Result[]): string {
  const rows = [['metric (per second)', 'tsray', 'baseline', 'tsray/baseline', 'Ray 2.58', 'tsray/Ray']];
  for (const r of results) {
    const rayFigure = RAY_2_58[r.name];
    rows.push([
      r.name,
      fmt(r.tsray.median),
      r.baseline ? fmt(r.baseline.median) : 'n/a',
      ratio(r.tsray.median, r.baseline?.median),
      rayFigure === undefined ? 'n/a' : fmt(rayFigure),
      ratio(r.tsray.median, rayFigure),
    ]);
  }
  return table(rows);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const cfg = parseArgs(process.argv.slice(2));
  const metrics = cfg.only.length === 0 ? METRICS : METRICS.filter((m) => cfg.only.some((o) => m.name.toLowerCase().includes(o)));
  if (metrics.length === 0) fail(`no metric matches --only ${cfg.only.join(', ')}; metrics are:\n  ${METRICS.map((m) => m.name).join('\n  ')}`);

  console.log(`# tsray microbenchmark (compiled dist/), Node ${process.version}, numCpus ${cfg.numCpus}; ` +
    `baseline: raw piscina ${cfg.numCpus} threads; ${cfg.rounds} rounds of ${cfg.roundMs} ms after ${cfg.warmupMs} ms warm-up, median +- sd` +
    (cfg.quick ? ' (--quick: not a measurement)' : ''));

  await ray.init({ numCpus: cfg.numCpus, logToDriver: false });
  const pool = new Piscina({
    filename: new URL('./noop-worker.mjs', import.meta.url).href,
    minThreads: cfg.numCpus,
    maxThreads: cfg.numCpus,
  });
  // Without a listener piscina crashes the process on a stray worker message (e.g. a late reply
  // after destroy() on the error path), hiding the error that matters.
  pool.on('error', (err: unknown) => console.error('piscina baseline pool error:', err));
  const results: Result[] = [];
  const started = performance.now();
  try {
    for (const [i, metric] of metrics.entries()) {
      console.error(`[${i + 1}/${metrics.length}] ${metric.name}${metric.baseline ? ' (tsray and piscina)' : ''} ... (${((performance.now() - started) / 1000).toFixed(1)} s elapsed)`);
      await settle();
      const result = await measure(metric, pool, cfg);
      results.push(result);
      const rounds = (st: Stats): string => st.rounds.map(fmt).join(' ');
      const mib = (n: number): string => `${Math.round(n / 2 ** 20)} MiB`;
      const mem = process.memoryUsage();
      console.error(`      rounds: tsray ${rounds(result.tsray)}${result.baseline ? `; piscina ${rounds(result.baseline)}` : ''}` +
        ` (rss ${mib(mem.rss)}, heap ${mib(mem.heapUsed)})`);
      console.log(line('', result.name, result.tsray));
      if (result.baseline) console.log(line('piscina: ', result.name, result.baseline));
    }
  } finally {
    await pool.destroy();
    await ray.shutdown();
  }
  console.error(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log('');
  console.log(summary(results));
}

if (!ray.isWorker()) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
