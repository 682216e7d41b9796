import { afterAll, describe, expect, it } from 'vitest';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { GcsServer } from '../../src/gcs/gcs-server.js';
import { GCS_LIMITS, KvQuota, SubscriptionQuota, checkId, checkResourceAmounts } from '../../src/gcs/request-limits.js';
import { rejection } from '../helpers.js';

describe('GCS request limits (pure)', () => {
  it('checks ids: required, bounded', () => {
    expect(checkId('node-1', 'nodeId')).toBe('node-1');
    expect(() => checkId('', 'nodeId')).toThrow(/nodeId is required/);
    expect(() => checkId(undefined, 'nodeId')).toThrow(/nodeId is required/);
    expect(() => checkId('x'.repeat(GCS_LIMITS.idChars + 1), 'nodeId')).toThrow(/nodeId is 257 characters long; at most 256/);
  });

  it('checks resource amounts: finite, non-negative, bounded, not too many kinds', () => {
    expect(() => checkResourceAmounts({ CPU: 4, memory: 2 ** 40 }, 'total')).not.toThrow();
    for (const bad of [NaN, Infinity, -1, 2 ** 60, '4' as unknown as number]) {
      expect(() => checkResourceAmounts({ CPU: bad }, 'total')).toThrow(/total\.CPU must be a finite number from 0 to/);
    }
    const many = Object.fromEntries(Array.from({ length: GCS_LIMITS.resourceKinds + 1 }, (_, i) => [`r${i}`, 1]));
    expect(() => checkResourceAmounts(many, 'total')).toThrow(/names 1025 resources; at most 1024/);
  });

  it('KvQuota bounds one value and all of them, counting replacements and deletions', () => {
    const q = new KvQuota(100, 250);
    q.check('ns', 'a', 100);
    q.stored('ns', 'a', 100);
    expect(() => q.check('ns', 'b', 101)).toThrow(/KV value of 101 bytes under "b": at most 100/);
    q.stored('ns', 'b', 100);
    expect(() => q.check('ns', 'c', 60)).toThrow(/the KV would hold 260 bytes, over its limit of 250/);
    q.check('ns', 'a', 90); // replacing a's 100 bytes
    q.deleted('ns', 'a');
    q.check('ns', 'c', 100);
    expect(q.bytes).toBe(100);
  });

  it('SubscriptionQuota bounds subscriptions per connection and in all; releases once', () => {
    const q = new SubscriptionQuota(2, 3);
    const a1 = q.take('a');
    q.take('a');
    expect(() => q.take('a')).toThrow(/this connection has 2 open subscriptions/);
    q.take('b');
    expect(() => q.take('c')).toThrow(/the GCS holds 3 subscriptions, its limit/);
    a1();
    a1();
    expect(() => q.take('c')).not.toThrow();
    expect(() => q.take('d')).toThrow(/its limit/);
  });
});

describe('the GCS refuses out-of-bounds requests with clear errors, and stays up', () => {
  const server = new GcsServer({ port: 0 });
  let client: GcsClient;
  afterAll(async () => {
    client?.close();
    await server.stop();
  });

  it('refuses a node with impossible resources, oversized KV values and actor names', async () => {
    const port = await server.start();
    client = await GcsClient.connect(`127.0.0.1:${port}`);
    const node = { nodeId: 'n1', nodeManagerAddress: '127.0.0.1', nodeManagerPort: 1, resourcesTotal: { CPU: -4 } };
    const err = await rejection(client.registerNode(node));
    expect(err.name).toBe('InvalidArgumentError');
    expect(err.message).toMatch(/resourcesTotal\.CPU must be a finite number from 0/);
    expect(await client.getAllNodes()).toEqual([]);
    const big = await rejection(client.kvPut('ns', 'k', new Uint8Array(GCS_LIMITS.kvValueBytes + 1)));
    expect(big.message).toMatch(/at most 134217728 bytes/);
    expect(await client.kvGet('ns', 'k')).toBeUndefined();
    expect(await client.kvPut('ns', 'k', new Uint8Array(10))).toBe(true);
    const named = await rejection(client.registerActor({ actorId: 'a1', name: 'n'.repeat(300), namespace: 'ns' }));
    expect(named.message).toMatch(/RegisterActor: actor\.name is 300 characters long; at most 256/);
    expect(await client.listActors()).toEqual([]);
  });
});
