import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { GcsClient } from '../gcs/gcs-client.js';
import { startDaemon, stopProcesses } from '../cluster/daemons.js';
import { gcsRunning, newNodeDir, nodeFolders, writeNodeRecord, type NodeRecord } from '../cluster/node-folders.js';
import { processStartTime } from '../common/process-identity.js';
import { parseNodeResourceFlags } from '../cluster/node-flags.js';
import { InvalidArgumentError } from '../common/errors.js';
import { storageOptionsFrom } from '../head/gcs-options.js';
import type { RestoredCounts } from '../gcs/gcs-server.js';
import { ensureAuthToken, findAuthToken } from '../auth/auth-token.js';
import { authEnvironment, parseAuthMode, type ClusterAuth } from '../auth/cluster-auth.js';
import { tlsSettingsFrom } from '../auth/tls-config.js';

export interface StartOptions {
  head?: boolean;
  address?: string;
  port?: string;
  numCpus?: string;
  numGpus?: string;
  resources?: string;
  objectStoreMemory?: string;
  nodeIpAddress?: string;
  /** With --head: the address the GCS listens on (default: --node-ip-address). */
  host?: string;
  /** `token` (default): every call needs the cluster token; `disabled`: none do. */
  authMode?: string;
  /** The head's GCS keeps its tables in this Redis (HOST:PORT, redis:// or rediss://). */
  redisAddress?: string;
  redisPassword?: string;
  redisUsername?: string;
  redisTls?: boolean;
  /** Prefix of the cluster's keys in Redis (default "default"). */
  clusterName?: string;
  /** Start only the GCS: restart a head's GCS that stopped, or start a head without a raylet. */
  gcsOnly?: boolean;
  /** Seconds the raylet runs on without reaching the GCS before it exits (default 60). */
  gcsReconnectTimeoutS?: string;
  /** With --head: the port of the dashboard and job API (default 8265; 0: a free one). */
  dashboardPort?: string;
}

/** A node `tsray start` started, or the head whose GCS it restarted. */
export interface StartedNode extends NodeRecord {
  /** Where `tsray start --head` wrote a new cluster token (none existed). */
  createdToken?: string;
  /** Set when an existing head's GCS was started again (`--gcs-only`). */
  restartedGcs?: boolean;
  /** What the GCS found in its storage. */
  restored?: RestoredCounts;
  storage?: 'redis' | 'memory';
}

interface GcsReady {
  port: number;
  storage?: 'redis' | 'memory';
  restored?: RestoredCounts;
}

/** The raylet's flags from `tsray start`'s options (checked here, so errors come before any spawn). */
function rayletFlags(o: StartOptions): string[] {
  parseNodeResourceFlags({ 'num-cpus': o.numCpus, 'num-gpus': o.numGpus, resources: o.resources, 'object-store-memory': o.objectStoreMemory });
  const flags: string[] = [];
  if (o.numCpus !== undefined) flags.push('--num-cpus', o.numCpus);
  if (o.numGpus !== undefined) flags.push('--num-gpus', o.numGpus);
  if (o.resources !== undefined) flags.push('--resources', o.resources);
  if (o.objectStoreMemory !== undefined) flags.push('--object-store-memory', o.objectStoreMemory);
  if (o.gcsReconnectTimeoutS !== undefined) {
    if (!(Number(o.gcsReconnectTimeoutS) > 0)) throw new InvalidArgumentError(`--gcs-reconnect-timeout-s must be a positive number of seconds, got "${o.gcsReconnectTimeoutS}".`);
    flags.push('--gcs-reconnect-timeout-s', o.gcsReconnectTimeoutS);
  }
  return flags;
}

/**
 * The GCS's storage flags and environment: the password travels in the environment, not on
 * the command line. Checked here (the same parser as the GCS's), so errors come before a spawn.
 */
function gcsStorage(o: StartOptions, recorded?: NodeRecord['gcsStorage']): { args: string[]; env: Record<string, string>; record?: NodeRecord['gcsStorage'] } {
  const redisAddress = o.redisAddress ?? recorded?.redisAddress;
  const clusterName = o.clusterName ?? recorded?.clusterName;
  const redisUsername = o.redisUsername ?? recorded?.redisUsername;
  const redisTls = o.redisTls ?? recorded?.redisTls;
  storageOptionsFrom({
    'redis-address': redisAddress, 'redis-password': o.redisPassword, 'redis-username': redisUsername,
    'redis-tls': redisTls, 'cluster-name': clusterName,
  });
  const args: string[] = [];
  if (redisAddress) args.push('--redis-address', redisAddress);
  if (clusterName) args.push('--cluster-name', clusterName);
  if (redisUsername) args.push('--redis-username', redisUsername);
  if (redisTls) args.push('--redis-tls');
  const env: Record<string, string> = o.redisPassword !== undefined ? { TSRAY_REDIS_PASSWORD: o.redisPassword } : {};
  const record = redisAddress ? { redisAddress, ...(clusterName ? { clusterName } : {}), ...(redisUsername ? { redisUsername } : {}), ...(redisTls ? { redisTls } : {}) } : undefined;
  return { args, env, record };
}

/**
 * `tsray start --head` (a GCS and a raylet) or `tsray start --address HEAD:PORT` (a raylet that
 * joins): the daemons detach, log into the node's folder, and this returns once the raylet is
 * registered with the GCS. Running it again starts another node on this machine.
 * `tsray start --head --gcs-only` starts just a GCS: it restarts the GCS of this machine's head
 * node if that GCS stopped (same port, same Redis; see `restartGcs`), else starts a head that
 * has a GCS and no raylet.
 */
export async function start(o: StartOptions): Promise<StartedNode> {
  if (!o.head && !o.address) throw new InvalidArgumentError('tsray start needs --head (start a cluster) or --address HEAD:PORT (join one).');
  if (o.head && o.address) throw new InvalidArgumentError('tsray start takes --head or --address, not both.');
  const headOnly = (['redisAddress', 'redisPassword', 'redisUsername', 'redisTls', 'clusterName', 'gcsOnly', 'host', 'dashboardPort'] as const).filter((k) => o[k] !== undefined);
  if (!o.head && headOnly.length > 0) {
    throw new InvalidArgumentError(`tsray start: ${headOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} configure the head's GCS: use them with --head.`);
  }
  const nodeIp = o.nodeIpAddress ?? '127.0.0.1';
  const port = o.port ?? '6380';
  if (o.head && !/^\d+$/.test(port)) throw new InvalidArgumentError(`--port must be a port number, got "${port}".`);
  const dashboardPort = o.dashboardPort ?? '8265';
  if (o.head && !(/^\d+$/.test(dashboardPort) && Number(dashboardPort) <= 65535)) {
    throw new InvalidArgumentError(`--dashboard-port must be a port number (0: a free one), got "${dashboardPort}".`);
  }
  if (o.gcsOnly) {
    const stopped = headWithStoppedGcs(o.port);
    if (stopped) return restartGcs(stopped, o, authFor({ ...o, authMode: o.authMode ?? stopped.authMode }));
  }
  const auth = authFor(o);
  const flags = rayletFlags(o);
  const storage = gcsStorage(o);
  let gcsAddress = o.address;
  if (gcsAddress) {
    if (!/^[^:\s]+:\d+$/.test(gcsAddress)) throw new InvalidArgumentError(`--address must be HOST:PORT (e.g. 127.0.0.1:6380), got "${gcsAddress}".`);
    // Fails within seconds, naming the address, when nothing (or no GCS) answers there.
    (await GcsClient.connect(gcsAddress)).close();
  }
  const nodeDir = newNodeDir();
  const record: StartedNode = {
    nodeDir, gcsAddress: gcsAddress ?? '', isHead: !!o.head, startedAt: Date.now(), authMode: auth.mode,
    ...(storage.record ? { gcsStorage: storage.record } : {}), ...(auth.created ? { createdToken: auth.created } : {}),
  };
  const authEnv = authEnvironment(auth);
  try {
    if (o.head) {
      const gcsArgs = ['--host', o.host ?? nodeIp, '--port', port, ...storage.args];
      const gcs = await startDaemon<GcsReady>('head/gcs-main', gcsArgs, join(nodeDir, 'logs', 'gcs.log'), 'port', 20_000, { ...storage.env, ...authEnv });
      record.gcsPid = gcs.pid;
      record.gcsStartTime = processStartTime(gcs.pid);
      record.gcsAddress = gcsAddress = `${nodeIp}:${gcs.ready.port}`;
      if (o.host !== undefined && o.host !== nodeIp) record.gcsHost = o.host;
      writeNodeRecord(record);
      record.storage = gcs.ready.storage;
      record.restored = gcs.ready.restored;
      if (o.gcsOnly) return record;
    }
    const raylet = await startDaemon<{ ready: boolean; nodeId: string }>('node/raylet-main', [
      '--gcs-address', gcsAddress!, '--node-dir', nodeDir, '--node-ip-address', nodeIp, ...(o.head ? ['--head'] : []), ...flags,
    ], join(nodeDir, 'logs', 'raylet.log'), 'ready', 60_000, authEnv);
    record.rayletPid = raylet.pid;
    record.rayletStartTime = processStartTime(raylet.pid);
    record.nodeId = raylet.ready.nodeId;
    if (o.head) {
      const host = o.host ?? nodeIp;
      const dashboard = await startDaemon<{ dashboardPort: number }>('head/dashboard-main', [
        '--gcs-address', gcsAddress!, '--node-dir', nodeDir, '--node-id', raylet.ready.nodeId, '--host', host, '--port', dashboardPort,
        // Ray's default port, unless another cluster on this machine has it: then a free one, printed and recorded.
        ...(o.dashboardPort === undefined ? ['--free-port-if-busy'] : []),
        ...(o.gcsReconnectTimeoutS !== undefined ? ['--gcs-reconnect-timeout-s', o.gcsReconnectTimeoutS] : []),
      ], join(nodeDir, 'logs', 'dashboard.log'), 'dashboardPort', 30_000, authEnv);
      record.dashboardPid = dashboard.pid;
      record.dashboardStartTime = processStartTime(dashboard.pid);
      record.dashboardAddress = `${tlsSettingsFrom(process.env) ? 'https' : 'http'}://${nodeIp}:${dashboard.ready.dashboardPort}`;
    }
    const { storage: _s, restored: _r, createdToken: _c, ...plain } = record;
    writeNodeRecord(plain);
    return record;
  } catch (e) {
    await stopProcesses([
      ...(record.dashboardPid ? [{ pid: record.dashboardPid, startTime: record.dashboardStartTime }] : []),
      ...(record.rayletPid ? [{ pid: record.rayletPid, startTime: record.rayletStartTime }] : []),
      ...(record.gcsPid ? [{ pid: record.gcsPid, startTime: record.gcsStartTime }] : []),
    ]);
    rmSync(nodeDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The head node of this machine whose GCS is not running (killed, crashed): the one on `port`
 * when given, else the newest.
 */
function headWithStoppedGcs(port: string | undefined): NodeRecord | undefined {
  const heads = nodeFolders()
    .map((f) => f.record)
    // A SIGKILLed GCS stays a zombie until reaped: not running (see process-identity.ts).
    .filter((r): r is NodeRecord => !!r && r.isHead && !!r.gcsAddress && !gcsRunning(r))
    .filter((r) => port === undefined || r.gcsAddress.endsWith(`:${port}`))
    .sort((a, b) => b.startedAt - a.startedAt);
  return heads[0];
}

/**
 * Starts a head's GCS again, on the port its raylets and drivers know, against the same Redis
 * (recorded at `tsray start --head`; the password must be given again, by flag or
 * TSRAY_REDIS_PASSWORD). With Redis it reloads the cluster's tables; in memory it starts empty
 * and the raylets register again. Its log goes on in the node's logs/gcs.log.
 */
async function restartGcs(head: NodeRecord, o: StartOptions, auth: ClusterAuth): Promise<StartedNode> {
  const storage = gcsStorage(o, head.gcsStorage);
  const port = head.gcsAddress.slice(head.gcsAddress.lastIndexOf(':') + 1);
  const host = head.gcsHost ?? head.gcsAddress.slice(0, head.gcsAddress.lastIndexOf(':'));
  const gcs = await startDaemon<GcsReady>('head/gcs-main', ['--host', host, '--port', port, ...storage.args], join(head.nodeDir, 'logs', 'gcs.log'), 'port', 30_000,
    { ...storage.env, ...authEnvironment(auth) });
  const record: NodeRecord = { ...head, gcsPid: gcs.pid, gcsStartTime: processStartTime(gcs.pid), ...(storage.record ? { gcsStorage: storage.record } : {}) };
  writeNodeRecord(record);
  return { ...record, restartedGcs: true, storage: gcs.ready.storage, restored: gcs.ready.restored };
}

/**
 * The node's auth: `--auth-mode` (default token). A head with no token makes one (0600 in
 * ~/.tsray/auth_token, or TSRAY_AUTH_TOKEN_PATH); a joining node uses the token it finds,
 * and without one the GCS refuses it, saying where to put the token.
 */
function authFor(o: StartOptions): ClusterAuth & { created?: string } {
  const mode = parseAuthMode(o.authMode ?? 'token', '--auth-mode');
  if (mode === 'disabled') {
    const token = findAuthToken();
    return token ? { mode, token } : { mode };
  }
  if (!o.head) {
    const token = findAuthToken();
    return token ? { mode, token } : { mode };
  }
  const { token, created } = ensureAuthToken();
  return created ? { mode, token, created } : { mode, token };
}
