#!/usr/bin/env node
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { stop } from './stop.js';
import { start, type StartOptions } from './start.js';
import { status } from './status.js';

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
  .command('start')
  .description('start a node: the head of a new cluster (--head), or one that joins a cluster (--address)')
  .option('--head', 'start a head node: the GCS and a raylet')
  .option('--address <host:port>', "join the cluster whose GCS is at this address")
  .option('--port <port>', "the GCS's port, with --head", '6380')
  .option('--num-cpus <n>', 'CPUs of this node (default: the machine\'s)')
  .option('--num-gpus <n>', 'GPUs of this node (default: those nvidia-smi finds)')
  .option('--resources <json>', 'custom resources of this node, e.g. \'{"TPU": 4}\'')
  .option('--object-store-memory <bytes>', "bytes of this node's object store (default 30% of RAM)")
  .option('--node-ip-address <ip>', 'the address other nodes and drivers reach this node at', '127.0.0.1')
  .action(async (opts: StartOptions) => {
    const node = await start(opts);
    console.log(node.isHead
      ? `tsray: started a head node (GCS at ${node.gcsAddress}, node ${node.nodeId}).\n` +
        `  Connect a driver:  ray.init({ address: '${node.gcsAddress}' })  or  TSRAY_ADDRESS=${node.gcsAddress}\n` +
        `  Add a node:        tsray start --address ${node.gcsAddress}\n` +
        `  Stop everything:   tsray stop\n  Logs:              ${node.nodeDir}/logs`
      : `tsray: started node ${node.nodeId}, joined the cluster at ${node.gcsAddress}. Logs: ${node.nodeDir}/logs`);
  });

program
  .command('stop')
  .description('stop every node started on this machine, and remove what ended sessions left (shared memory, temp folders)')
  .action(async () => {
    const r = await stop();
    console.log(`tsray stop: stopped ${r.raylets} raylet(s) and ${r.gcs} GCS(es); removed ${r.segments} shared-memory segment(s) of ended sessions.`);
  });

program
  .command('status')
  .description("show the cluster's nodes, resources used/total and pending work")
  .option('--address <host:port>', 'the GCS (default: TSRAY_ADDRESS, else the cluster started on this machine)')
  .action(async (opts: { address?: string }) => {
    console.log(await status(opts.address));
  });

try {
  await program.parseAsync();
} catch (e) {
  // tsray's errors say what went wrong and what to do: print them without a stack.
  console.error(`tsray: ${(e as Error).message}`);
  process.exit(1);
}
