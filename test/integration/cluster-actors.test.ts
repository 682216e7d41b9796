import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import type { ActorTableData } from '../../src/rpc/messages.js';
import { alive, cliCluster } from '../fixtures/cli-cluster.js';
import { ChaosActor, actorValue } from '../fixtures/chaos-work.js';
import { Counter, Where } from '../fixtures/actors.js';
import { Keeper, arraysThrough, bumpNamed, createNamed, jobSeen, killFromHere } from '../fixtures/cluster-actor-tasks.js';
import { collectUntil, until } from '../helpers.js';

// Three nodes: the head (where drivers attach, so it owns what they create), and two more.
const cluster = cliCluster('cluster-actors');
const { cli, startHead, addNode } = cluster;
let address = '';
let gcs: GcsClient;

beforeAll(async () => {
  address = startHead('--num-cpus', '2').address;
  addNode(address, '--num-cpus', '2', '--resources', '{"B": 1}');
  addNode(address, '--num-cpus', '2', '--resources', '{"C": 1}');
  gcs = await GcsClient.connect(address);
}, 400_000);

afterEach(async () => {
  if (ray.isInitialized()) await ray.shutdown();
});

afterAll(async () => {
  gcs?.close();
  if (ray.isInitialized()) await ray.shutdown();
  cluster.dispose();
});

async function nodeWith(resource: string): Promise<string> {
  return (await ray.nodes()).find((n) => n.resources[resource] !== undefined)!.nodeId;
}

const on = (nodeId: string) => ({ schedulingStrategy: { nodeId, soft: false } });

async function actorInGcs(actorId: string): Promise<ActorTableData | undefined> {
  return (await gcs.listActors({ includeDead: true })).find((a) => a.actorId === actorId);
}

describe('actors across nodes', () => {
  it('is placed by the GCS, which lists it with its node, state and death', async () => {
    await ray.init({ address });
    const c = await nodeWith('C');
    const w = Where.options({ resources: { C: 1 } }).remote();
    expect(await ray.get(w.node.remote())).toBe(c);
    const entry = await until('the GCS to list the actor ALIVE', async () => {
      const a = await actorInGcs(w.actorId);
      return a?.state === 'ALIVE' && a;
    });
    expect(entry).toMatchObject({ nodeId: c, className: 'Where', requiredResources: { C: 1 } });
    expect(cli('status', '--address', address)).toMatch(/Actors: \d+ alive/);
    await ray.kill(w);
    const dead = await until('the GCS to list the actor DEAD', async () => {
      const a = await actorInGcs(w.actorId);
      return a?.state === 'DEAD' && a;
    });
    expect(dead.deathCause).toMatch(/killed with ray\.kill/);
  });

  it('takes calls from a task on another node through a handle passed to it, in order', async () => {
    await ray.init({ address });
    const [b, c] = [await nodeWith('B'), await nodeWith('C')];
    // Hosted on its owner's node (the head), and hosted on a third node.
    const here = Where.remote();
    const far = Where.options({ resources: { C: 1 } }).remote();
    expect(await ray.get(far.node.remote())).toBe(c);
    for (const w of [here, far]) {
      const seen = await ray.get(arraysThrough.options(on(b)).remote(w, 300_000));
      expect(seen).toEqual({ sums: [300_000, 600_000, 900_000], madeLength: 300_000, last: 4, runsOn: b });
    }
    // Calls from the driver and from the other node went to one instance each.
    const order = await ray.get(Array.from({ length: 20 }, () => far.inc.remote()));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds a named actor from a task on another node, and keeps names unique across the cluster', async () => {
    await ray.init({ address, namespace: 'across' });
    const b = await nodeWith('B');
    const tally = Counter.options({ name: 'tally' }).remote(10);
    expect(await ray.get(tally.inc.remote(1))).toBe(11);
    const [value, ranOn] = await ray.get(bumpNamed.options(on(b)).remote('tally', 'across', 5));
    expect(ranOn).toBe(b);
    expect(value).toBe(16);
    expect(await ray.get(tally.get.remote())).toBe(16);
    // A task runs in its job's namespace wherever it runs: the name is found without one.
    expect((await ray.get(bumpNamed.options(on(b)).remote('tally', undefined, 1)))[0]).toBe(17);
    // Another node's runtime may not take the name: the GCS holds it.
    const taken = await ray.get(createNamed.options(on(b)).remote('tally', 'across'));
    expect(taken.error).toMatch(/ActorDiedError: .*"tally" is already taken in namespace "across"/);
    expect(await ray.get(createNamed.options(on(b)).remote('fresh', 'across'))).toEqual({ value: 1 });
    // getIfExists from another node gets the actor holding the name.
    expect(await ray.get(createNamed.options(on(b)).remote('tally', 'across', true))).toEqual({ value: 18 });
    await expect(ray.getActor('missing', { namespace: 'across' })).rejects.toThrow(/missing/);
  });

  it("runs tasks in their driver's job and namespace on every node, and their children too", async () => {
    await ray.init({ address, namespace: 'jobs' });
    const { jobId } = ray.getRuntimeContext();
    expect(ray.getRuntimeContext().namespace).toBe('jobs');
    const seen = (await ray.get(Array.from({ length: 3 }, () => jobSeen.options({ schedulingStrategy: 'SPREAD' }).remote()))).flat();
    expect(new Set(seen.map((s) => s.nodeId)).size).toBe(3);
    for (const s of seen) expect(s).toMatchObject({ jobId, namespace: 'jobs' });
  });

  it('lives while another node holds a handle, ends once none is left, and is killed from any node', async () => {
    await ray.init({ address });
    const b = await nodeWith('B');
    let counter: ReturnType<typeof Counter.remote> | undefined = Counter.remote(1);
    const id = counter.actorId;
    const keeper = Keeper.options(on(b)).remote();
    expect(await ray.get(keeper.keep.remote({ c: counter }))).toBe(b);
    counter = undefined;
    await collectUntil(() => false); // the driver's handle is gone
    expect(await ray.get(keeper.bump.remote())).toBe(2);
    expect((await actorInGcs(id))?.state).toBe('ALIVE');
    await ray.get(keeper.drop.remote());
    const ended = await until('the actor to end once no node holds a handle', async () => {
      const a = await actorInGcs(id);
      return a?.state === 'DEAD' && a;
    }, 20_000);
    expect(ended.deathCause).toMatch(/no handle to it is left/);

    const victim = Counter.remote(0);
    expect(await ray.get(victim.inc.remote())).toBe(1);
    expect(await ray.get(killFromHere.options(on(b)).remote(victim))).toBe(b);
    await until('the kill to reach the owner', async () => (await actorInGcs(victim.actorId))?.state === 'DEAD');
    expect(await ray.get(victim.inc.remote()).catch((e: unknown) => e)).toBeInstanceOf(ray.ActorDiedError);
  });

  it('restarts an actor whose process on another node was killed while idle, at its next call', async () => {
    await ray.init({ address });
    const b = await nodeWith('B');
    const actor = ChaosActor.options({ ...on(b), isolation: 'process', maxRestarts: 1 }).remote(5);
    const first = await ray.get(actor.step.remote(1, 0));
    expect(first.v).toBe(actorValue(5, 1));
    // Killed with no call in flight: its owner hears of the crash only from the next call, which
    // the node that hosted it must answer "crashed" (restart it), not "dead".
    process.kill(first.pid, 'SIGKILL');
    await until('the actor process to be gone', () => !alive(first.pid));
    await new Promise((r) => setTimeout(r, 1000)); // its node sees the exit
    const again = await ray.get(actor.step.remote(2, 0));
    expect(again.v).toBe(actorValue(5, 2));
    expect(again.pid).not.toBe(first.pid);
  });
});
