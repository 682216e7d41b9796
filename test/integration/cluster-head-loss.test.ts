import { beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { Counter } from '../fixtures/actors.js';
import { FtCluster, alive, ftClusterHooks, until } from '../fixtures/gcs-ft-cluster.js';
import { startRedis, type RedisServer } from '../fixtures/redis-server.js';

// Whole-head loss with a Redis-backed head (issue 14): SIGKILL of the head's GCS and raylet, then
// `tsray start --head` again on the same port and Redis. Detached actors are the GCS's (Ray's
// rule): one living on another node goes on serving, new drivers find, call and kill it, and
// drivers attach only to a raylet that runs.
describe('a Redis-backed cluster that loses its whole head', () => {
  let redis: RedisServer;
  let cluster: FtCluster;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = new FtCluster(redis, 'headloss');
    await cluster.startHead();
    // Two nodes can host the detached actors (they need `keeper`); the head cannot.
    await cluster.addNode('--num-cpus', '1', '--resources', '{"keeper": 1}');
    await cluster.addNode('--num-cpus', '1', '--resources', '{"keeper": 1}');
  }, 120_000);
  const { gcsClient, closeClients } = ftClusterHooks(() => ({ cluster, redis }));


  /** The head that runs (a killed head's record stays, its folder kept until `tsray stop`). */
  const liveHead = () => cluster.records().find((r) => r.isHead && alive(r.rayletPid))!;
  const portOf = (address: string) => address.slice(address.lastIndexOf(':') + 1);
  const restartHead = (port: string) =>
    cluster.cli('start', '--head', '--port', port, '--num-cpus', '1', '--redis-address', redis.address, '--cluster-name', 'headloss');

  it('records each daemon\'s start time with its pid, so a reused pid is never taken for it', () => {
    for (const r of cluster.records()) {
      expect(r.rayletStartTime).toBeGreaterThan(0);
      if (r.isHead) expect(r.gcsStartTime).toBeGreaterThan(0);
    }
  });

  it('has `tsray start --head --gcs-only` right after a GCS SIGKILL recover from Redis, not start empty', async () => {
    const pid = cluster.head().gcsPid!;
    // No wait for the process to be reaped: a zombie must not count as a running GCS.
    process.kill(pid, 'SIGKILL');
    const out = await cluster.restartGcs();
    expect(out).toMatch(/restarted the GCS of the head node at \S+; recovered from Redis: 3 node\(s\)/);
    expect(cluster.head().gcsPid).not.toBe(pid);
    expect(alive(cluster.head().gcsPid)).toBe(true);
    expect((await (await gcsClient()).getAllNodes(true)).length).toBe(3);
  }, 120_000);

  it('keeps a detached actor on another node serving through the loss; a new driver finds, calls and kills it, and its name is free again', async () => {
    const created = await cluster.driver<{ value: number; actorId: string; nodeId: string }>('head-loss-driver.ts', [cluster.address, 'create', 'keeper']);
    expect(created.value).toBe(105);
    const head = liveHead();
    const before = await (await gcsClient()).getActor(created.actorId);
    // Created by a driver of the head node, living on another one.
    expect(before).toMatchObject({ state: 'ALIVE', detached: true });
    expect(created.nodeId).toBe(head.nodeId);
    expect(cluster.records().find((r) => r.nodeId === before!.nodeId)?.isHead).toBe(false);
    closeClients();

    // The whole head goes at once.
    process.kill(head.gcsPid!, 'SIGKILL');
    process.kill(head.rayletPid!, 'SIGKILL');
    await until('the head to be gone', () => !alive(head.gcsPid) && !alive(head.rayletPid), 10_000);
    const port = portOf(head.gcsAddress);
    await restartHead(port);
    expect(cluster.records().filter((r) => r.isHead)).toHaveLength(2);

    // Right away: the dead head's socket is still there, and the GCS may still list its node.
    await ray.init({ address: cluster.address, namespace: 'ft' });
    expect(ray.getRuntimeContext().nodeId).not.toBe(head.nodeId);
    const keeper = await ray.getActor<{ get(): number; inc(by?: number): number }>('keeper', { namespace: 'ft' });
    expect(await ray.get(keeper.get.remote())).toBe(105);
    expect(await ray.get(keeper.inc.remote(1))).toBe(106);
    expect(await ray.get([keeper.inc.remote(1), keeper.inc.remote(1), keeper.get.remote()])).toEqual([107, 108, 108]);

    await ray.kill(keeper);
    const gcs = await gcsClient();
    const dead = await until('the GCS to list the killed actor dead', async () => {
      const a = await gcs.getActor(created.actorId);
      return a?.state === 'DEAD' && a;
    });
    expect(dead.deathCause).toMatch(/kill/);
    await expect(ray.getActor('keeper', { namespace: 'ft' })).rejects.toThrow(/keeper/);
    await expect(ray.get(keeper.get.remote())).rejects.toBeInstanceOf(ray.ActorDiedError);

    // The name is free: a new actor takes it.
    const again = Counter.options({ name: 'keeper', lifetime: 'detached', resources: { keeper: 1 } }).remote(7);
    expect(await ray.get(again.inc.remote(1))).toBe(8);
    expect((await gcs.getNamedActor('keeper', 'ft'))?.actorId).toBe(again.actorId);
    await ray.kill(again);
  }, 180_000);

  it('restarts a detached actor elsewhere per its maxRestarts when its node dies after its owner (the head) did', async () => {
    const created = await cluster.driver<{ value: number; actorId: string; nodeId: string }>('head-loss-driver.ts', [cluster.address, 'create', 'phoenix', '1']);
    expect(created.value).toBe(105);
    const gcs = await gcsClient();
    const placed = (await gcs.getActor(created.actorId))!;
    expect(placed).toMatchObject({ state: 'ALIVE', maxRestarts: 1 });
    const head = liveHead();
    expect(created.nodeId).toBe(head.nodeId);
    closeClients();

    process.kill(head.gcsPid!, 'SIGKILL');
    process.kill(head.rayletPid!, 'SIGKILL');
    await until('the head to be gone', () => !alive(head.gcsPid) && !alive(head.rayletPid), 10_000);
    await restartHead(portOf(head.gcsAddress));

    // Now its own node dies: neither its creator's node nor its node is left.
    const host = cluster.records().find((r) => r.nodeId === placed.nodeId)!;
    process.kill(host.rayletPid!, 'SIGKILL');
    const after = await gcsClient();
    const restarted = await until('the GCS to list the actor restarted on another node', async () => {
      const a = await after.getActor(created.actorId);
      return a?.state === 'ALIVE' && a.nodeId !== placed.nodeId && a;
    }, 120_000); // the node's death is declared after 10 s, then a worker boots the actor: slow on a loaded machine
    expect(restarted.numRestarts).toBe(1);
    expect(cluster.records().find((r) => r.nodeId === restarted.nodeId)?.isHead).toBe(false);

    // Restarted: its constructor ran again (its state is new), and it serves new drivers.
    await ray.init({ address: cluster.address, namespace: 'ft' });
    const phoenix = await ray.getActor<{ get(): number; inc(by?: number): number }>('phoenix', { namespace: 'ft' });
    expect(await ray.get(phoenix.get.remote())).toBe(100);
    expect(await ray.get(phoenix.inc.remote(2))).toBe(102);
    await ray.kill(phoenix);
    await until('the GCS to list it dead', async () => (await after.getActor(created.actorId))?.state === 'DEAD');
    expect(await after.getNamedActor('phoenix', 'ft')).toBeUndefined();
  }, 240_000);
});
