#!/usr/bin/env node
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { stop } from './stop.js';

/** The `tsray` command. Cluster commands (start/stop/status) arrive with cluster mode. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

const program = new Command()
  .name('tsray')
  .description('tsray: a TypeScript-native distributed task runtime with the semantics of Ray')
  .version(pkg.version);

program
  .command('microbenchmark')
  .description("run Ray's microbenchmark metrics on an embedded cluster, next to a raw piscina pool")
  .option('--quick', 'short rounds (a smoke run)')
  .option('--only <substring>', 'run only the metrics whose name contains this')
  .action((opts: { quick?: boolean; only?: string }) => {
    const script = `${root}bench/microbenchmark.ts`;
    if (!existsSync(script)) {
      console.error(`tsray microbenchmark: ${script} is missing; it ships with the source package (git clone).`);
      process.exit(2);
    }
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const args = [tsx, script, ...(opts.quick ? ['--quick'] : []), ...(opts.only ? ['--only', opts.only] : [])];
    const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  });

program
  .command('stop')
  .description("stop tsray on this machine: remove the shared-memory segments and temp folders of sessions whose process is gone")
  .action(() => {
    const { segments } = stop();
    console.log(`tsray stop: removed ${segments} shared-memory segment(s) of ended sessions.`);
  });

await program.parseAsync();
