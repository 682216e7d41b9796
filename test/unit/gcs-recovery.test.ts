import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/common/errors.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { TABLES, decodeRecord } from '../../src/gcs/gcs-storage.js';
import { GcsServer, type GcsServerOptions } from '../../src/gcs/gcs-server.js';
import type { ActorTableData, JobTableData, Wire } from '../../src/rpc/messages.js';
import { FlakyStorage } from '../fixtures/gcs-flaky-storage.js';

// A GCS in this process on a storage backend that outlives it: what one GCS stored, the next
// one loads; and what happens to callers while the backend fails.

const servers: GcsServer[] = [];
const clients: GcsClient[] = [];
const fastBackoff = { initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0.2 };

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.stop(100)));
});

async function startGcs(storage: FlakyStorage, options: GcsServerOptions = {}): Promise<{ server: GcsServer; client: GcsClient; logs: string[] }> {
  const logs: string[] = [];
  const server = new GcsServer({ host: '127.0.0.1', port: 0, storage, log: (m) => logs.push(m), restoreBackoff: fastBackoff, ...options });
  servers.push(server);
  const port = await server.start();
  const client = await GcsClient.connect(`127.0.0.1:${port}`, { backoff: fastBackoff });
  clients.push(client);
  return { server, client, logs };
}

function actor(actorId: string, over: Partial<ActorTableData> = {}): Wire<ActorTableData> {
  return { actorId, jobId: '01000000', className: 'Counter', namespace: 'ns', requiredResources: { CPU: 1 }, ...over };
}

const job = (pid: number, startTimeMs: number): Wire<JobTableData> => ({ jobId: '', namespace: 'ns', driverPid: pid, startTimeMs, entrypoint: 'driver.js' });

describe('GCS recovery from its storage', () => {
  it('reloads every table: nodes, jobs, actors (by name too), KV and the cluster id', async () => {
    const storage = new FlakyStorage();
    const first = await startGcs(storage);
    const a = first.client;
    await a.registerNode({ nodeId: 'head', nodeManagerAddress: '10.0.0.1', resourcesTotal: { CPU: 4 }, isHead: true });
    await a.registerNode({ nodeId: 'worker', nodeManagerAddress: '10.0.0.2', resourcesTotal: { CPU: 2, TPU: 1 } });
    const j1 = await a.addJob(job(101, 1000));
    const j2 = await a.addJob(job(102, 2000));
    await a.markJobFinished(j2.jobId);
    const { actor: named } = await a.registerActor(actor('a-named', { name: 'tally', detached: true, jobId: j1.jobId }));
    await a.registerActor(actor('a-plain', { jobId: j1.jobId, requiredResources: { TPU: 1 } }));
    await a.updateActorState('a-named', 'ALIVE', { address: { nodeId: named.nodeId, ipAddress: '10.0.0.1', port: 1, workerId: 'w' }, pid: 7 });
    await a.kvPut('fun', 'pkg:1', new Uint8Array([1, 2, 3, 255]));
    await a.kvPut('other', 'k', Buffer.from('v'));
    const clusterId = first.server.clusterId;
    a.close();
    await first.server.stop(100);

    const second = await startGcs(storage);
    const b = second.client;
    expect(second.server.clusterId).toBe(clusterId);
    expect((await b.getClusterInfo()).clusterId).toBe(clusterId);
    expect(second.server.restored).toEqual({ nodes: 2, aliveNodes: 2, jobs: 2, actors: 2 });
    const nodes = await b.getAllNodes();
    expect(nodes.map((n) => [n.nodeId, n.state]).sort()).toEqual([['head', 'ALIVE'], ['worker', 'ALIVE']]);
    expect(nodes.find((n) => n.nodeId === 'worker')!.resourcesTotal).toEqual({ CPU: 2, TPU: 1 });
    // The resource view is rebuilt from the alive nodes, so actors can be placed at once.
    expect((await b.getResourceView()).nodes.map((n) => n.nodeId).sort()).toEqual(['head', 'worker']);
    const jobs = await b.getAllJobs();
    expect(jobs.map((j) => [j.jobId, j.isDead]).sort()).toEqual([[j1.jobId, false], [j2.jobId, true]]);
    const found = await b.getNamedActor('tally', 'ns');
    expect(found).toMatchObject({ actorId: 'a-named', state: 'ALIVE', pid: 7, detached: true });
    expect((await b.getActor('a-plain'))?.nodeId).toBe('worker');
    expect(Buffer.from((await b.kvGet('fun', 'pkg:1'))!)).toEqual(Buffer.from([1, 2, 3, 255]));
    expect(await b.kvKeys('other')).toEqual(['k']);
    // Job ids go on from the stored ones; the name stays taken.
    expect((await b.addJob(job(103, 3000))).jobId).toBe('03000000');
    await expect(b.registerActor(actor('a-dup', { name: 'tally' }))).rejects.toThrow(/already taken/);
  });

  it('gives reloaded alive nodes a full timeout to heartbeat, then declares the silent ones dead', async () => {
    const storage = new FlakyStorage();
    const first = await startGcs(storage);
    await first.client.registerNode({ nodeId: 'talks', resourcesTotal: { CPU: 1 } });
    await first.client.registerNode({ nodeId: 'silent', resourcesTotal: { CPU: 1 } });
    await first.server.stop(100);

    let now = 1_000_000;
    const second = await startGcs(storage, { now: () => now, nodeDeathTimeoutMs: 5000, healthCheckPeriodMs: 1e9 });
    // Long after the nodes were last heard of by the first GCS, but not by this one: both live.
    now += 4000;
    await second.server.checkHealth();
    expect((await second.client.getAllNodes(true)).length).toBe(2);
    expect(await second.client.heartbeat('talks')).toEqual({ unknownNode: false, nodeDead: false });
    now += 2000;
    await second.server.checkHealth();
    const states = Object.fromEntries((await second.client.getAllNodes()).map((n) => [n.nodeId, n.state]));
    expect(states).toEqual({ talks: 'ALIVE', silent: 'DEAD' });
    expect((await second.client.getAllNodes()).find((n) => n.nodeId === 'silent')!.deathReason).toMatch(/no heartbeat for 6000 ms/);
    // The death is stored, so a third GCS would not revive it.
    expect(decodeRecord<{ state: string }>(storage.tables.get(TABLES.nodes)!.get('silent')!).state).toBe('DEAD');
  });

  it('waits for storage that is unreachable at start instead of serving empty tables', async () => {
    const storage = new FlakyStorage();
    const first = await startGcs(storage);
    await first.client.registerNode({ nodeId: 'n1', resourcesTotal: { CPU: 1 } });
    await first.server.stop(100);
    storage.down = true;
    const logs: string[] = [];
    const server = new GcsServer({ host: '127.0.0.1', port: 0, storage, log: (m) => logs.push(m), restoreBackoff: fastBackoff });
    servers.push(server);
    let started = false;
    const starting = server.start().then(() => (started = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toBe(false);
    expect(logs.some((l) => /cannot load the cluster's tables yet/.test(l))).toBe(true);
    storage.down = false;
    await starting;
    expect(server.nodes.all().map((n) => n.nodeId)).toEqual(['n1']);
  });
});

describe('GCS storage failures', () => {
  it('never crash the GCS: callers are told to retry, their retries succeed once storage is back, and nothing is lost', async () => {
    const storage = new FlakyStorage();
    const { server, client, logs } = await startGcs(storage);
    await client.registerNode({ nodeId: 'n1', resourcesTotal: { CPU: 4 } });
    storage.down = true;
    setTimeout(() => (storage.down = false), 400);
    // Each of these fails at first (storage down) and is retried by the client until it is back.
    const [, registered, added] = await Promise.all([
      client.kvPut('ns', 'k', Buffer.from('during the outage')),
      client.registerActor(actor('a1', { name: 'made-during-outage' })),
      client.addJob(job(555, 5555)),
    ]);
    expect(registered.actor.nodeId).toBe('n1');
    // The GCS kept serving meanwhile, and wrote everything once storage answered.
    expect(server.port).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(storage.value('kv:ns', 'k')).toBe('during the outage');
    expect(storage.tables.get(TABLES.actors)?.has('a1')).toBe(true);
    expect(storage.tables.get(TABLES.jobs)?.has(added.jobId)).toBe(true);
    // The retried AddJob made one job, not one per attempt.
    expect((await client.getAllJobs()).filter((j) => j.driverPid === 555)).toHaveLength(1);
    expect(logs.some((l) => /storage unavailable/.test(l))).toBe(true);
  });

  it('answer with a ConnectionError naming the storage once the caller\'s retries run out, and keep serving reads', async () => {
    const storage = new FlakyStorage();
    const { client } = await startGcs(storage);
    await client.registerNode({ nodeId: 'n1', resourcesTotal: { CPU: 1 } });
    storage.down = true;
    const impatient = await GcsClient.connect(client.address, { retryForMs: 300, backoff: fastBackoff });
    clients.push(impatient);
    const err = await impatient.kvPut('ns', 'k', Buffer.from('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(/cannot reach its storage/);
    // Reads served from the GCS's memory go on; a node's death still reaches the tables.
    expect((await impatient.getAllNodes(true)).map((n) => n.nodeId)).toEqual(['n1']);
    await impatient.unregisterNode('n1', 'test');
    expect((await impatient.getAllNodes(true))).toEqual([]);
    storage.down = false;
  });

  it('makes AddJob idempotent per driver submission (pid, node, start time)', async () => {
    const storage = new FlakyStorage();
    const { client } = await startGcs(storage);
    const a = await client.addJob(job(42, 1234));
    const again = await client.addJob(job(42, 1234));
    const other = await client.addJob(job(42, 9999));
    expect(again.jobId).toBe(a.jobId);
    expect(other.jobId).not.toBe(a.jobId);
    expect(a.startTimeMs).toBe(1234);
    // A finished job's submission is over: the same key starts a new job.
    await client.markJobFinished(a.jobId);
    expect((await client.addJob(job(42, 1234))).jobId).not.toBe(a.jobId);
  });
});
