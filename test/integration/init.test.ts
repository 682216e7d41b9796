import { afterEach, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import * as ray from '../../src/index.js';
import { square } from '../fixtures/tasks.js';

afterEach(() => ray.shutdown());

describe('init and shutdown', () => {
  it('starts an embedded cluster with default resources and stops it', async () => {
    expect(ray.isInitialized()).toBe(false);
    await ray.init({ logToDriver: false });
    expect(ray.isInitialized()).toBe(true);
    const total = await ray.clusterResources();
    expect(total.CPU).toBe(availableParallelism());
    expect(total.GPU).toBeUndefined();
    expect(total.memory).toBeGreaterThan(0);
    expect(total.object_store_memory).toBeGreaterThan(0);
    const nodes = await ray.nodes();
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.alive).toBe(true);
    expect(nodes[0]!.nodeId).toBe(ray.getRuntimeContext().nodeId);
    expect(await ray.get(square.remote(4))).toBe(16);
    await ray.shutdown();
    expect(ray.isInitialized()).toBe(false);
    await ray.shutdown(); // twice is fine
  });

  it('takes numCpus, numGpus, custom resources and a namespace', async () => {
    await ray.init({ numCpus: 3, numGpus: 2, resources: { TPU: 4 }, namespace: 'team-a', logToDriver: false });
    const total = await ray.clusterResources();
    expect(total).toMatchObject({ CPU: 3, GPU: 2, TPU: 4 });
    expect(await ray.availableResources()).toMatchObject({ CPU: 3, GPU: 2, TPU: 4 });
    expect(ray.getRuntimeContext().namespace).toBe('team-a');
  });

  it('takes a logical CPU count far above the machine\'s cores (1e9) and runs tasks at once', async () => {
    await ray.init({ numCpus: 1e9, logToDriver: false });
    expect((await ray.clusterResources()).CPU).toBe(1e9);
    expect(await ray.get(square.remote(7))).toBe(49);
    await ray.shutdown();
  });

  it('refuses a second init without shutdown', async () => {
    await ray.init({ numCpus: 1, logToDriver: false });
    await expect(ray.init()).rejects.toThrow(/already initialized.*shutdown/);
  });

  it('rejects invalid init options and addresses it cannot reach', async () => {
    await expect(ray.init({ numCpus: -2 })).rejects.toThrow(/numCpus must be a number >= 0/);
    await expect(ray.init({ numCPUs: 2 } as never)).rejects.toThrow(/unknown option "numCPUs"/);
    await expect(ray.init({ resources: { TPU: 'many' } as never })).rejects.toThrow(/resources.TPU/);
    await expect(ray.init({ address: 'not-an-address' })).rejects.toThrow(/Invalid cluster address "not-an-address": expected HOST:PORT/);
    await expect(ray.init({ address: '127.0.0.1:6380', numCpus: 2 })).rejects.toThrow(/numCpus describe a node/);
    await expect(ray.init({ workerHeapLimitMb: 1 })).rejects.toThrow(/workerHeapLimitMb must be at least 32 .*got 1/);
    // Nothing listens there: a clear error naming the address, within seconds.
    const started = Date.now();
    const err = await ray.init({ address: '127.0.0.1:1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ray.ConnectionError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(ray.isInitialized()).toBe(false);
  });
});
