import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { RedisOptions } from 'ioredis';
import { InvalidArgumentError } from '../common/errors.js';

/**
 * Redis settings of a GCS (`tsray start --head --redis-address ...`), and the pure pieces of the
 * Redis backend: key names, address parsing, which failures are worth retrying, and the ioredis
 * options they become.
 */

/** The cluster name used when none is given. */
export const DEFAULT_CLUSTER_NAME = 'default';

/** Every key of every cluster starts with this. */
export const KEY_ROOT = 'tsray';

export interface RedisTlsFiles {
  /** PEM file of the CA that signed Redis's certificate (default: the system's CAs). */
  caFile?: string;
  /** Client certificate and key, for Redis servers that ask for one (mutual TLS). */
  certFile?: string;
  keyFile?: string;
  /** Default true; false accepts any certificate (testing only). */
  rejectUnauthorized?: boolean;
}

export interface RedisStorageConfig {
  host: string;
  port: number;
  /** Redis AUTH; with `username`, Redis 6 ACL AUTH. */
  password?: string;
  username?: string;
  db?: number;
  /** TLS to Redis: true (system CAs) or files; also implied by a `rediss://` address. */
  tls?: boolean | RedisTlsFiles;
  /** Prefix of this cluster's keys, so that clusters can share one Redis. */
  clusterName: string;
}

const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Checks a cluster name: 1 to 64 letters, digits, `_`, `.` or `-` (no `:`, the key separator). */
export function checkClusterName(name: string): string {
  if (!CLUSTER_NAME.test(name)) {
    throw new InvalidArgumentError(`--cluster-name must be 1 to 64 letters, digits, "_", "." or "-", got "${name}"`);
  }
  return name;
}

/**
 * The Redis key of one GCS table of one cluster: a hash whose fields are the table's keys.
 * Names are checked, and table names come from the GCS (`nodes`, `kv:<namespace>`, ...), so
 * `tsray:<cluster>:` prefixes never overlap between clusters.
 */
export function redisKey(clusterName: string, table: string): string {
  return `${KEY_ROOT}:${checkClusterName(clusterName)}:${table}`;
}

/** The pattern matching every key of a cluster (for tools that list or delete them). */
export function clusterKeyPattern(clusterName: string): string {
  return `${KEY_ROOT}:${checkClusterName(clusterName)}:*`;
}

/** `host:port`, `[v6]:port`, `redis://host:port` or `rediss://host:port` (TLS). */
export function parseRedisAddress(address: string): { host: string; port: number; tls: boolean } {
  const m = /^(?:(rediss?):\/\/)?(\[[0-9a-fA-F:.]+\]|[^\s:/[\]@]+)(?::(\d{1,5}))?\/?$/.exec(address.trim());
  const port = m?.[3] === undefined ? 6379 : Number(m[3]);
  if (!m || !(port > 0 && port <= 65535)) {
    throw new InvalidArgumentError(`--redis-address must be HOST:PORT (or redis://HOST:PORT, rediss://HOST:PORT for TLS), got "${address}"`);
  }
  return { host: m[2]!.replace(/^\[|\]$/g, ''), port, tls: m[1] === 'rediss' };
}

/** Redis replies that mean "not now" rather than "never": the server is starting, failing over or busy. */
const TRANSIENT_REPLIES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|MISCONF)\b/;
/** Replies that no retry will cure: credentials. */
const AUTH_REPLIES = /^(NOAUTH|WRONGPASS|NOPERM)\b/;

/** Whether a Redis error means the credentials were refused. */
export function isAuthError(err: unknown): boolean {
  return err instanceof Error && AUTH_REPLIES.test(err.message);
}

/**
 * Whether a failed Redis request may succeed if sent again: connection failures, timeouts and
 * the server's "not now" replies. A command error (wrong type, syntax) or refused credentials
 * are not retried.
 */
export function isTransientRedisError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (isAuthError(err)) return false;
  if (err.name === 'ReplyError') return TRANSIENT_REPLIES.test(err.message);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND)$/.test(code)) return true;
  // ioredis's own: the connection is down or closing, the command timed out, or it was flushed
  // from the queue when the connection dropped.
  return /Stream isn't writeable|Connection is closed|Command timed out|MaxRetriesPerRequest|Socket closed unexpectedly|connect ETIMEDOUT/i.test(err.message)
    || err.name === 'MaxRetriesPerRequestError';
}

function tlsOptions(tls: true | RedisTlsFiles, host: string, read: (path: string) => Buffer): TlsConnectionOptions {
  if (tls === true) return { servername: host };
  return {
    servername: host,
    ...(tls.caFile ? { ca: read(tls.caFile) } : {}),
    ...(tls.certFile ? { cert: read(tls.certFile) } : {}),
    ...(tls.keyFile ? { key: read(tls.keyFile) } : {}),
    ...(tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  };
}

/**
 * The ioredis options for a config. Requests are never queued by ioredis while the connection
 * is down, never resent by it after a reconnect, and time out after `requestTimeoutMs`: the
 * storage retries them itself, one at a time per key, so a request cannot be applied late and
 * out of order behind a newer one.
 */
export function ioredisOptions(config: RedisStorageConfig, requestTimeoutMs: number, read: (path: string) => Buffer = readFileSync): RedisOptions {
  return {
    host: config.host,
    port: config.port,
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.db !== undefined ? { db: config.db } : {}),
    ...(config.tls ? { tls: tlsOptions(config.tls, config.host, read) } : {}),
    connectionName: `tsray-gcs:${config.clusterName}`,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: requestTimeoutMs,
    connectTimeout: Math.max(1000, requestTimeoutMs),
    // Reconnect for ever, soon at first, then every 2 s at most: requests retry meanwhile.
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    lazyConnect: true,
  };
}
