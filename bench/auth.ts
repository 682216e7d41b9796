/**
 * The per-call cost of token authentication on the task path (issue 13): cross-node no-op
 * tasks and cross-node actor calls on a 2-node cluster with `--auth-mode token`, next to the
 * same cluster with `--auth-mode disabled` and no token anywhere (so no call carries one).
 * Clusters of the two modes alternate, each measured in a process of its own (a process reads
 * its token once), and the medians over all rounds of a mode are compared.
 *
 *   npm run build && node_modules/.bin/tsx bench/auth.ts [--quick]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli-args.js';

const USAGE = 'usage: tsx bench/auth.ts [--quick]';
const { values } = parseCommandLine('auth', USAGE, { quick: { type: 'boolean' }, child: { type: 'string' } });
const quick = values.quick === true;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Rates {
  tasks: number[];
  calls: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One cluster of one mode, measured from this process (the driver). */
async function measure(mode: string): Promise<Rates> {
  const env = { ...process.env };
  const cli = (...args: string[]) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { env, encoding: 'utf8' });
  const ray = await import('../dist/index.js');
  const { SmallActor, noop } = await import('./bench-tasks.js');
  const rates: Rates = { tasks: [], calls: [] };
  try {
    const head = cli('start', '--head', '--port', '0', '--num-cpus', '1', '--auth-mode', mode);
    const address = /GCS at (\S+?),/.exec(head)![1]!;
    cli('start', '--address', address, '--num-cpus', '2', '--auth-mode', mode);
    await ray.init({ address });
    const other = (await ray.nodes()).find((n) => !n.isHead)!;
    const there = { schedulingStrategy: { nodeId: other.nodeId, soft: false } };
    const batch = quick ? 300 : 1000;
    const actor = SmallActor.options(there).remote();
    // Untimed: worker threads start and import their modules.
    await ray.get(Array.from({ length: 50 }, () => noop.options(there).remote()));
    await ray.get(actor.small.remote());
    for (let r = 0; r < (quick ? 3 : 6); r++) {
      let t = performance.now();
      await ray.get(Array.from({ length: batch }, () => noop.options(there).remote()));
      rates.tasks.push(batch / ((performance.now() - t) / 1000));
      t = performance.now();
      await ray.get(Array.from({ length: batch }, () => actor.small.remote()));
      rates.calls.push(batch / ((performance.now() - t) / 1000));
    }
    await ray.shutdown();
  } finally {
    cli('stop');
  }
  return rates;
}

if (typeof values.child === 'string') {
  console.log(JSON.stringify(await measure(values.child)));
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'tsray-bench-auth-'));
const token = randomBytes(32).toString('hex');
const all: Record<string, Rates> = { token: { tasks: [], calls: [] }, disabled: { tasks: [], calls: [] } };
try {
  for (let i = 0; i < (quick ? 2 : 3); i++) {
    for (const mode of ['token', 'disabled'] as const) {
      // Disabled: no token in the environment and a home without one, so nothing sends it.
      const { TSRAY_AUTH_TOKEN: _t, TSRAY_AUTH_TOKEN_PATH: _p, ...base } = process.env;
      const env = mode === 'token' ? { ...base, TMPDIR: tmp, TSRAY_AUTH_TOKEN: token } : { ...base, TMPDIR: tmp, HOME: tmp };
      const out = execFileSync(process.execPath, ['--import', 'tsx', `${root}bench/auth.ts`, '--child', mode, ...(quick ? ['--quick'] : [])], { env, encoding: 'utf8' });
      const rates = JSON.parse(out.trim().split('\n').pop()!) as Rates;
      all[mode]!.tasks.push(...rates.tasks);
      all[mode]!.calls.push(...rates.calls);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const row = (what: keyof Rates) => {
  const on = median(all.token![what]);
  const off = median(all.disabled![what]);
  return `${on.toFixed(0)}/s with token auth, ${off.toFixed(0)}/s without (ratio ${(on / off).toFixed(2)})`;
};
console.log('# token authentication on the task path (2 nodes on loopback, compiled dist/), medians');
console.log(`cross-node no-op tasks: ${row('tasks')}`);
console.log(`cross-node actor calls: ${row('calls')}`);
