/**
 * The head's dashboard process (Ray's dashboard role), serving the Jobs REST API:
 * `node dist/head/dashboard-main.js --gcs-address HOST:PORT --node-dir DIR [--host H] [--port P]
 * [--node-id ID] [--free-port-if-busy] [--gcs-reconnect-timeout-s S]`. Job records live in the GCS KV, so this process holds no state a GCS restart
 * loses; it runs each job's entrypoint in a process group of its own. Once listening it prints
 * `{"dashboardPort":N}` on stdout (how `tsray start` learns a port chosen with --port 0).
 * SIGTERM stops the running jobs, then the server, and it exits 0. So does a GCS it cannot reach
 * for S seconds (default 60, env TSRAY_GCS_RECONNECT_TIMEOUT_S), as the head's raylet does: a
 * cluster whose GCS is gone for good leaves no job server behind.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../common/errors.js';
import { clusterAuth } from '../auth/cluster-auth.js';
import { clusterTls } from '../auth/tls-config.js';
import { GcsClient } from '../gcs/gcs-client.js';
import { JobManager } from '../jobs/job-manager.js';
import { JobServer } from '../jobs/job-server.js';
import { tsrayPackageRoot } from '../jobs/job-working-dir.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'gcs-address': { type: 'string' },
      'node-dir': { type: 'string' },
      'node-id': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'free-port-if-busy': { type: 'boolean' },
      'gcs-reconnect-timeout-s': { type: 'string' },
    },
    strict: true,
  });
  const gcsAddress = values['gcs-address'];
  const nodeDir = values['node-dir'];
  if (!gcsAddress || !nodeDir) throw new InvalidArgumentError('dashboard-main needs --gcs-address HOST:PORT and --node-dir DIR.');
  const reconnect = values['gcs-reconnect-timeout-s'] ?? process.env.TSRAY_GCS_RECONNECT_TIMEOUT_S ?? '60';
  const reconnectS = Number(reconnect);
  if (!(reconnectS > 0)) throw new InvalidArgumentError(`--gcs-reconnect-timeout-s must be a positive number of seconds, got "${reconnect}".`);
  const port = Number(values.port ?? 8265);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`--port must be a port number (0: a free one), got "${values.port}".`);
  // A GCS that restarts is waited for (calls retry), so the API answers across a restart.
  const gcs = new GcsClient(gcsAddress, { retryForMs: 30_000 });
  const jobsDir = join(nodeDir, 'jobs');
  mkdirSync(jobsDir, { recursive: true, mode: 0o700 });
  const manager = new JobManager({ gcs, gcsAddress, jobsDir, logsDir: join(nodeDir, 'logs'), ...(values['node-id'] ? { nodeId: values['node-id'] } : {}) });
  const version = (JSON.parse(readFileSync(join(tsrayPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const server = new JobServer({ host: values.host ?? '127.0.0.1', port, manager, auth: clusterAuth(), tls: clusterTls(), version, sessionName: basename(nodeDir) });

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    console.error(`tsray dashboard: ${why}: stopping the running jobs and the server`);
    manager.close().then(() => server.stop()).then(() => {
      gcs.close();
      process.exit(0);
    }, (e: unknown) => {
      console.error('tsray dashboard: shutdown failed:', e);
      process.exit(1);
    });
  };
  let lastContact = Date.now();
  const watch = setInterval(() => {
    gcs.getClusterInfo({ timeoutMs: 2000 }).then(() => {
      lastContact = Date.now();
    }, () => {
      if (Date.now() - lastContact > reconnectS * 1000) stop(`could not reach the GCS at ${gcsAddress} for ${reconnectS} s (gcs reconnect timeout)`);
    });
  }, 1000);
  watch.unref();
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  let bound: number;
  try {
    bound = await server.start();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !values['free-port-if-busy']) throw e;
    console.error(`tsray dashboard: port ${port} is taken (another cluster on this machine?); the job API takes a free port instead`);
    bound = await server.start(0);
  }
  manager.failOrphans().then(
    (n) => n > 0 && console.error(`tsray dashboard: ${n} job(s) a previous job server ran are marked FAILED`),
    (e: unknown) => console.error(`tsray dashboard: could not check for jobs a previous job server ran: ${(e as Error).message}`),
  );
  process.stdout.write(`${JSON.stringify({ dashboardPort: bound, pid: process.pid })}\n`);
  console.error(`tsray dashboard: the job API listens on ${clusterTls() ? 'https' : 'http'}://${values.host ?? '127.0.0.1'}:${bound}`);
}

main().catch((err: unknown) => {
  console.error('tsray dashboard: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
