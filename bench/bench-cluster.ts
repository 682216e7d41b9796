// What the benchmarks share: the median they report, and a CLI cluster of their own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (or installed package) the benchmarks run from. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface BenchCluster {
  /** The private TMPDIR its nodes live in (`tsray stop` there stops only them). */
  tmp: string;
  env: NodeJS.ProcessEnv;
  /** Runs `tsray <args>` and returns its output. */
  cli(...args: string[]): string;
  /** Stops every node started in it and removes its folder. */
  dispose(): void;
}

/**
 * A private TMPDIR for a benchmark's cluster, and the CLI to start it with: the compiled one
 * (dist/), or with `fromSource` the TypeScript sources, for benches whose tasks live in a .ts
 * module the nodes import from this checkout.
 */
export function benchCluster(name: string, options: { fromSource?: boolean; env?: NodeJS.ProcessEnv } = {}): BenchCluster {
  const tmp = mkdtempSync(join(tmpdir(), `tsray-bench-${name}-`));
  // Nodes import the bench's task modules from this checkout, with the tsray they run.
  process.env.TSRAY_CODE_SEARCH_PATH = root;
  const env = { ...process.env, TMPDIR: tmp, TSRAY_PACKAGES_DIR: join(tmp, 'packages'), ...options.env };
  const entry = options.fromSource ? ['--import', 'tsx', `${root}src/cli/main.ts`] : [`${root}dist/cli/main.js`];
  const cli = (...args: string[]) => execFileSync(process.execPath, [...entry, ...args], { cwd: root, env, encoding: 'utf8' });
  return {
    tmp,
    env,
    cli,
    dispose: () => {
      try {
        cli('stop');
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
