/**
 * The GCS as a process: `node dist/head/gcs-main.js [--host H] [--port P] [--node-death-timeout-ms MS]
 * [--redis-address HOST:PORT [--redis-password P] [--cluster-name N] ...]` (or under tsx from
 * src/). Options fall back to env TSRAY_GCS_HOST, TSRAY_GCS_PORT, TSRAY_GCS_NODE_DEATH_TIMEOUT_MS,
 * TSRAY_GCS_HEARTBEAT_PERIOD_MS, and the Redis ones to TSRAY_REDIS_* (see gcs-options.ts). With
 * a Redis address the tables live in Redis and a GCS started again against it reloads them;
 * without one they live in memory. Once listening (after loading the tables, which waits while
 * Redis is unreachable) it prints one JSON line on stdout,
 * `{"port":N,"host":"...","pid":N,"clusterId":"...","protocolVersion":"...","storage":"redis"|"memory","restored":{...}}`,
 * which is how a launcher learns a port chosen with --port 0. Logs go to stderr. SIGTERM or
 * SIGINT stops it cleanly (subscriptions end, calls in flight get --shutdown-grace-ms, default
 * 2 s) and it exits 0. A failed storage request never ends it: callers are told to retry.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { InvalidArgumentError } from '../common/errors.js';
import { PROTOCOL_VERSION } from '../rpc/protocol-version.js';
import { GcsServer } from '../gcs/gcs-server.js';
import { storageOptionsFrom } from './gcs-options.js';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'node-death-timeout-ms': { type: 'string' },
      'heartbeat-period-ms': { type: 'string' },
      'resource-broadcast-period-ms': { type: 'string' },
      'shutdown-grace-ms': { type: 'string' },
      'redis-address': { type: 'string' },
      'redis-password': { type: 'string' },
      'redis-username': { type: 'string' },
      'redis-tls': { type: 'boolean' },
      'redis-ca-cert': { type: 'string' },
      'redis-client-cert': { type: 'string' },
      'redis-client-key': { type: 'string' },
      'cluster-name': { type: 'string' },
      'redis-request-timeout-ms': { type: 'string' },
      'redis-retry-for-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: gcs-main [--host 127.0.0.1] [--port 6380] [--node-death-timeout-ms 10000] [--heartbeat-period-ms 1000]\n' +
        '                [--resource-broadcast-period-ms 100] [--shutdown-grace-ms 2000]\n' +
        '                [--redis-address HOST:PORT|rediss://HOST:PORT [--redis-password P] [--redis-username U]\n' +
        '                 [--redis-tls] [--redis-ca-cert F] [--redis-client-cert F --redis-client-key F]\n' +
        '                 [--cluster-name default] [--redis-request-timeout-ms 2000] [--redis-retry-for-ms 5000]]\n' +
        'Starts a tsray GCS and prints {"port": N, ...} on stdout once it listens (--port 0: a free port).\n' +
        'With --redis-address its tables live in Redis under tsray:<cluster-name>:*, and a GCS started again\n' +
        'against that Redis reloads them. Every option falls back to an environment variable (TSRAY_REDIS_PASSWORD, ...).\n',
    );
    return;
  }
  const env = process.env;
  const port = numberOption('port', values.port ?? env.TSRAY_GCS_PORT) ?? 6380;
  // Only this machine unless told otherwise: `tsray start` passes --node-ip-address (or --host).
  const host = values.host ?? env.TSRAY_GCS_HOST ?? '127.0.0.1';
  const redis = storageOptionsFrom(values, env);
  // ioredis is loaded only by a GCS that uses Redis.
  const storage = redis ? new (await import('../gcs/redis-storage.js')).RedisGcsStorage(redis) : undefined;
  const server = new GcsServer({
    host,
    port,
    storage,
    nodeDeathTimeoutMs: numberOption('node-death-timeout-ms', values['node-death-timeout-ms'] ?? env.TSRAY_GCS_NODE_DEATH_TIMEOUT_MS),
    heartbeatPeriodMs: numberOption('heartbeat-period-ms', values['heartbeat-period-ms'] ?? env.TSRAY_GCS_HEARTBEAT_PERIOD_MS),
    resourceBroadcastPeriodMs: numberOption('resource-broadcast-period-ms', values['resource-broadcast-period-ms']),
  });

  const graceMs = numberOption('shutdown-grace-ms', values['shutdown-grace-ms']) ?? 2000;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`tsray gcs: ${signal}: shutting down`);
    server.stop(graceMs).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('tsray gcs: shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const t0 = performance.now();
  if (storage) console.error(`tsray gcs: loading the tables of cluster "${storage.clusterName}" from Redis at ${storage.address}`);
  const bound = await server.start();
  const loadMs = Math.round(performance.now() - t0);
  const r = server.restored;
  process.stdout.write(
    `${JSON.stringify({ port: bound, host, pid: process.pid, clusterId: server.clusterId, protocolVersion: PROTOCOL_VERSION, storage: storage ? 'redis' : 'memory', restored: r, loadMs })}\n`,
  );
  if (storage && r.nodes + r.jobs + r.actors > 0) {
    console.error(`tsray gcs: recovered cluster ${server.clusterId} in ${loadMs} ms: ${r.nodes} node(s) (${r.aliveNodes} alive, each has ${server.nodeDeathTimeoutMs} ms to heartbeat), ${r.jobs} job(s), ${r.actors} actor(s)`);
  }
  console.error(`tsray gcs: listening on ${host}:${bound} (protocol ${PROTOCOL_VERSION}, node death timeout ${server.nodeDeathTimeoutMs} ms, storage ${storage ? `Redis at ${storage.address}, cluster name "${storage.clusterName}"` : 'in memory'})`);
}

main().catch((err: unknown) => {
  console.error('tsray gcs: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
