import { Redis } from 'ioredis';
import { ConnectionError, InvalidArgumentError } from '../common/errors.js';
import type { BackoffPolicy } from '../rpc/backoff.js';
import type { GcsStorage } from './gcs-storage.js';
import { ioredisOptions, isAuthError, isTransientRedisError, redisKey, type RedisStorageConfig } from './redis-config.js';
import { retryWithBackoff, type RetryPolicy } from './retry.js';

export interface RedisGcsStorageOptions extends RedisStorageConfig {
  /** A request without a reply after this long is abandoned and retried (default 2 s). */
  requestTimeoutMs?: number;
  /** How long one request is retried before the caller gets a ConnectionError (default 5 s). */
  retryForMs?: number;
  /** Spacing of the retries (default 50 ms doubling up to 1 s, 20% jitter). */
  backoff?: BackoffPolicy;
  /** Where warnings go (default stderr). */
  log?: (message: string) => void;
}

const DEFAULT_REDIS_BACKOFF: BackoffPolicy = { initialMs: 50, maxMs: 1000, multiplier: 2, jitter: 0.2 };
/** Entries per HSCAN round trip when listing a table. */
const SCAN_COUNT = 1000;

/** A glob pattern matching the keys that start with `prefix` (HSCAN MATCH). */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
}

/**
 * GCS storage in Redis (through ioredis), so that a GCS restarted against the same Redis finds
 * the cluster's tables again. Each table is one hash, `tsray:<clusterName>:<table>`, so clusters
 * sharing one Redis never see each other's keys.
 *
 * Every request has a deadline (`requestTimeoutMs`) and is retried with backoff while Redis is
 * unreachable, restarting (LOADING), failing over or slow, for up to `retryForMs`; then it fails
 * with a ConnectionError naming the address, which the GCS answers its caller with as a
 * retryable error. Refused credentials fail at once with an InvalidArgumentError. Nothing here
 * throws outside a request's promise: connection errors are logged, and ioredis reconnects.
 *
 * @example
 * ```ts
 * const storage = new RedisGcsStorage({ host: '127.0.0.1', port: 6379, clusterName: 'prod' });
 * await storage.ping();
 * const gcs = new GcsServer({ storage });
 * ```
 */
export class RedisGcsStorage implements GcsStorage {
  readonly address: string;
  readonly clusterName: string;
  private readonly redis: Redis;
  private readonly policy: RetryPolicy;
  private readonly log: (message: string) => void;
  /** The last connection-level error ioredis reported: requests fail as "not writeable" meanwhile. */
  private lastConnectionError: Error | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private loggedDown = false;

  constructor(options: RedisGcsStorageOptions) {
    this.clusterName = options.clusterName;
    redisKey(options.clusterName, 'check');
    this.address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.policy = { retryForMs: options.retryForMs ?? 5000, backoff: options.backoff ?? DEFAULT_REDIS_BACKOFF };
    this.log = options.log ?? ((m) => console.error(m));
    this.redis = new Redis(ioredisOptions(options, options.requestTimeoutMs ?? 2000));
    this.redis.on('error', (err: Error) => {
      this.lastConnectionError = err;
      if (!this.loggedDown) {
        this.loggedDown = true;
        this.log(`tsray gcs: Redis at ${this.address}: ${err.message}; reconnecting (requests are retried meanwhile)`);
      }
    });
    this.redis.on('ready', () => {
      if (this.loggedDown) this.log(`tsray gcs: Redis at ${this.address} is reachable again`);
      this.loggedDown = false;
      this.lastConnectionError = undefined;
    });
  }

  /** Reaches Redis (retried like any request); fails with the reason when it cannot. */
  async ping(): Promise<void> {
    await this.request('PING', () => this.redis.ping());
  }

  async get(table: string, key: string): Promise<Uint8Array | undefined> {
    const value = await this.request(`HGET ${table}`, () => this.redis.hgetBuffer(this.key(table), key));
    return value ?? undefined;
  }

  async put(table: string, key: string, value: Uint8Array, overwrite = true): Promise<boolean> {
    // ioredis would write a Uint8Array that is not a Buffer as its string form.
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const k = this.key(table);
    const added = await this.request(`HSET ${table}`, () => (overwrite ? this.redis.hset(k, key, bytes) : this.redis.hsetnx(k, key, bytes)));
    return added === 1;
  }

  async delete(table: string, key: string): Promise<boolean> {
    return (await this.request(`HDEL ${table}`, () => this.redis.hdel(this.key(table), key))) > 0;
  }

  async list(table: string, prefix = ''): Promise<Array<[string, Uint8Array]>> {
    const out = new Map<string, Uint8Array>();
    await this.scan(table, prefix, (fields) => {
      for (let i = 0; i + 1 < fields.length; i += 2) out.set(fields[i]!.toString(), fields[i + 1]!);
    });
    return [...out];
  }

  async keys(table: string, prefix = ''): Promise<string[]> {
    if (!prefix) return this.request(`HKEYS ${table}`, () => this.redis.hkeys(this.key(table)));
    const out = new Set<string>();
    await this.scan(table, prefix, (fields) => {
      for (let i = 0; i < fields.length; i += 2) out.add(fields[i]!.toString());
    });
    return [...out];
  }

  /** Every table name this cluster has in Redis. */
  async tables(): Promise<string[]> {
    const prefix = `${redisKey(this.clusterName, '')}`;
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.request('SCAN', () => this.redis.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', SCAN_COUNT));
      for (const k of keys) found.add(k.slice(prefix.length));
      cursor = next;
    } while (cursor !== '0');
    return [...found].sort();
  }

  /** Deletes every key of this cluster (a cluster that is over for good); returns how many tables went. */
  async deleteCluster(): Promise<number> {
    const tables = await this.tables();
    for (const t of tables) await this.request('DEL', () => this.redis.del(this.key(t)));
    return tables.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.redis.status === 'ready') await this.redis.quit();
    } catch {
      // QUIT failed: the connection is dropped below anyway
    }
    this.redis.disconnect();
  }

  private key(table: string): string {
    return redisKey(this.clusterName, table);
  }

  /** HSCAN in rounds: a big table never blocks Redis, nor fills one reply. */
  private async scan(table: string, prefix: string, take: (fields: Buffer[]) => void): Promise<void> {
    // Retried as a whole: a cursor may not survive a Redis restart.
    await this.request(`HSCAN ${table}`, async () => {
      const k = this.key(table);
      let cursor = '0';
      do {
        const [next, fields] = prefix
          ? await this.redis.hscanBuffer(k, cursor, 'MATCH', prefixPattern(prefix), 'COUNT', SCAN_COUNT)
          : await this.redis.hscanBuffer(k, cursor, 'COUNT', SCAN_COUNT);
        take(fields);
        cursor = next.toString();
      } while (cursor !== '0');
    });
  }

  private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
    if (this.closed) throw new InvalidArgumentError(`${what}: the Redis storage of the GCS is closed`);
    try {
      return await retryWithBackoff(
        `Redis ${what} at ${this.address}`,
        async () => {
          await this.connect();
          return send();
        },
        this.policy,
        { isRetryable: (err) => !this.closed && !isAuthError(this.lastConnectionError) && isTransientRedisError(err) },
      );
    } catch (err) {
      const auth = isAuthError(err) ? err : isAuthError(this.lastConnectionError) ? this.lastConnectionError : undefined;
      if (auth) {
        throw new InvalidArgumentError(`Redis at ${this.address} refused the GCS's credentials (${(auth as Error).message}): check --redis-password (or TSRAY_REDIS_PASSWORD) and --redis-username`, { cause: auth });
      }
      if (err instanceof ConnectionError || err instanceof InvalidArgumentError) throw err;
      throw new ConnectionError(`Redis ${what} at ${this.address} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Starts the first connection (later ones ioredis makes by itself). */
  private async connect(): Promise<void> {
    if (this.redis.status !== 'wait') return;
    this.connecting ??= this.redis.connect().catch((err: unknown) => {
      // Recorded for the retry decision; ioredis goes on reconnecting by itself.
      this.lastConnectionError ??= err as Error;
    });
    await this.connecting;
  }
}
