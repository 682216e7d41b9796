import { beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { cliCluster, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { context } from '../fixtures/tasks.js';
import { Where } from '../fixtures/actors.js';
import { fanOut } from '../fixtures/spillback-tasks.js';

// Issue 14, "stranded tasks": a node whose free resources cannot fit a queued task gives it back
// to run elsewhere (Ray's spillback), instead of holding it for ever while other nodes sit idle.

const cluster = cliCluster('cluster-spillback');
const { startHead, addNode } = cluster;

let address = '';
let headId = '';
let otherId = '';

beforeAll(() => {
  ({ address, nodeId: headId } = startHead('--num-cpus', '1'));
  otherId = addNode(address, '--num-cpus', '2');
}, 400_000);

disconnectAfterEachTest(ray, cluster);

describe('spillback', () => {
  it('runs every SPREAD task of 1 CPU when one node is held below 1 CPU free by fractional actors', async () => {
    await ray.init({ address });
    // Eight actors of 0.1 CPU pin the head: 0.2 CPU stays free there, so a 1-CPU task never
    // starts on it while they live, though the head could run one (its total is 1 CPU).
    const actors = Array.from({ length: 8 }, () => Where.options({ numCpus: 0.1, schedulingStrategy: { nodeId: headId, soft: false } }).remote());
    expect(new Set(await ray.get(actors.map((a) => a.node.remote())))).toEqual(new Set([headId]));
    const refs = Array.from({ length: 300 }, () => context.options({ numCpus: 1, schedulingStrategy: 'SPREAD' }).remote());
    const ran = await ray.get(refs, { timeoutMs: 60_000 }) as Array<{ nodeId: string }>;
    expect(ran).toHaveLength(300);
    expect(new Set(ran.map((r) => r.nodeId))).toEqual(new Set([otherId]));
    // The actors are still there and answer.
    expect(await ray.get(actors[0]!.inc.remote())).toBe(1);
  }, 120_000);

  it('gives back tasks another node owns: their owner sends them where the blocked node says', async () => {
    await ray.init({ address });
    const actors = Array.from({ length: 8 }, () => Where.options({ numCpus: 0.1, schedulingStrategy: { nodeId: headId, soft: false } }).remote());
    await ray.get(actors.map((a) => a.node.remote()));
    // The submitter runs on the other node, so the tasks SPREAD sends to the head are that
    // node's: the head answers "run it on <node>" and the owner does.
    const ran = await ray.get(fanOut.options({ numCpus: 0, schedulingStrategy: { nodeId: otherId, soft: false } }).remote(200), { timeoutMs: 90_000 });
    expect(ran).toHaveLength(200);
    expect(new Set(ran)).toEqual(new Set([otherId]));
  }, 120_000);
});
