import { InvalidArgumentError } from '../common/errors.js';
import { DEFAULT_CLUSTER_NAME, checkClusterName, parseRedisAddress, type RedisTlsFiles } from '../gcs/redis-config.js';
import type { RedisGcsStorageOptions } from '../gcs/redis-storage.js';

/**
 * The GCS's storage flags (gcs-main, `tsray start --head`) with their environment fallbacks:
 *
 * | flag                         | env                          |
 * |------------------------------|------------------------------|
 * | --redis-address HOST:PORT    | TSRAY_REDIS_ADDRESS          |
 * | --redis-password P           | TSRAY_REDIS_PASSWORD         |
 * | --redis-username U           | TSRAY_REDIS_USERNAME         |
 * | --redis-tls                  | TSRAY_REDIS_TLS=1            |
 * | --redis-ca-cert FILE         | TSRAY_REDIS_CA_CERT          |
 * | --redis-client-cert FILE     | TSRAY_REDIS_CLIENT_CERT      |
 * | --redis-client-key FILE      | TSRAY_REDIS_CLIENT_KEY       |
 * | --cluster-name N             | TSRAY_CLUSTER_NAME           |
 * | --redis-request-timeout-ms   | TSRAY_REDIS_REQUEST_TIMEOUT_MS |
 * | --redis-retry-for-ms         | TSRAY_REDIS_RETRY_FOR_MS     |
 *
 * The password is best given through the environment: a command line is visible to every
 * user of the machine (`ps`).
 */
export type StorageFlags = Partial<Record<
  'redis-address' | 'redis-password' | 'redis-username' | 'redis-ca-cert' | 'redis-client-cert' | 'redis-client-key'
  | 'cluster-name' | 'redis-request-timeout-ms' | 'redis-retry-for-ms', string>> & { 'redis-tls'?: boolean };

const ENV: Record<Exclude<keyof StorageFlags, 'redis-tls'>, string> = {
  'redis-address': 'TSRAY_REDIS_ADDRESS',
  'redis-password': 'TSRAY_REDIS_PASSWORD',
  'redis-username': 'TSRAY_REDIS_USERNAME',
  'redis-ca-cert': 'TSRAY_REDIS_CA_CERT',
  'redis-client-cert': 'TSRAY_REDIS_CLIENT_CERT',
  'redis-client-key': 'TSRAY_REDIS_CLIENT_KEY',
  'cluster-name': 'TSRAY_CLUSTER_NAME',
  'redis-request-timeout-ms': 'TSRAY_REDIS_REQUEST_TIMEOUT_MS',
  'redis-retry-for-ms': 'TSRAY_REDIS_RETRY_FOR_MS',
};

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--${flag} must be a positive number, got "${value}"`);
  return n;
}

/**
 * The Redis storage options the flags and environment ask for, or undefined for the in-memory
 * backend (no Redis address). Redis-only flags without an address are an error, so a typo does
 * not silently start a GCS that forgets everything when it stops.
 */
export function storageOptionsFrom(flags: StorageFlags, env: NodeJS.ProcessEnv = process.env): Omit<RedisGcsStorageOptions, 'log'> | undefined {
  const get = (k: Exclude<keyof StorageFlags, 'redis-tls'>): string | undefined => {
    const v = flags[k] ?? env[ENV[k]];
    return v === '' ? undefined : v;
  };
  const address = get('redis-address');
  const tlsFlag = flags['redis-tls'] === true || /^(1|true|yes)$/i.test(env.TSRAY_REDIS_TLS ?? '');
  if (!address) {
    const stray = (['redis-password', 'redis-username', 'redis-ca-cert', 'redis-client-cert', 'redis-client-key'] as const).filter((k) => flags[k] !== undefined);
    if (flags['redis-tls']) stray.push('redis-tls' as never);
    if (stray.length > 0) throw new InvalidArgumentError(`--${stray.join(', --')} need --redis-address (the GCS keeps its tables in memory without it)`);
    return undefined;
  }
  const { host, port, tls: tlsScheme } = parseRedisAddress(address);
  const files: RedisTlsFiles = {};
  const ca = get('redis-ca-cert');
  const cert = get('redis-client-cert');
  const key = get('redis-client-key');
  if (ca) files.caFile = ca;
  if (cert) files.certFile = cert;
  if (key) files.keyFile = key;
  if (!!cert !== !!key) throw new InvalidArgumentError('--redis-client-cert and --redis-client-key go together');
  const hasFiles = Object.keys(files).length > 0;
  const tls = tlsFlag || tlsScheme || hasFiles ? (hasFiles ? files : true) : undefined;
  const password = get('redis-password');
  const username = get('redis-username');
  const requestTimeoutMs = positive('redis-request-timeout-ms', get('redis-request-timeout-ms'));
  const retryForMs = positive('redis-retry-for-ms', get('redis-retry-for-ms'));
  return {
    host,
    port,
    clusterName: checkClusterName(get('cluster-name') ?? DEFAULT_CLUSTER_NAME),
    ...(password !== undefined ? { password } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(retryForMs !== undefined ? { retryForMs } : {}),
  };
}
