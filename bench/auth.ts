/**
 * The per-call cost of token authentication and of TLS on the task path (issue 13): cross-node
 * no-op tasks and cross-node actor calls on a 2-node cluster with `--auth-mode token`, and with
 * the token and TLS (mutual, certificates from `tsray tls generate`), next to the same cluster
 * with `--auth-mode disabled`, no token anywhere (so no call carries one) and no TLS. Clusters
 * of the three kinds alternate, each measured in a process of its own (a process reads its
 * token and TLS settings once), and the medians over all rounds of a kind are compared.
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
import { median } from './bench-cluster.js';

const USAGE = 'usage: tsx bench/auth.ts [--quick]';
const { values } = parseCommandLine('auth', USAGE, { quick: { type: 'boolean' }, child: { type: 'string' } });
const quick = values.quick === true;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Rates {
  tasks: number[];
  calls: number[];
}

/** One cluster of one mode, measured from this process (the driver). */
async function measure(mode: string): Promise<Rates> {
  const env = { ...process.env };
  const cli = (...args: string[]) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { env, encoding: 'utf8' });
  const ray = await import('../dist/index.js');
  const { SmallActor, noop } = await import('./bench-tasks.js');
  const rates: Rates = { tasks: [], calls: [] };
  try {
    const auth = mode === 'none' ? 'disabled' : 'token';
    const head = cli('start', '--head', '--port', '0', '--num-cpus', '1', '--auth-mode', auth);
    const address = /GCS at (\S+?),/.exec(head)![1]!;
    cli('start', '--address', address, '--num-cpus', '2', '--auth-mode', auth);
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
const MODES = ['none', 'token', 'token+tls'] as const;
const all = Object.fromEntries(MODES.map((m) => [m, { tasks: [] as number[], calls: [] as number[] }])) as Record<(typeof MODES)[number], Rates>;
try {
  const certs = join(tmp, 'certs');
  execFileSync(process.execPath, [`${root}dist/cli/main.js`, 'tls', 'generate', '--out', certs]);
  const tls = { TSRAY_USE_TLS: '1', TSRAY_TLS_SERVER_CERT: join(certs, 'node.crt'), TSRAY_TLS_SERVER_KEY: join(certs, 'node.key'), TSRAY_TLS_CA_CERT: join(certs, 'ca.crt') };
  const { TSRAY_AUTH_TOKEN: _t, TSRAY_AUTH_TOKEN_PATH: _p, TSRAY_USE_TLS: _u, ...base } = process.env;
  for (let i = 0; i < (quick ? 2 : 3); i++) {
    for (const mode of MODES) {
      // Without auth: no token in the environment and a home without one, so nothing sends it.
      const env = mode === 'none' ? { ...base, TMPDIR: tmp, HOME: tmp }
        : { ...base, TMPDIR: tmp, TSRAY_AUTH_TOKEN: token, ...(mode === 'token+tls' ? tls : {}) };
      const out = execFileSync(process.execPath, ['--import', 'tsx', `${root}bench/auth.ts`, '--child', mode, ...(quick ? ['--quick'] : [])],
        { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const rates = JSON.parse(out.trim().split('\n').pop()!) as Rates;
      all[mode].tasks.push(...rates.tasks);
      all[mode].calls.push(...rates.calls);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const row = (what: keyof Rates) => {
  const off = median(all.none[what]);
  const on = (mode: (typeof MODES)[number]) => `${median(all[mode][what]).toFixed(0)}/s with ${mode === 'token' ? 'the token' : 'the token and TLS'} (ratio ${(median(all[mode][what]) / off).toFixed(2)})`;
  return `${off.toFixed(0)}/s without auth or TLS; ${on('token')}; ${on('token+tls')}`;
};
console.log('# token authentication and TLS on the task path (2 nodes on loopback, compiled dist/), medians');
console.log(`cross-node no-op tasks: ${row('tasks')}`);
console.log(`cross-node actor calls: ${row('calls')}`);
