/**
 * tsray's version of `ray microbenchmark`: the single-client and actor metrics, each measured
 * side by side with a raw baseline doing the same work in the same run (a raw piscina pool for
 * tasks; plain worker threads holding objects, reached over MessagePorts, for actors), and
 * compared with Ray 2.58's figures on this machine kind.
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
import { collectGarbage } from './collect-garbage.js';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { parseCommandLine, positiveInt, usageError } from './cli-args.js';
import * as ray from '../dist/index.js';
import {
  AsyncSmallActor, SmallActor, callActorBatch, callActorBatchWithArg, createObjectContainingRefs, noop,
  type SmallActorHandle,
} from './bench-tasks.js';

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
  '1:1 actor calls sync': 1277.47,
  '1:1 actor calls async': 5520.17,
  '1:1 actor calls concurrent': 6060.27,
  '1:n actor calls async': 5021.52,
  'n:n actor calls async': 5311.1,
  'n:n actor calls with arg async': 1783.86,
  '1:1 async-actor calls sync': 867.05,
  '1:1 async-actor calls async': 2708.54,
  '1:1 async-actor calls with args async': 2156.16,
  '1:n async-actor calls async': 2922.66,
  'n:n async-actor calls async': 2997.36,
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
  --num-cpus <N>    CPUs of the tsray node and threads of the piscina baseline (default 2);
                    the actor baseline has min(4, N) host threads, as tsray has shared actor hosts`;

function parseConfig(): Config {
  const { values, positionals } = parseCommandLine('microbenchmark', USAGE, {
    quick: { type: 'boolean' },
    only: { type: 'string', multiple: true },
    'num-cpus': { type: 'string' },
  });
  if (positionals.length > 0) usageError('microbenchmark', USAGE, `unknown argument ${positionals[0]}`);
  const quick = values.quick === true;
  const only = ((values.only as string[] | undefined) ?? []).map((o) => o.toLowerCase());
  const numCpus = positiveInt('microbenchmark', USAGE, '--num-cpus', values['num-cpus'] as string | undefined, 2);
  return quick
    ? { quick, only, numCpus, warmupMs: 200, rounds: 5, roundMs: 200 }
    : { quick, only, numCpus, warmupMs: 1000, rounds: 5, roundMs: 1000 };
}

// ---------------------------------------------------------------------------------------------
// Measurement

/** One benchmark function: a call does `items` units of the metric. */
interface Subject {
  /** A synchronous function is called in a plain loop, with no `await` per call. */
  fn: () => unknown;
  sync?: boolean;
  /** Releases what the subject made (actors, baseline objects), after its metric. */
  close?: () => Promise<void> | void;
}

interface Metric {
  name: string;
  /** Units per call (Ray's `multiplier`): 1000 for "tasks async", else 1. */
  items: number;
  /** Makes the tsray subject (after init); may submit setup work and wait for it. */
  tsray: () => Promise<Subject>;
  /** The raw subject doing the same work, where there is one. */
  baseline?: (raw: RawBaselines) => Promise<Subject>;
  /** What the baseline is: 'piscina' (default) or 'threads' (RawActorThreads). */
  baselineKind?: BaselineKind;
}

type BaselineKind = 'piscina' | 'threads';

/** The raw baselines of a run, shared by the metrics. */
interface RawBaselines {
  pool: Piscina;
  /** Started on first use. */
  actorThreads(): RawActorThreads;
}

interface Result {
  name: string;
  tsray: Stats;
  baseline: Stats | undefined;
  baselineKind: BaselineKind;
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


/** Between metrics: collect garbage and let finalizers run, so one metric's refs do not weigh on the next. */
async function settle(): Promise<void> {
  collectGarbage?.();
  for (let i = 0; i < 3; i++) await nextMacrotask();
}

async function measure(metric: Metric, raw: RawBaselines, cfg: Config): Promise<Result> {
  const subjects: Array<{ label: 'tsray' | 'baseline'; s: Subject; step: number; rates: number[] }> = [];
  try {
    const t = await metric.tsray();
    subjects.push({ label: 'tsray', s: t, step: 1, rates: [] });
    subjects[0]!.step = await warmUp(t, cfg);
    if (metric.baseline) {
      const b = await metric.baseline(raw);
      subjects.push({ label: 'baseline', s: b, step: 1, rates: [] });
      subjects[1]!.step = await warmUp(b, cfg);
    }
    for (let r = 0; r < cfg.rounds; r++) {
      for (const sub of subjects) {
        const { calls, seconds } = await timedLoop(sub.s, sub.step, cfg.roundMs);
        sub.rates.push((calls * metric.items) / seconds);
      }
    }
  } finally {
    for (const sub of subjects) await sub.s.close?.();
  }
  const base = subjects.find((x) => x.label === 'baseline');
  return {
    name: metric.name,
    tsray: stats(subjects[0]!.rates),
    baseline: base ? stats(base.rates) : undefined,
    baselineKind: metric.baselineKind ?? 'piscina',
  };
}

// ---------------------------------------------------------------------------------------------
// The raw baseline of the actor metrics

/**
 * What a Node.js program does for actors without a runtime: objects of the same two classes as
 * bench-tasks.ts's actors live in plain worker threads, and callers reach them over MessagePorts.
 * There are min(4, numCpus) host threads, and objects are placed on them round-robin, as tsray
 * places actors with default options on its shared host threads. Each caller has a port of its
 * own to each host thread it calls; a call is one postMessage `[callId, objectId, method, arg]`
 * and its reply one postMessage `[callId, value]`; a port's calls run in order, an async method's
 * reply goes out when its promise settles. The n:n metrics' clients are threads too, one per
 * object with a port to its host; the driver tells each to make 1000 calls and wait for their
 * replies, and hears back when they are in.
 *
 * Why threads and ports, not a piscina pool: an actor is state pinned to one thread, and piscina
 * picks a thread per task, so a pool cannot hold one; piscina's round trip remains the task
 * metrics' baseline. Why one message per call: that is the plain way to write it. tsray batches a
 * turn's messages to a thread into one postMessage, so on the async metrics this baseline is the
 * cost of the straightforward scheme, not a floor on what batching can reach; on the sync metrics
 * (one call in flight) it is the floor of a cross-thread round trip.
 */
const RAW_ACTOR_THREAD_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
class SmallActor { small() { return 0; } smallArg(x) { return 0; } }
class AsyncSmallActor { async small() { return 0; } async smallArg(x) { return 0; } }
const classes = { SmallActor, AsyncSmallActor };
const objects = new Map();
let client;
function serve(port) {
  port.on('message', (m) => {
    const id = m[0];
    const r = objects.get(m[1])[m[2]](m[3]);
    if (r instanceof Promise) r.then((v) => port.postMessage([id, v]));
    else port.postMessage([id, r]);
  });
}
function becomeClient(port, obj) {
  let left = 0;
  port.on('message', () => { if (--left === 0) parentPort.postMessage('ack'); });
  client = { port, run(n, method, arg) { left = n; for (let i = 0; i < n; i++) port.postMessage([i, obj, method, arg]); } };
}
parentPort.on('message', (m) => {
  switch (m.k) {
    case 'create': objects.set(m.obj, new classes[m.cls]()); break;
    case 'delete': objects.delete(m.obj); break;
    case 'serve': serve(m.port); break;
    case 'client': becomeClient(m.port, m.obj); break;
    case 'unclient': client.port.close(); client = undefined; break;
    case 'run': client.run(m.n, m.method, m.arg); return; // acks once the replies are in
  }
  parentPort.postMessage('ack');
});
`;

type ActorClassName = 'SmallActor' | 'AsyncSmallActor';

/** A baseline thread, driven by control messages that it acknowledges in order. */
class RawThread {
  private readonly worker = new Worker(RAW_ACTOR_THREAD_SOURCE, { eval: true });
  private readonly acks: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];

  constructor() {
    this.worker.on('message', () => this.acks.shift()?.resolve());
    this.worker.on('error', (err) => {
      for (const a of this.acks.splice(0)) a.reject(err);
    });
  }

  control(msg: object, transfer: MessagePort[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
      this.acks.push({ resolve, reject });
      this.worker.postMessage(msg, transfer);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** An object in a baseline host thread. */
interface RawObject {
  host: RawThread;
  id: number;
}

/** The n:n baseline's client threads, each connected to its object. */
interface RawClients {
  /** Each client makes `n` calls and waits for their replies; resolves when all are in. */
  run(n: number, method: string, arg?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

class RawActorThreads {
  private readonly hosts: RawThread[];
  private readonly clientThreads: RawThread[] = [];
  private nextObject = 0;

  constructor(hostCount: number) {
    this.hosts = Array.from({ length: hostCount }, () => new RawThread());
  }

  async create(cls: ActorClassName, count: number): Promise<RawObject[]> {
    const objects: RawObject[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.nextObject++;
      const host = this.hosts[id % this.hosts.length]!;
      await host.control({ k: 'create', cls, obj: id });
      objects.push({ host, id });
    }
    return objects;
  }

  async delete(objects: RawObject[]): Promise<void> {
    for (const o of objects) await o.host.control({ k: 'delete', obj: o.id });
  }

  /** A new port to a host thread, which serves calls arriving on it. */
  async connect(host: RawThread): Promise<MessagePort> {
    const { port1, port2 } = new MessageChannel();
    await host.control({ k: 'serve', port: port2 }, [port2]);
    return port1;
  }

  async clients(objects: RawObject[]): Promise<RawClients> {
    while (this.clientThreads.length < objects.length) this.clientThreads.push(new RawThread());
    const clients = this.clientThreads.slice(0, objects.length);
    for (const [i, o] of objects.entries()) {
      const { port1, port2 } = new MessageChannel();
      await o.host.control({ k: 'serve', port: port1 }, [port1]);
      await clients[i]!.control({ k: 'client', port: port2, obj: o.id }, [port2]);
    }
    return {
      run: (n, method, arg) => Promise.all(clients.map((c) => c.control({ k: 'run', n, method, arg }))),
      close: async () => {
        for (const c of clients) await c.control({ k: 'unclient' });
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.hosts, ...this.clientThreads].map((t) => t.terminate()));
  }
}

/** The driver's side of the baseline: a port per host thread it calls, a promise per call. */
class RawCaller {
  private nextCall = 0;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private readonly ports = new Map<RawThread, MessagePort>();

  static async connect(threads: RawActorThreads, objects: RawObject[]): Promise<RawCaller> {
    const caller = new RawCaller();
    for (const o of objects) {
      if (caller.ports.has(o.host)) continue;
      const port = await threads.connect(o.host);
      port.on('message', (m: [number, unknown]) => {
        const resolve = caller.pending.get(m[0])!;
        caller.pending.delete(m[0]);
        resolve(m[1]);
      });
      caller.ports.set(o.host, port);
    }
    return caller;
  }

  call(o: RawObject, method: string, arg?: unknown): Promise<unknown> {
    const id = this.nextCall++;
    const port = this.ports.get(o.host)!;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      port.postMessage([id, o.id, method, arg]);
    });
  }

  close(): void {
    for (const port of this.ports.values()) port.close();
  }
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


// Actor metrics. Ray's actors return b"ok"; these return 0, as the tasks above do. Actors are
// created with default options (shared host threads) unless the metric says otherwise, and are
// killed after their metric.

/** Clients and actors of the n:n metrics (Ray's m = 4 client tasks), and actors of 1:n. */
const N_ACTORS = 4;

function makeActors(cls: ActorClassName, count: number, options?: ray.ActorOptions): SmallActorHandle[] {
  const actors: SmallActorHandle[] = [];
  for (let i = 0; i < count; i++) {
    if (cls === 'SmallActor') actors.push(options ? SmallActor.options(options).remote() : SmallActor.remote());
    else actors.push(options ? AsyncSmallActor.options(options).remote() : AsyncSmallActor.remote());
  }
  return actors;
}

async function killAll(actors: SmallActorHandle[]): Promise<void> {
  for (const a of actors) await ray.kill(a);
}

/** Ray's `actor_sync`: one call at a time, `await ray.get(a.small.remote())`. */
function actorSyncMetric(name: string, cls: ActorClassName): Metric {
  return {
    name,
    items: 1,
    baselineKind: 'threads',
    tsray: async () => {
      const [a] = makeActors(cls, 1);
      return { fn: () => ray.get(a!.small.remote()), close: () => killAll([a!]) };
    },
    baseline: async (raw) => {
      const threads = raw.actorThreads();
      const [o] = await threads.create(cls, 1);
      const caller = await RawCaller.connect(threads, [o!]);
      return {
        fn: () => caller.call(o!, 'small'),
        close: async () => {
          caller.close();
          await threads.delete([o!]);
        },
      };
    },
  };
}

/**
 * Ray's driver-side batches (`actor_async`, `actor_concurrent`, `async_actor`): 1000 calls
 * submitted round-robin over `count` actors, then got together; `withArg` passes the call's
 * index as the argument, as Ray's `small_value_with_arg.remote(i)`.
 */
function actorBatchMetric(name: string, cls: ActorClassName, count: number, options?: { actor?: ray.ActorOptions; withArg?: boolean }): Metric {
  const withArg = options?.withArg ?? false;
  return {
    name,
    items: BATCH,
    baselineKind: 'threads',
    tsray: async () => {
      const actors = makeActors(cls, count, options?.actor);
      return {
        fn: () => {
          const refs = new Array<ray.ObjectRef<number>>(BATCH);
          for (let i = 0; i < BATCH; i++) {
            const a = actors[i % count]!;
            refs[i] = withArg ? a.smallArg.remote(i) : a.small.remote();
          }
          return ray.get(refs);
        },
        close: () => killAll(actors),
      };
    },
    baseline: async (raw) => {
      const threads = raw.actorThreads();
      const objects = await threads.create(cls, count);
      const caller = await RawCaller.connect(threads, objects);
      return {
        fn: () => {
          const replies = new Array<Promise<unknown>>(BATCH);
          for (let i = 0; i < BATCH; i++) replies[i] = withArg ? caller.call(objects[i % count]!, 'smallArg', i) : caller.call(objects[i % count]!, 'small');
          return Promise.all(replies);
        },
        close: async () => {
          caller.close();
          await threads.delete(objects);
        },
      };
    },
  };
}

/**
 * Ray's n:n metrics: N_ACTORS client tasks, each given an actor of its own, submit 1000 calls
 * to it and get them (bench-tasks.ts `callActorBatch`); per call. `withArg`: each call takes a
 * ref to a small object the client put, as Ray's `Client.small_value_batch_arg` (`ray.put(0)`);
 * the baseline passes the value 0 in each call's message.
 *
 * Ray's `n:n actor calls async` runs m = 4 `work` tasks that share cpu_count / 2 actors, and its
 * `with arg` variant uses Client actors rather than tasks; here both are client tasks with an
 * actor each, so the two metrics differ only in the argument.
 */
function clientTasksMetric(name: string, cls: ActorClassName, withArg: boolean): Metric {
  return {
    name,
    items: N_ACTORS * BATCH,
    baselineKind: 'threads',
    tsray: async () => {
      const actors = makeActors(cls, N_ACTORS);
      const client = withArg ? callActorBatchWithArg : callActorBatch;
      return {
        fn: () => ray.get(actors.map((a) => client.remote(a, BATCH))),
        close: () => killAll(actors),
      };
    },
    baseline: async (raw) => {
      const threads = raw.actorThreads();
      const objects = await threads.create(cls, N_ACTORS);
      const clients = await threads.clients(objects);
      return {
        fn: () => (withArg ? clients.run(BATCH, 'smallArg', 0) : clients.run(BATCH, 'small')),
        close: async () => {
          await clients.close();
          await threads.delete(objects);
        },
      };
    },
  };
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
    baseline: async ({ pool }) => ({ fn: () => runBatchOnPool(pool) }),
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
    baseline: async ({ pool }) => ({ fn: () => piscinaWaitOneByOne(pool, BATCH) }),
  },
  {
    name: 'single client tasks sync',
    items: 1,
    tsray: async () => ({ fn: () => ray.get(noop.remote()) }),
    baseline: async ({ pool }) => ({ fn: () => pool.run(null) }),
  },
  {
    name: 'single client tasks async',
    items: BATCH,
    tsray: async () => ({ fn: submitBatchAndGet }),
    baseline: async ({ pool }) => ({ fn: () => runBatchOnPool(pool) }),
  },
  actorSyncMetric('1:1 actor calls sync', 'SmallActor'),
  actorBatchMetric('1:1 actor calls async', 'SmallActor', 1),
  // Ray's is a threaded actor (max_concurrency=16) with a sync method; a JS actor runs calls
  // concurrently only through async methods, so this is the async class capped at 16 in flight.
  // The baseline thread runs its calls with no cap (with a method that never awaits, a cap
  // changes nothing there).
  actorBatchMetric('1:1 actor calls concurrent', 'AsyncSmallActor', 1, { actor: { maxConcurrency: 16 } }),
  // Ray's is one Client actor calling cpu_count / 2 actors 5000 times each; here the driver
  // spreads its 1000 calls over N_ACTORS actors.
  actorBatchMetric('1:n actor calls async', 'SmallActor', N_ACTORS),
  clientTasksMetric('n:n actor calls async', 'SmallActor', false),
  clientTasksMetric('n:n actor calls with arg async', 'SmallActor', true),
  actorSyncMetric('1:1 async-actor calls sync', 'AsyncSmallActor'),
  actorBatchMetric('1:1 async-actor calls async', 'AsyncSmallActor', 1),
  actorBatchMetric('1:1 async-actor calls with args async', 'AsyncSmallActor', 1, { withArg: true }),
  actorBatchMetric('1:n async-actor calls async', 'AsyncSmallActor', N_ACTORS),
  clientTasksMetric('n:n async-actor calls async', 'AsyncSmallActor', false),
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
  const rows = [['metric (per second)', 'tsray', 'baseline', 'tsray/baseline', 'Ray 2.58', 'tsray/Ray', 'baseline is']];
  for (const r of results) {
    const rayFigure = RAY_2_58[r.name];
    rows.push([
      r.name,
      fmt(r.tsray.median),
      r.baseline ? fmt(r.baseline.median) : 'n/a',
      ratio(r.tsray.median, r.baseline?.median),
      rayFigure === undefined ? 'n/a' : fmt(rayFigure),
      ratio(r.tsray.median, rayFigure),
      r.baseline ? r.baselineKind : '',
    ]);
  }
  return table(rows);
}

// ---------------------------------------------------------------------------------------------
// Main

/** Host threads of the actor baseline: as many as tsray's shared actor hosts, min(4, numCpus). */
function rawHostThreads(cfg: Config): number {
  return Math.max(1, Math.min(4, cfg.numCpus));
}

async function main(): Promise<void> {
  const cfg = parseConfig();
  const metrics = cfg.only.length === 0 ? METRICS : METRICS.filter((m) => cfg.only.some((o) => m.name.toLowerCase().includes(o)));
  if (metrics.length === 0) usageError('microbenchmark', USAGE, `no metric matches --only ${cfg.only.join(', ')}; metrics are:\n  ${METRICS.map((m) => m.name).join('\n  ')}`);

  console.log(`# tsray microbenchmark (compiled dist/), Node ${process.version}, numCpus ${cfg.numCpus}; ` +
    `baselines: raw piscina ${cfg.numCpus} threads (piscina), objects in ${rawHostThreads(cfg)} plain worker threads over MessagePorts (threads); ${cfg.rounds} rounds of ${cfg.roundMs} ms after ${cfg.warmupMs} ms warm-up, median +- sd` +
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
  let actorThreads: RawActorThreads | undefined;
  const raw: RawBaselines = { pool, actorThreads: () => (actorThreads ??= new RawActorThreads(rawHostThreads(cfg))) };
  const results: Result[] = [];
  const started = performance.now();
  try {
    for (const [i, metric] of metrics.entries()) {
      console.error(`[${i + 1}/${metrics.length}] ${metric.name}${metric.baseline ? ` (tsray and ${metric.baselineKind ?? 'piscina'})` : ''} ... (${((performance.now() - started) / 1000).toFixed(1)} s elapsed)`);
      await settle();
      const result = await measure(metric, raw, cfg);
      results.push(result);
      const rounds = (st: Stats): string => st.rounds.map(fmt).join(' ');
      const mib = (n: number): string => `${Math.round(n / 2 ** 20)} MiB`;
      const mem = process.memoryUsage();
      console.error(`      rounds: tsray ${rounds(result.tsray)}${result.baseline ? `; ${result.baselineKind} ${rounds(result.baseline)}` : ''}` +
        ` (rss ${mib(mem.rss)}, heap ${mib(mem.heapUsed)})`);
      console.log(line('', result.name, result.tsray));
      if (result.baseline) console.log(line(`${result.baselineKind}: `, result.name, result.baseline));
    }
  } finally {
    await actorThreads?.close();
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
