import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { storageOptionsFrom } from '../../src/head/gcs-options.js';
import {
  DEFAULT_CLUSTER_NAME,
  checkClusterName,
  clusterKeyPattern,
  ioredisOptions,
  isAuthError,
  isTransientRedisError,
  parseRedisAddress,
  redisKey,
} from '../../src/gcs/redis-config.js';
import { prefixPattern } from '../../src/gcs/redis-storage.js';

function replyError(message: string): Error {
  const e = new Error(message);
  e.name = 'ReplyError';
  return e;
}

describe('Redis key naming', () => {
  it('prefixes every table with the cluster name, so clusters sharing a Redis never overlap', () => {
    expect(redisKey('default', 'nodes')).toBe('tsray:default:nodes');
    expect(redisKey('prod-1', 'kv:fun')).toBe('tsray:prod-1:kv:fun');
    expect(clusterKeyPattern('prod-1')).toBe('tsray:prod-1:*');
    expect(DEFAULT_CLUSTER_NAME).toBe('default');
  });

  it('refuses cluster names that could run into another cluster\'s keys or a glob', () => {
    for (const bad of ['', 'a:b', 'a*', 'sp ace', 'x'.repeat(65), 'new\nline']) {
      expect(() => checkClusterName(bad)).toThrow(InvalidArgumentError);
    }
    expect(checkClusterName('Team_7.prod-a')).toBe('Team_7.prod-a');
  });

  it('escapes glob characters of a listing prefix', () => {
    expect(prefixPattern('')).toBe('*');
    expect(prefixPattern('job:')).toBe('job:*');
    expect(prefixPattern('a*b?[c]\\')).toBe('a\\*b\\?\\[c\\]\\\\*');
  });
});

describe('Redis addresses', () => {
  it('parses host:port, URLs, IPv6 and the default port', () => {
    expect(parseRedisAddress('127.0.0.1:6379')).toEqual({ host: '127.0.0.1', port: 6379, tls: false });
    expect(parseRedisAddress('redis://cache.internal:7000')).toEqual({ host: 'cache.internal', port: 7000, tls: false });
    expect(parseRedisAddress('rediss://cache.internal:7000/')).toEqual({ host: 'cache.internal', port: 7000, tls: true });
    expect(parseRedisAddress('[::1]:6380')).toEqual({ host: '::1', port: 6380, tls: false });
    expect(parseRedisAddress('redis-host')).toEqual({ host: 'redis-host', port: 6379, tls: false });
  });

  it('refuses what is not an address, naming the flag', () => {
    for (const bad of ['', 'host:', 'host:99999', 'http://x:1', 'a b:1', 'user@host:1']) {
      expect(() => parseRedisAddress(bad)).toThrow(/--redis-address must be HOST:PORT/);
    }
  });
});

describe('which Redis failures are retried', () => {
  it('retries connection failures, timeouts and "not now" replies', () => {
    expect(isTransientRedisError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isTransientRedisError(new Error('Command timed out'))).toBe(true);
    expect(isTransientRedisError(new Error('Connection is closed.'))).toBe(true);
    expect(isTransientRedisError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientRedisError(replyError('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isTransientRedisError(replyError('BUSY Redis is busy running a script'))).toBe(true);
    expect(isTransientRedisError(replyError('READONLY You can\'t write against a read only replica.'))).toBe(true);
  });

  it('does not retry command errors or refused credentials', () => {
    expect(isTransientRedisError(replyError('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isTransientRedisError(replyError('ERR syntax error'))).toBe(false);
    expect(isTransientRedisError(replyError('WRONGPASS invalid username-password pair or user is disabled.'))).toBe(false);
    expect(isTransientRedisError(replyError('NOAUTH Authentication required.'))).toBe(false);
    expect(isTransientRedisError('a string')).toBe(false);
    expect(isAuthError(replyError('NOAUTH Authentication required.'))).toBe(true);
    expect(isAuthError(new Error('Command timed out'))).toBe(false);
  });
});

describe('ioredis options', () => {
  const base = { host: 'r.example', port: 6379, clusterName: 'c1' };

  it('passes AUTH and TLS through, and leaves retries to the storage', () => {
    const files: Record<string, Buffer> = { '/ca.pem': Buffer.from('CA'), '/c.pem': Buffer.from('CERT'), '/k.pem': Buffer.from('KEY') };
    const o = ioredisOptions({ ...base, password: 'pw', username: 'svc', db: 2, tls: { caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' } }, 1500, (p) => files[p]!);
    expect(o).toMatchObject({ host: 'r.example', port: 6379, password: 'pw', username: 'svc', db: 2, commandTimeout: 1500 });
    expect(o.tls).toEqual({ servername: 'r.example', ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
    // A request must never be queued or resent by ioredis behind the storage's back.
    expect(o).toMatchObject({ enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0, lazyConnect: true });
    expect(o.retryStrategy!(1)).toBeGreaterThan(0);
    expect(o.retryStrategy!(100)).toBe(2000);
  });

  it('uses no TLS and no password unless asked', () => {
    const o = ioredisOptions(base, 2000);
    expect(o.tls).toBeUndefined();
    expect('password' in o).toBe(false);
    expect(ioredisOptions({ ...base, tls: true }, 2000).tls).toEqual({ servername: 'r.example' });
  });
});

describe('GCS storage flags', () => {
  it('reads flags first, then the environment, and keeps memory storage without an address', () => {
    expect(storageOptionsFrom({}, {})).toBeUndefined();
    expect(storageOptionsFrom({ 'redis-address': '127.0.0.1:7000', 'cluster-name': 'c2' }, { TSRAY_REDIS_PASSWORD: 'from-env' })).toEqual({
      host: '127.0.0.1', port: 7000, clusterName: 'c2', password: 'from-env',
    });
    expect(storageOptionsFrom({}, { TSRAY_REDIS_ADDRESS: 'rediss://h:1', TSRAY_CLUSTER_NAME: 'e', TSRAY_REDIS_RETRY_FOR_MS: '900' })).toEqual({
      host: 'h', port: 1, clusterName: 'e', tls: true, retryForMs: 900,
    });
    expect(storageOptionsFrom({ 'redis-address': 'h:1', 'redis-password': 'flag' }, { TSRAY_REDIS_PASSWORD: 'env' })?.password).toBe('flag');
    expect(storageOptionsFrom({ 'redis-address': 'h:1' }, {})?.clusterName).toBe('default');
    expect(storageOptionsFrom({ 'redis-address': 'h:1', 'redis-ca-cert': '/ca' }, {})?.tls).toEqual({ caFile: '/ca' });
  });

  it('refuses Redis flags without an address, and bad values, naming them', () => {
    expect(() => storageOptionsFrom({ 'redis-password': 'x' }, {})).toThrow(/--redis-password need --redis-address/);
    expect(() => storageOptionsFrom({ 'redis-tls': true }, {})).toThrow(/--redis-tls need --redis-address/);
    expect(() => storageOptionsFrom({ 'redis-address': 'h:1', 'cluster-name': 'a:b' }, {})).toThrow(/--cluster-name/);
    expect(() => storageOptionsFrom({ 'redis-address': 'h:1', 'redis-request-timeout-ms': '0' }, {})).toThrow(/--redis-request-timeout-ms/);
    expect(() => storageOptionsFrom({ 'redis-address': 'h:1', 'redis-client-cert': '/c' }, {})).toThrow(/go together/);
  });
});
