import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { ConnectionError, InvalidArgumentError, VersionMismatchError } from '../../src/common/errors.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import type { ActorTableData, GcsNodeInfo, PubMessage, ResourceView } from '../../src/rpc/messages.js';
import { PROTOCOL_VERSION } from '../../src/rpc/protocol-version.js';
import { killAll, spawnTs, startGcs, waitForOutput, root, type GcsProcess, type Started } from '../fixtures/gcs-process.js';
import { rejection, until } from '../helpers.js';

// A GCS process on loopback with a 1 s node death timeout; clients in this process and fake
// nodes in their own processes talk to it over real gRPC.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


let gcs: GcsProcess;
const clients: GcsClient[] = [];
const fakeNodes: Started[] = [];

async function connect(options?: Parameters<typeof GcsClient.connect>[1]): Promise<GcsClient> {
  const c = await GcsClient.connect(gcs.address, options);
  clients.push(c);
  return c;
}

/** Records what a subscriber hears. */
function observe(client: GcsClient, channels: PubMessage['channel'][]) {
  const messages: PubMessage[] = [];
  const sub = client.subscribe(channels, (m) => messages.push(m));
  const nodeEvents = (nodeId: string) => messages.filter((m) => m.nodeInfo?.nodeId === nodeId).map((m) => m.nodeInfo!);
  const lastView = (): ResourceView | undefined => messages.filter((m) => m.resourceView).at(-1)?.resourceView ?? undefined;
  const actorStates = (actorId: string) => messages.filter((m) => m.actor?.actorId === actorId).map((m) => m.actor!.state);
  return { messages, sub, nodeEvents, lastView, actorStates };
}

beforeAll(async () => {
  gcs = await startGcs(['--node-death-timeout-ms', '1000', '--resource-broadcast-period-ms', '50']);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const n of fakeNodes.splice(0)) {
    if (n.child.exitCode === null && n.child.signalCode === null) {
      n.child.kill('SIGKILL');
      await n.exited;
    }
  }
});

afterAll(async () => {
  await killAll();
});

describe('GCS nodes and the resource view', () => {
  it('pushes two registered nodes and their reported resources to a subscriber', async () => {
    const watcher = observe(await connect(), ['NODE_INFO', 'RESOURCE_VIEW']);
    await watcher.sub.ready;
    const a = await connect();
    const b = await connect();
    const reply = await a.registerNode({ nodeId: 'view-a', nodeManagerAddress: '127.0.0.1', nodeManagerPort: 7001, resourcesTotal: { CPU: 4 } });
    expect(reply.node).toMatchObject({ nodeId: 'view-a', state: 'ALIVE', protocolVersion: PROTOCOL_VERSION });
    expect(reply.nodeDeathTimeoutMs).toBe(1000);
    await b.registerNode({ nodeId: 'view-b', nodeManagerAddress: '127.0.0.1', nodeManagerPort: 7002, resourcesTotal: { CPU: 2, GPU: 1 } });
    a.startHeartbeats('view-a', { periodMs: 100, resources: () => ({ available: { CPU: 2.5 }, pendingTasks: 3 }) });
    b.startHeartbeats('view-b', { periodMs: 100, resources: () => ({ available: { CPU: 2, GPU: 0.5 } }) });

    const view = await until('a view with both nodes as reported', () => {
      const v = watcher.lastView();
      const na = v?.nodes.find((n) => n.nodeId === 'view-a');
      const nb = v?.nodes.find((n) => n.nodeId === 'view-b');
      return na?.available.CPU === 2.5 && nb?.available.GPU === 0.5 && v;
    });
    expect(view.nodes.find((n) => n.nodeId === 'view-a')).toMatchObject({ total: { CPU: 4 }, available: { CPU: 2.5 }, pendingTasks: 3 });
    expect(view.nodes.find((n) => n.nodeId === 'view-b')).toMatchObject({ total: { CPU: 2, GPU: 1 }, available: { CPU: 2, GPU: 0.5 } });
    expect(watcher.nodeEvents('view-a').map((n) => n.state)).toContain('ALIVE');
    expect(watcher.nodeEvents('view-b').map((n) => n.state)).toContain('ALIVE');
    const alive = (await a.getAllNodes(true)).map((n) => n.nodeId);
    expect(alive).toEqual(expect.arrayContaining(['view-a', 'view-b']));
    // A subscriber that arrives later gets the same picture as a snapshot.
    const late = observe(await connect(), ['NODE_INFO', 'RESOURCE_VIEW']);
    await until('the snapshot', () => late.lastView()?.nodes.some((n) => n.nodeId === 'view-b' && n.available.GPU === 0.5));
    expect(late.nodeEvents('view-a')[0]).toMatchObject({ state: 'ALIVE', nodeManagerPort: 7001 });
  });

  it('declares a killed node dead after the timeout and tells every subscriber', async () => {
    const watchers = [observe(await connect(), ['NODE_INFO', 'RESOURCE_VIEW']), observe(await connect(), ['NODE_INFO'])];
    await Promise.all(watchers.map((w) => w.sub.ready));
    const victim = spawnTs(`${root}test/fixtures/gcs-fake-node.ts`, [gcs.address, 'victim', '{"CPU":3}']);
    const survivor = spawnTs(`${root}test/fixtures/gcs-fake-node.ts`, [gcs.address, 'survivor', '{"CPU":1}']);
    fakeNodes.push(victim, survivor);
    await Promise.all([waitForOutput(victim, /registered victim/), waitForOutput(survivor, /registered survivor/)]);
    await until('the victim in the view', () => watchers[0]!.lastView()?.nodes.some((n) => n.nodeId === 'victim'));

    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const deaths = await Promise.all(
      watchers.map((w) => until('the death notice', () => w.nodeEvents('victim').find((n) => n.state === 'DEAD'))),
    );
    const after = Date.now() - killedAt;
    // Silence is measured from the last heartbeat (every 100 ms), so death comes a timeout after it.
    expect(after).toBeGreaterThan(700);
    expect(after).toBeLessThan(5000);
    for (const d of deaths) expect(d.deathReason).toMatch(/no heartbeat for \d+ ms \(timeout 1000 ms\)/);
    await until('a view without the victim', () => {
      const v = watchers[0]!.lastView();
      return v && !v.nodes.some((n) => n.nodeId === 'victim') && v.nodes.some((n) => n.nodeId === 'survivor');
    });
    const all = await clients[0]!.getAllNodes();
    expect(all.find((n) => n.nodeId === 'victim')?.state).toBe('DEAD');
    expect(all.find((n) => n.nodeId === 'survivor')?.state).toBe('ALIVE');
  });

  it('tells a node whose heartbeats stopped that it was declared dead, and refuses its id afterwards', async () => {
    const node = await connect();
    await node.registerNode({ nodeId: 'paused', resourcesTotal: { CPU: 1 } });
    const beat = node.startHeartbeats('paused', { periodMs: 100 });
    await sleep(300);
    beat.stop();
    const dead = await until('the death', async () => (await node.getAllNodes()).find((x) => x.nodeId === 'paused' && x.state === 'DEAD'));
    expect(dead.deathReason).toMatch(/no heartbeat/);
    let toldDead = false;
    await new Promise<void>((resolve) => node.startHeartbeats('paused', { periodMs: 100, onDead: () => ((toldDead = true), resolve()) }));
    expect(toldDead).toBe(true);
    const again = await rejection(node.registerNode({ nodeId: 'paused', resourcesTotal: { CPU: 1 } }));
    expect(again.name).toBe('NodeDiedError');
    expect(again.message).toMatch(/paused was declared dead/);
  });

  it('marks a node that unregisters dead at once', async () => {
    const watcher = observe(await connect(), ['NODE_INFO']);
    await watcher.sub.ready;
    const node = await connect();
    await node.registerNode({ nodeId: 'leaving', resourcesTotal: { CPU: 1 } });
    await node.unregisterNode('leaving', 'tsray stop');
    const note = await until('the notice', () => watcher.nodeEvents('leaving').find((n) => n.state === 'DEAD'), 2000);
    expect(note.deathReason).toBe('unregistered: tsray stop');
  });
});

describe('GCS internal KV', () => {
  it('puts, gets, checks, lists and deletes keys per namespace', async () => {
    const kv = await connect();
    expect(await kv.kvPut('ns1', 'fn:a', Buffer.from('one'))).toBe(true);
    expect(await kv.kvPut('ns1', 'fn:b', Buffer.from('two'))).toBe(true);
    expect(await kv.kvPut('ns1', 'other', Buffer.from('three'))).toBe(true);
    expect(await kv.kvPut('ns2', 'fn:a', Buffer.from('elsewhere'))).toBe(true);
    // Without overwrite an existing key keeps its value; with it, it changes.
    expect(await kv.kvPut('ns1', 'fn:a', Buffer.from('ignored'), false)).toBe(false);
    expect(Buffer.from((await kv.kvGet('ns1', 'fn:a'))!).toString()).toBe('one');
    expect(await kv.kvPut('ns1', 'fn:a', Buffer.from('uno'))).toBe(false);
    expect(Buffer.from((await kv.kvGet('ns1', 'fn:a'))!).toString()).toBe('uno');
    expect(await kv.kvGet('ns1', 'missing')).toBeUndefined();
    expect(await kv.kvExists('ns1', 'fn:b')).toBe(true);
    expect(await kv.kvExists('ns2', 'fn:b')).toBe(false);
    expect(await kv.kvKeys('ns1')).toEqual(['fn:a', 'fn:b', 'other']);
    expect(await kv.kvKeys('ns1', 'fn:')).toEqual(['fn:a', 'fn:b']);
    expect(await kv.kvDel('ns1', 'other')).toBe(1);
    expect(await kv.kvDel('ns1', 'other')).toBe(0);
    expect(await kv.kvDel('ns1', 'fn:', true)).toBe(2);
    expect(await kv.kvKeys('ns1')).toEqual([]);
    expect(Buffer.from((await kv.kvGet('ns2', 'fn:a'))!).toString()).toBe('elsewhere');
    expect(await rejection(kv.kvGet('ns1', ''))).toBeInstanceOf(InvalidArgumentError);
  });

  it('stores binary values of several MiB unchanged', async () => {
    const kv = await connect();
    const value = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < value.length; i += 4096) value[i] = (i / 4096) % 256;
    await kv.kvPut('pkg', 'workdir:abc', value);
    expect(Buffer.compare(Buffer.from((await kv.kvGet('pkg', 'workdir:abc'))!), value)).toBe(0);
  });
});

describe('GCS actors', () => {
  it('registers and places an actor, finds it by name from another client, and publishes its states', async () => {
    const raylet = await connect();
    await raylet.registerNode({ nodeId: 'actor-node-1', resourcesTotal: { CPU: 4 } });
    await raylet.registerNode({ nodeId: 'actor-node-2', resourcesTotal: { CPU: 4, GPU: 1 } });
    raylet.startHeartbeats('actor-node-1', { periodMs: 100 });
    raylet.startHeartbeats('actor-node-2', { periodMs: 100 });
    const watcher = observe(await connect(), ['ACTOR']);
    await watcher.sub.ready;

    const driver1 = await connect();
    const owner = { nodeId: 'actor-node-1', ipAddress: '127.0.0.1', port: 9000, workerId: 'driver-1' };
    const { actor } = await driver1.registerActor(
      { actorId: 'actor-c1', jobId: '01000000', name: 'c1', namespace: 'ns', className: 'Counter', owner, requiredResources: { CPU: 1 }, maxRestarts: 2 },
      { callerNodeId: 'actor-node-1' },
    );
    expect(actor).toMatchObject({ state: 'PENDING_CREATION', nodeId: 'actor-node-1', numRestarts: 0 });
    const gpu = await driver1.registerActor({ actorId: 'actor-g', namespace: 'ns', owner, requiredResources: { GPU: 1 } }, { callerNodeId: 'actor-node-1' });
    expect(gpu.actor.nodeId).toBe('actor-node-2');

    // The hosting raylet reports the actor alive; a second driver finds it by name.
    await raylet.updateActorState('actor-c1', 'ALIVE', { address: { nodeId: 'actor-node-1', ipAddress: '127.0.0.1', port: 9100, workerId: 'w1' }, pid: 4242 });
    const driver2 = await connect();
    const found = await driver2.getNamedActor('c1', 'ns');
    expect(found).toMatchObject({ actorId: 'actor-c1', state: 'ALIVE', nodeId: 'actor-node-1', pid: 4242, className: 'Counter' });
    expect(found!.address).toMatchObject({ port: 9100, workerId: 'w1' });
    expect(await driver2.getNamedActor('c1', 'other-ns')).toBeUndefined();
    expect((await driver2.getActor('actor-g'))?.requiredResources).toEqual({ GPU: 1 });

    const taken = await rejection(driver2.registerActor({ actorId: 'actor-c1b', name: 'c1', namespace: 'ns' }));
    expect(taken).toBeInstanceOf(InvalidArgumentError);
    expect(taken.message).toMatch(/"c1" is already taken in namespace "ns"/);
    const existing = await driver2.registerActor({ actorId: 'actor-c1b', name: 'c1', namespace: 'ns' }, { getIfExists: true });
    expect(existing).toMatchObject({ existed: true, actor: { actorId: 'actor-c1' } });
    expect((await driver2.listActors({ namespace: 'ns' })).map((a: ActorTableData) => a.actorId).sort()).toEqual(['actor-c1', 'actor-g']);

    // ray.kill without noRestart restarts it; with noRestart it is gone and its name is free.
    expect((await driver1.killActor('actor-c1', { noRestart: false })).state).toBe('RESTARTING');
    const killed = await driver1.killActor('actor-c1');
    expect(killed).toMatchObject({ state: 'DEAD', deathCause: 'killed by ray.kill', numRestarts: 1 });
    expect(await driver2.getNamedActor('c1', 'ns')).toBeUndefined();
    await until('the published states', () => watcher.actorStates('actor-c1').includes('DEAD'));
    expect(watcher.actorStates('actor-c1')).toEqual(['PENDING_CREATION', 'ALIVE', 'RESTARTING', 'DEAD']);
  });
});

describe('GCS jobs and versions', () => {
  it('adds jobs with consecutive Ray-style ids and marks them finished', async () => {
    const driver = await connect();
    const j1 = await driver.addJob({ namespace: 'jobs', driverPid: process.pid, entrypoint: 'node main.js' });
    const j2 = await driver.addJob({ namespace: 'jobs', driverPid: process.pid });
    expect(j1.jobId).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(j2.jobId, 'hex').readUInt32LE()).toBe(Buffer.from(j1.jobId, 'hex').readUInt32LE() + 1);
    expect(j1).toMatchObject({ isDead: false, entrypoint: 'node main.js', endTimeMs: 0 });
    await driver.markJobFinished(j1.jobId);
    const jobs = await driver.getAllJobs();
    expect(jobs.find((j) => j.jobId === j1.jobId)).toMatchObject({ isDead: true });
    expect(jobs.find((j) => j.jobId === j1.jobId)!.endTimeMs).toBeGreaterThan(0);
    expect(jobs.find((j) => j.jobId === j2.jobId)?.isDead).toBe(false);
    expect(await rejection(driver.markJobFinished('ffffffff'))).toBeInstanceOf(InvalidArgumentError);
  });

  it('refuses a node or a driver of another protocol version, naming both versions', async () => {
    const other = await connect({ protocolVersion: '0.0.1-other' });
    for (const attempt of [other.registerNode({ nodeId: 'old-node', resourcesTotal: { CPU: 1 } }), other.addJob({ namespace: 'x' })]) {
      const err = await rejection(attempt);
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.message).toContain('0.0.1-other');
      expect(err.message).toContain(`version ${PROTOCOL_VERSION}`);
    }
    expect((await other.getAllNodes()).some((n: GcsNodeInfo) => n.nodeId === 'old-node')).toBe(false);
  });

  it('fails to connect to a wrong address within seconds, naming it', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const t0 = Date.now();
    const err = await rejection(GcsClient.connect(`127.0.0.1:${port}`));
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`tsray GCS at 127.0.0.1:${port}`);
  });
});
