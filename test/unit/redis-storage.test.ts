import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InvalidArgumentError } from '../../src/common/errors.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { GcsServer } from '../../src/gcs/gcs-server.js';
import { RedisGcsStorage, type RedisGcsStorageOptions } from '../../src/gcs/redis-storage.js';
import { killAllRedis, startRedis, type RedisServer } from '../fixtures/redis-server.js';

// The Redis backend against a real redis-server (append-only file, so a kill -9 keeps what it
// acknowledged).

let redis: RedisServer;
const opened: RedisGcsStorage[] = [];
const logs: string[] = [];

function storage(over: Partial<RedisGcsStorageOptions> = {}): RedisGcsStorage {
  const s = new RedisGcsStorage({ host: '127.0.0.1', port: redis.port, clusterName: 'unit', requestTimeoutMs: 300, retryForMs: 3000, log: (m) => logs.push(m), ...over });
  opened.push(s);
  return s;
}

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString());

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  logs.length = 0;
});

afterAll(async () => {
  await redis?.stop();
  await killAllRedis();
});

describe('Redis GCS storage', () => {
  it('stores, lists and deletes binary values per table', async () => {
    const s = storage({ clusterName: 'crud' });
    const blob = new Uint8Array([0, 255, 1, 128, 10, 13]);
    expect(await s.put('kv:ns', 'a', blob)).toBe(true);
    expect(await s.put('kv:ns', 'a', blob)).toBe(false);
    expect(await s.put('kv:ns', 'a', new Uint8Array([9]), false)).toBe(false);
    expect([...(await s.get('kv:ns', 'a'))!]).toEqual([...blob]);
    // A view into a bigger buffer is stored as the view's bytes only.
    const big = Buffer.from('xxHELLOxx');
    await s.put('kv:ns', 'view', new Uint8Array(big.buffer, big.byteOffset + 2, 5));
    expect(text(await s.get('kv:ns', 'view'))).toBe('HELLO');
    await s.put('kv:ns', 'job*[1]?', Buffer.from('glob'));
    await s.put('kv:ns', 'jobx', Buffer.from('no'));
    expect(await s.keys('kv:ns', 'job*[1]')).toEqual(['job*[1]?']);
    expect((await s.list('kv:ns')).map(([k]) => k).sort()).toEqual(['a', 'job*[1]?', 'jobx', 'view']);
    expect(await s.get('kv:ns', 'missing')).toBeUndefined();
    expect(await s.delete('kv:ns', 'a')).toBe(true);
    expect(await s.delete('kv:ns', 'a')).toBe(false);
    expect(await s.tables()).toEqual(['kv:ns']);
  });

  it('keeps clusters that share one Redis apart by their name', async () => {
    const a = storage({ clusterName: 'alpha' });
    const b = storage({ clusterName: 'beta' });
    await a.put('nodes', 'n1', Buffer.from('alpha-node'));
    await b.put('nodes', 'n1', Buffer.from('beta-node'));
    expect(text(await a.get('nodes', 'n1'))).toBe('alpha-node');
    expect(text(await b.get('nodes', 'n1'))).toBe('beta-node');
    expect(await redis.command('HGET', 'tsray:alpha:nodes', 'n1')).toBe('alpha-node');
    expect(await a.deleteCluster()).toBe(1);
    expect(await a.list('nodes')).toEqual([]);
    expect(text(await b.get('nodes', 'n1'))).toBe('beta-node');
  });

  it('retries a slow request past its deadline until Redis answers', async () => {
    const s = storage({ clusterName: 'slow' });
    await s.ping();
    // Redis stops answering for 800 ms; each attempt times out after 300 ms and is sent again.
    await redis.command('CLIENT', 'PAUSE', '800', 'ALL');
    const t0 = Date.now();
    await s.put('nodes', 'n', Buffer.from('late'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(text(await s.get('nodes', 'n'))).toBe('late');
  });

  it('survives a Redis crash and restart: requests made meanwhile complete, and what was stored is there', async () => {
    const s = storage({ clusterName: 'crash', retryForMs: 10_000 });
    await s.put('actors', 'before', Buffer.from('kept'));
    await redis.kill();
    const during = s.put('actors', 'during', Buffer.from('made while Redis was down'));
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart();
    await during;
    expect(text(await s.get('actors', 'before'))).toBe('kept');
    expect(text(await s.get('actors', 'during'))).toBe('made while Redis was down');
    expect(logs.some((l) => /reconnecting/.test(l))).toBe(true);
  });

  it('fails with a ConnectionError naming Redis once its retries run out, and works again later', async () => {
    const s = storage({ clusterName: 'down', retryForMs: 500 });
    await s.ping();
    await redis.kill();
    try {
      const err = await s.get('nodes', 'n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as Error).message).toMatch(new RegExp(`Redis HGET nodes at 127\\.0\\.0\\.1:${redis.port} failed after \\d+ attempt`));
    } finally {
      await redis.restart();
    }
    // The client reconnects with its own backoff: on a loaded machine that may take longer than
    // this storage's short retry budget, so wait for it before writing.
    for (let i = 0; i < 100; i++) {
      if (await s.ping().then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await s.put('nodes', 'n', Buffer.from('back'));
    expect(text(await s.get('nodes', 'n'))).toBe('back');
  });
});

describe('Redis AUTH', () => {
  let secured: RedisServer;
  beforeAll(async () => {
    secured = await startRedis({ password: 's3cret' });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('connects with the password, and fails at once, saying why, with a wrong one', async () => {
    const ok = storage({ port: secured.port, password: 's3cret', clusterName: 'auth' });
    await ok.put('nodes', 'n', Buffer.from('x'));
    expect(text(await ok.get('nodes', 'n'))).toBe('x');
    for (const password of ['wrong', undefined]) {
      const bad = storage({ port: secured.port, password, clusterName: 'auth', retryForMs: 10_000 });
      const t0 = Date.now();
      const err = await bad.get('nodes', 'n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/refused the GCS's credentials \((WRONGPASS|NOAUTH)/);
      expect(Date.now() - t0).toBeLessThan(3000);
    }
  });
});

describe('a GCS on Redis', () => {
  it('restarted against the same Redis finds its cluster again', async () => {
    const first = new GcsServer({ host: '127.0.0.1', port: 0, storage: storage({ clusterName: 'gcs' }) });
    const port = await first.start();
    let client = await GcsClient.connect(`127.0.0.1:${port}`);
    await client.registerNode({ nodeId: 'n1', resourcesTotal: { CPU: 2 } });
    await client.registerActor({ actorId: 'a1', name: 'keeper', namespace: 'ns', detached: true, requiredResources: { CPU: 1 } });
    await client.kvPut('ns', 'k', Buffer.from('v'));
    const clusterId = first.clusterId;
    client.close();
    await first.stop(100);

    const second = new GcsServer({ host: '127.0.0.1', port: 0, storage: storage({ clusterName: 'gcs' }) });
    const port2 = await second.start();
    client = await GcsClient.connect(`127.0.0.1:${port2}`);
    try {
      expect(second.clusterId).toBe(clusterId);
      expect((await client.getAllNodes(true)).map((n) => n.nodeId)).toEqual(['n1']);
      expect((await client.getNamedActor('keeper', 'ns'))?.actorId).toBe('a1');
      expect(text(await client.kvGet('ns', 'k'))).toBe('v');
    } finally {
      client.close();
      await second.stop(100);
    }
  });
});
