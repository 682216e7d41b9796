import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, VersionMismatchError } from '../../src/common/errors.js';
import { GcsActorManager } from '../../src/gcs/actor-manager.js';
import { TABLES, decodeRecord } from '../../src/gcs/gcs-storage.js';
import { GcsJobManager, jobIdOf } from '../../src/gcs/job-manager.js';
import { MemoryGcsStorage } from '../../src/gcs/memory-storage.js';
import { GcsNodeManager } from '../../src/gcs/node-manager.js';
import { Publisher } from '../../src/gcs/pubsub.js';
import { ClusterResourceView } from '../../src/gcs/resource-view.js';
import type { ActorTableData, PubMessage, RegisterActorRequest, Wire } from '../../src/rpc/messages.js';
import { PROTOCOL_VERSION } from '../../src/rpc/protocol-version.js';

function setup() {
  let now = 0;
  const storage = new MemoryGcsStorage();
  const publisher = new Publisher();
  const view = new ClusterResourceView();
  const nodes = new GcsNodeManager({ storage, publisher, view, deathTimeoutMs: 1000, now: () => now, wallNow: () => 1_000_000 + now });
  const actors = new GcsActorManager({ storage, publisher, view, wallNow: () => now });
  const jobs = new GcsJobManager({ storage, publisher, wallNow: () => now });
  nodes.onNodeDead((n) => actors.onNodeDead(n.nodeId));
  jobs.onJobFinished((j) => actors.onJobFinished(j.jobId));
  const register = (nodeId: string, resourcesTotal: Record<string, number>) =>
    nodes.register({ node: { nodeId, resourcesTotal }, protocolVersion: PROTOCOL_VERSION }, 'test');
  return { storage, publisher, view, nodes, actors, jobs, register, advance: (ms: number) => (now += ms) };
}

function actorRequest(actor: Partial<ActorTableData>, extra: Partial<RegisterActorRequest> = {}): RegisterActorRequest {
  const base: ActorTableData = {
    actorId: '', jobId: '01000000', name: '', namespace: '', className: 'C', state: 'DEPENDENCIES_UNREADY', nodeId: '', address: null,
    owner: null, detached: false, maxRestarts: 0, numRestarts: 0, requiredResources: {}, schedulingStrategy: null, creationTask: null,
    deathCause: '', startTimeMs: 0, endTimeMs: 0, pid: 0, placementMessage: '',
  };
  return { actor: { ...base, ...actor }, callerNodeId: '', getIfExists: false, avoidNodeIds: [], ...extra };
}

describe('publisher', () => {
  it('delivers each message to every subscriber of its channel, numbered, and survives a broken subscriber', () => {
    const p = new Publisher();
    const a: Wire<PubMessage>[] = [];
    const b: Wire<PubMessage>[] = [];
    p.subscribe(['NODE_INFO'], (m) => a.push(m));
    const stopB = p.subscribe(['NODE_INFO', 'JOB'], (m) => b.push(m));
    p.subscribe(['NODE_INFO'], () => {
      throw new Error('gone');
    });
    expect(p.publish('NODE_INFO', { nodeInfo: { nodeId: 'n' } })).toBe(2);
    expect(p.subscriberCount).toBe(2);
    p.publish('JOB', { job: { jobId: 'j' } });
    stopB();
    p.publish('NODE_INFO', { nodeInfo: { nodeId: 'm' } });
    expect(a.map((m) => m.sequence)).toEqual([1, 3]);
    expect(b.map((m) => m.channel)).toEqual(['NODE_INFO', 'JOB']);
  });
});

describe('cluster resource view', () => {
  it('takes reports, drops stale ones, and flags only real changes', () => {
    const v = new ClusterResourceView();
    v.addNode('a', { CPU: 4 });
    expect(v.takeChanged()).toBe(true);
    expect(v.report({ nodeId: 'a', available: { CPU: 2 }, version: 5 })).toBe('changed');
    expect(v.report({ nodeId: 'a', available: { CPU: 3 }, version: 4 })).toBe('stale');
    expect(v.report({ nodeId: 'a', available: { CPU: 2 }, version: 6 })).toBe('unchanged');
    expect(v.report({ nodeId: 'z', available: {} })).toBe('unknown');
    v.takeChanged();
    expect(v.takeChanged()).toBe(false);
    expect(v.snapshot().nodes).toEqual([{ nodeId: 'a', total: { CPU: 4 }, available: { CPU: 2 }, pendingTasks: 0, version: 6 }]);
  });

  it('takes placed resources out in fixed point until the next report', () => {
    const v = new ClusterResourceView();
    v.addNode('g', { GPU: 1 });
    v.acquire('g', { GPU: 0.1 });
    v.acquire('g', { GPU: 0.2 });
    expect(v.get('g')!.available.GPU).toBe(0.7);
  });
});

describe('GCS node manager', () => {
  it('refuses another protocol version, naming both', async () => {
    const { nodes } = setup();
    const err = await nodes.register({ node: { nodeId: 'a' }, protocolVersion: '0.0.1-old' }, '10.0.0.9:5555').catch((e) => e);
    expect(err).toBeInstanceOf(VersionMismatchError);
    expect(err.message).toContain('0.0.1-old');
    expect(err.message).toContain(PROTOCOL_VERSION);
  });

  it('declares a silent node dead, tells subscribers, and drops it from the view', async () => {
    const s = setup();
    const seen: Wire<PubMessage>[] = [];
    s.publisher.subscribe(['NODE_INFO'], (m) => seen.push(m));
    await s.register('a', { CPU: 1 });
    await s.register('b', { CPU: 1 });
    s.advance(700);
    s.nodes.heartbeat('a');
    s.advance(400);
    expect((await s.nodes.checkDeaths()).map((n) => n.nodeId)).toEqual(['b']);
    expect(s.view.has('b')).toBe(false);
    expect(s.view.has('a')).toBe(true);
    const deathNote = seen.at(-1)!.nodeInfo!;
    expect(deathNote).toMatchObject({ nodeId: 'b', state: 'DEAD', endTimeMs: 1_001_100 });
    expect(deathNote.deathReason).toMatch(/no heartbeat for 1100 ms \(timeout 1000 ms\)/);
    expect(s.nodes.heartbeat('b')).toEqual({ unknownNode: false, nodeDead: true });
    // The death is written through, so a GCS restarted on persistent storage remembers it.
    expect(decodeRecord<{ state: string }>((await s.storage.get(TABLES.nodes, 'b'))!).state).toBe('DEAD');
  });
});

describe('GCS actor manager', () => {
  it('keeps names unique per namespace and frees a name when its actor dies', async () => {
    const s = setup();
    await s.register('a', { CPU: 2 });
    await s.actors.register(actorRequest({ actorId: 'x1', name: 'c', namespace: 'ns' }));
    await s.actors.register(actorRequest({ actorId: 'x2', name: 'c', namespace: 'other' }));
    await expect(s.actors.register(actorRequest({ actorId: 'x3', name: 'c', namespace: 'ns' }))).rejects.toThrow(InvalidArgumentError);
    const again = await s.actors.register(actorRequest({ actorId: 'x3', name: 'c', namespace: 'ns' }, { getIfExists: true }));
    expect(again).toMatchObject({ existed: true, actor: { actorId: 'x1' } });
    await s.actors.kill('x1', true);
    expect(s.actors.getNamed('c', 'ns')).toBeUndefined();
    expect(s.actors.get('x1')).toMatchObject({ state: 'DEAD', deathCause: 'killed by ray.kill' });
    await s.actors.register(actorRequest({ actorId: 'x4', name: 'c', namespace: 'ns' }));
    expect(s.actors.getNamed('c', 'ns')?.actorId).toBe('x4');
  });

  it('restarts the actors of a dead node elsewhere within maxRestarts, and ends those owned from it', async () => {
    const s = setup();
    await s.register('a', { CPU: 8 });
    await s.register('b', { CPU: 2 });
    const owner = { nodeId: 'a', ipAddress: '', port: 0, workerId: 'w' };
    await s.actors.register(actorRequest({ actorId: 'r', requiredResources: { CPU: 1 }, maxRestarts: 1 }, { callerNodeId: 'a' }));
    await s.actors.register(actorRequest({ actorId: 'once', requiredResources: { CPU: 1 } }, { callerNodeId: 'a' }));
    await s.actors.register(actorRequest({ actorId: 'owned', owner }, { callerNodeId: 'b' }));
    await s.actors.register(actorRequest({ actorId: 'detached', owner, detached: true, maxRestarts: 1 }, { callerNodeId: 'a' }));
    expect(['r', 'once', 'owned', 'detached'].map((id) => s.actors.get(id)!.nodeId)).toEqual(['a', 'a', 'b', 'a']);
    s.advance(500);
    s.nodes.heartbeat('b');
    s.advance(600);
    await s.nodes.checkDeaths();
    expect(s.actors.get('r')).toMatchObject({ state: 'RESTARTING', nodeId: 'b', numRestarts: 1 });
    expect(s.actors.get('r')!.deathCause).toMatch(/node a died/);
    expect(s.actors.get('once')!.state).toBe('DEAD');
    expect(s.actors.get('once')!.deathCause).toMatch(/no restarts left/);
    // Owned from the dead node: gone even though it ran elsewhere; detached actors outlive their owner.
    expect(s.actors.get('owned')!.state).toBe('DEAD');
    expect(s.actors.get('owned')!.deathCause).toMatch(/owner's node a died/);
    expect(s.actors.get('detached')).toMatchObject({ state: 'RESTARTING', nodeId: 'b' });
  });

  it('keeps a detached actor on a live node ALIVE and named when its owner node dies; a kill then frees its name', async () => {
    const s = setup();
    await s.register('head', { CPU: 1 });
    await s.register('b', { CPU: 1, keeper: 1 });
    const owner = { nodeId: 'head', ipAddress: '', port: 0, workerId: '' };
    await s.actors.register(actorRequest({ actorId: 'k', name: 'keeper', namespace: 'ft', owner, detached: true, requiredResources: { keeper: 1 } }, { callerNodeId: 'head' }));
    expect(s.actors.get('k')!.nodeId).toBe('b');
    await s.actors.updateState({ actorId: 'k', state: 'ALIVE', address: { nodeId: 'b', ipAddress: '', port: 0, workerId: '' }, pid: 7, deathCause: '', avoidNodeIds: [] });
    s.advance(500);
    s.nodes.heartbeat('b');
    s.advance(600);
    expect((await s.nodes.checkDeaths()).map((n) => n.nodeId)).toEqual(['head']);
    // Its node lives: nothing changes (the node running it takes it over, see ActorManager.adopt).
    expect(s.actors.get('k')).toMatchObject({ state: 'ALIVE', nodeId: 'b', numRestarts: 0 });
    expect(s.actors.getNamed('keeper', 'ft')?.actorId).toBe('k');
    await expect(s.actors.register(actorRequest({ actorId: 'k2', name: 'keeper', namespace: 'ft' }))).rejects.toThrow(/already taken/);
    await s.actors.kill('k', true);
    expect(s.actors.get('k')).toMatchObject({ state: 'DEAD', deathCause: 'killed by ray.kill' });
    expect(s.actors.getNamed('keeper', 'ft')).toBeUndefined();
    await s.actors.register(actorRequest({ actorId: 'k2', name: 'keeper', namespace: 'ft' }));
    expect(s.actors.getNamed('keeper', 'ft')?.actorId).toBe('k2');
  });

  it("leaves an actor whose owner lives to that owner's restart, and re-places it once when told", async () => {
    const s = setup();
    await s.register('a', { CPU: 1 });
    await s.register('b', { CPU: 1 });
    await s.register('c', { CPU: 1 });
    const owner = { nodeId: 'a', ipAddress: '', port: 0, workerId: '' };
    await s.actors.register(actorRequest({ actorId: 'm', owner, requiredResources: { CPU: 1 }, maxRestarts: 1, schedulingStrategy: { kind: 'NODE_AFFINITY', nodeId: 'b', soft: true, placementGroupId: '', bundleIndex: 0 } }, { callerNodeId: 'a' }));
    expect(s.actors.get('m')!.nodeId).toBe('b');
    s.advance(500);
    s.nodes.heartbeat('a');
    s.nodes.heartbeat('c');
    s.advance(600);
    await s.nodes.checkDeaths();
    // The owner has not said yet: no restart is spent for it.
    expect(s.actors.get('m')).toMatchObject({ numRestarts: 0, nodeId: 'b' });
    // The owner also failed to reach `a` just now: the GCS, which still thinks it alive, skips it.
    const moved = await s.actors.updateState({ actorId: 'm', state: 'RESTARTING', address: null, pid: 0, deathCause: 'its node b died', avoidNodeIds: ['a'] });
    expect(moved).toMatchObject({ state: 'RESTARTING', numRestarts: 1, nodeId: 'c' });
  });

  it('waits for room and places the actor when a node joins', async () => {
    const s = setup();
    await s.register('small', { CPU: 1 });
    const { actor } = await s.actors.register(actorRequest({ actorId: 'big', requiredResources: { CPU: 4 } }));
    expect(actor.nodeId).toBe('');
    expect(actor.placementMessage).toMatch(/^infeasible: .*CPU: requested 4, the largest node has 1/);
    await s.register('large', { CPU: 8 });
    expect(await s.actors.retryUnplaced()).toBe(1);
    expect(s.actors.get('big')!.nodeId).toBe('large');
  });

  it('ends non-detached actors when their job finishes', async () => {
    const s = setup();
    await s.register('a', { CPU: 1 });
    const job = await s.jobs.add({});
    expect(job.jobId).toBe(jobIdOf(1));
    expect(job.jobId).toBe('01000000');
    await s.actors.register(actorRequest({ actorId: 'd', jobId: job.jobId, detached: true }));
    await s.actors.register(actorRequest({ actorId: 'n', jobId: job.jobId }));
    await s.jobs.finish(job.jobId);
    expect(s.actors.get('n')!.state).toBe('DEAD');
    expect(s.actors.get('d')!.state).toBe('PENDING_CREATION');
    expect((await s.jobs.add({})).jobId).toBe('02000000');
  });

  it('keeps a dead actor dead when a late ALIVE report arrives', async () => {
    const s = setup();
    await s.register('a', { CPU: 1 });
    await s.actors.register(actorRequest({ actorId: 'k' }));
    await s.actors.kill('k', true);
    const after = await s.actors.updateState({ actorId: 'k', state: 'ALIVE', address: null, pid: 1, deathCause: '', avoidNodeIds: [] });
    expect(after.state).toBe('DEAD');
  });
});
