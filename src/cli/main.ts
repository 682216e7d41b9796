#!/usr/bin/env node
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { stop } from './stop.js';
import { start, type StartOptions } from './start.js';
import { status } from './status.js';
import { InvalidArgumentError } from '../common/errors.js';
import { authTokenPath, ensureAuthToken, findAuthToken } from '../auth/auth-token.js';
import { generateTestCertificates } from '../auth/tls-certificates.js';
import { tlsSettingsFrom } from '../auth/tls-config.js';
import { addJobCommands } from './job.js';

/** The `tsray` command. Cluster commands (start/stop/status) arrive with cluster mode. */

interface TlsFlags {
  tls?: boolean;
  tlsServerCert?: string;
  tlsServerKey?: string;
  tlsCaCert?: string;
}

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
  .option('--port <port>', "the GCS's port, with --head (default 6380; 0: a free one)")
  .option('--num-cpus <n>', 'CPUs of this node (default: the machine\'s)')
  .option('--num-gpus <n>', 'GPUs of this node (default: those nvidia-smi finds)')
  .option('--resources <json>', 'custom resources of this node, e.g. \'{"TPU": 4}\'')
  .option('--object-store-memory <bytes>', "bytes of this node's object store (default 30% of RAM)")
  .option('--node-ip-address <ip>', 'the address other nodes and drivers reach this node at; its servers listen there', '127.0.0.1')
  .option('--host <ip>', "with --head: the address the GCS listens on (default: --node-ip-address; 0.0.0.0: every interface)")
  .option('--tls', 'encrypt every gRPC connection with TLS (as env TSRAY_USE_TLS=1); needs the three files below')
  .option('--tls-server-cert <file>', "this node's certificate, PEM (env TSRAY_TLS_SERVER_CERT)")
  .option('--tls-server-key <file>', "this node's private key, PEM (env TSRAY_TLS_SERVER_KEY)")
  .option('--tls-ca-cert <file>', 'the CA that signed every node\'s certificate, PEM (env TSRAY_TLS_CA_CERT)')
  .option('--auth-mode <mode>', '"token" (default): every call needs the cluster token; "disabled": anyone who reaches the ports may run code (closed networks only)')
  .option('--redis-address <host:port>', "with --head: keep the GCS's tables in this Redis (redis:// or rediss:// for TLS), so a restarted GCS recovers the cluster")
  .option('--redis-password <password>', 'with --redis-address: Redis AUTH password (or env TSRAY_REDIS_PASSWORD, which `ps` does not show)')
  .option('--redis-username <user>', 'with --redis-address: Redis 6 ACL user')
  .option('--redis-tls', 'with --redis-address: connect to Redis over TLS (CA and client certificate from env TSRAY_REDIS_CA_CERT, TSRAY_REDIS_CLIENT_CERT, TSRAY_REDIS_CLIENT_KEY)')
  .option('--cluster-name <name>', "with --redis-address: prefix of this cluster's keys, so clusters can share one Redis (default \"default\")")
  .option('--gcs-only', "with --head: start only a GCS; restarts this machine's head GCS if it stopped (same port, same Redis)")
  .option('--dashboard-port <port>', "with --head: the port of the dashboard and job API (default 8265, Ray's; 0: a free one)")
  .option('--gcs-reconnect-timeout-s <s>', "seconds this node's raylet runs on without reaching the GCS before it exits (default 60)")
  .action(async (opts: StartOptions & TlsFlags) => {
    // The daemons inherit this process's environment, as they would Ray's variables.
    if (opts.tls) process.env.TSRAY_USE_TLS = '1';
    if (opts.tlsServerCert) process.env.TSRAY_TLS_SERVER_CERT = opts.tlsServerCert;
    if (opts.tlsServerKey) process.env.TSRAY_TLS_SERVER_KEY = opts.tlsServerKey;
    if (opts.tlsCaCert) process.env.TSRAY_TLS_CA_CERT = opts.tlsCaCert;
    tlsSettingsFrom(process.env); // files checked before anything starts
    if (opts.authMode === 'disabled') {
      console.error('tsray: WARNING: --auth-mode disabled: this node accepts calls from anyone who can reach its ports, and they can ' +
        'run any code as this user. Use it only on a closed network; without it, every call needs the cluster token.');
    }
    const node = await start(opts);
    if (node.createdToken) console.log(`tsray: created the cluster auth token in ${node.createdToken} (mode 0600); print it with \`tsray get-auth-token\`.`);
    if (node.restartedGcs) {
      const r = node.restored;
      console.log(node.storage === 'redis'
        ? `tsray: restarted the GCS of the head node at ${node.gcsAddress}; recovered from Redis: ${r?.nodes ?? 0} node(s), ${r?.jobs ?? 0} job(s), ${r?.actors ?? 0} actor(s). Logs: ${node.nodeDir}/logs`
        : `tsray: restarted the GCS of the head node at ${node.gcsAddress} (in memory: its tables start empty and the nodes register again). Logs: ${node.nodeDir}/logs`);
      return;
    }
    if (opts.gcsOnly) {
      console.log(`tsray: started a GCS-only head node (GCS at ${node.gcsAddress}). Add nodes with: tsray start --address ${node.gcsAddress}. Logs: ${node.nodeDir}/logs`);
      return;
    }
    console.log(node.isHead
      ? `tsray: started a head node (GCS at ${node.gcsAddress}, node ${node.nodeId}).\n` +
        `  Job API:           ${node.dashboardAddress}\n` +
        `  Connect a driver:  ray.init({ address: '${node.gcsAddress}' })  or  TSRAY_ADDRESS=${node.gcsAddress}\n` +
        `  Add a node:        tsray start --address ${node.gcsAddress}\n` +
        `  Submit a job:      tsray job submit --address ${node.dashboardAddress} --working-dir . -- node main.js\n` +
        `  Stop everything:   tsray stop\n  Logs:              ${node.nodeDir}/logs`
      : `tsray: started node ${node.nodeId}, joined the cluster at ${node.gcsAddress}. Logs: ${node.nodeDir}/logs`);
  });

program
  .command('get-auth-token')
  .description("print the cluster auth token this machine uses (TSRAY_AUTH_TOKEN, TSRAY_AUTH_TOKEN_PATH or ~/.tsray/auth_token)")
  .option('--generate', 'make a token (0600 in ~/.tsray/auth_token, or TSRAY_AUTH_TOKEN_PATH) when there is none')
  .action((opts: { generate?: boolean }) => {
    const token = opts.generate ? ensureAuthToken().token : findAuthToken();
    if (!token) {
      throw new InvalidArgumentError(`no auth token on this machine (looked in TSRAY_AUTH_TOKEN, TSRAY_AUTH_TOKEN_PATH and ${authTokenPath()}). ` +
        '`tsray start --head` makes one; `tsray get-auth-token --generate` makes one now.');
    }
    console.log(token);
  });

const tls = program.command('tls').description('TLS certificates for a cluster');
tls
  .command('generate')
  .description('make a CA and a node certificate (ECDSA P-256) for a test cluster, and print the variables that use them')
  .requiredOption('--out <dir>', 'folder to write ca.crt, ca.key, node.crt and node.key into (created 0700; keys 0600)')
  .option('--hosts <list>', 'comma-separated DNS names and IP addresses the certificate is valid for', 'localhost,127.0.0.1,::1')
  .option('--days <n>', 'days the certificates are valid', '365')
  .action(async (opts: { out: string; hosts: string; days: string }) => {
    const days = Number(opts.days);
    if (!(Number.isInteger(days) && days > 0)) throw new InvalidArgumentError(`--days must be a positive whole number, got "${opts.days}".`);
    const hosts = opts.hosts.split(',').map((h) => h.trim()).filter(Boolean);
    if (hosts.length === 0) throw new InvalidArgumentError('--hosts must name at least one host.');
    const certs = await generateTestCertificates(hosts, days);
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true, mode: 0o700 });
    const files: Array<[string, string, number]> = [['ca.crt', certs.caCert, 0o644], ['ca.key', certs.caKey, 0o600], ['node.crt', certs.cert, 0o644], ['node.key', certs.key, 0o600]];
    for (const [name, text, mode] of files) writeFileSync(join(out, name), text, { mode });
    console.log(`# tsray: wrote a CA and a node certificate for ${hosts.join(', ')} into ${out}. Use them with:\n` +
      `export TSRAY_USE_TLS=1\nexport TSRAY_TLS_SERVER_CERT=${join(out, 'node.crt')}\nexport TSRAY_TLS_SERVER_KEY=${join(out, 'node.key')}\nexport TSRAY_TLS_CA_CERT=${join(out, 'ca.crt')}`);
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
  .option('--timeout <s>', 'seconds to wait for a GCS that is down (restarting) before giving up', '15')
  .action(async (opts: { address?: string; timeout: string }) => {
    const timeoutS = Number(opts.timeout);
    if (!(timeoutS > 0)) throw new InvalidArgumentError(`--timeout must be a positive number of seconds, got "${opts.timeout}".`);
    console.log(await status(opts.address, { timeoutMs: timeoutS * 1000 }));
  });

addJobCommands(program);

try {
  await program.parseAsync();
} catch (e) {
  // tsray's errors say what went wrong and what to do: print them without a stack.
  console.error(`tsray: ${(e as Error).message}`);
  process.exit(1);
}
