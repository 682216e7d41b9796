import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { cliCluster, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { pattern, sha256, storeStats } from '../fixtures/cluster-objects-tasks.js';
import { makeBlob, plusOne, putBlob, whereIs } from '../fixtures/lineage-tasks.js';

// Lineage reconstruction (issue 14): task results stay on the node that made them, tasks go to
// the node holding their large arguments, and a result lost with its node is made again by
// re-running its task (within maxRetries), recursively for its lost arguments.

const cluster = cliCluster('cluster-lineage-test');
const { startHead, addNode, nodeRecords } = cluster;
const MiB = 2 ** 20;
/** Runs there while that node is alive; elsewhere once it is gone. */
const near = (nodeId: string) => ({ schedulingStrategy: { nodeId, soft: true } });

let address = '';
let head = '';
let b = '';
let runs = 0;

beforeAll(async () => {
  ({ address, nodeId: head } = startHead('--num-cpus', '2'));
  b = addNode(address, '--num-cpus', '1');
}, 400_000);

disconnectAfterEachTest(ray, cluster);

/** A fresh log file for counting task runs. */
function runLog(): string {
  return join(cluster.tmp, `runs-${process.pid}-${runs++}.log`);
}

/** How many times each kind of run was logged. */
function counted(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const what = line.split(' ')[0]!;
    out[what] = (out[what] ?? 0) + 1;
  }
  return out;
}

/** A node started for the test, and a way to SIGKILL its raylet. */
function victimNode(): { id: string; kill(): void } {
  const id = addNode(address, '--num-cpus', '1');
  const pid = nodeRecords().find((r) => r.nodeId === id)!.rayletPid;
  return { id, kill: () => process.kill(pid, 'SIGKILL') };
}

async function pulledBytes(nodeId: string): Promise<number> {
  const s = await ray.get(storeStats.options({ schedulingStrategy: { nodeId, soft: false } }).remote());
  return s.transfers!.pulledBytes;
}

describe('lineage reconstruction', () => {
  it('keeps a result on the node that made them, and sends a task using it there', async () => {
    await ray.init({ address });
    const log = runLog();
    const before = await pulledBytes(b);
    const beforeHead = await pulledBytes(head);
    const x = makeBlob.options(near(b)).remote(8 * MiB, 1, log);
    // DEFAULT placement, but the argument lives on B: the task goes there and reads it in place.
    const where = await ray.get(whereIs.remote(x));
    expect(where).toEqual({ nodeId: b, length: 8 * MiB });
    expect(await pulledBytes(b)).toBe(before);
    // Nobody on the head read it, so it never came over.
    expect(await pulledBytes(head)).toBe(beforeHead);
    expect(sha256(await ray.get(x))).toBe(sha256(pattern(8 * MiB, 1)));
    expect(await pulledBytes(head)).toBe(beforeHead + 8 * MiB);
    expect(counted(log)).toEqual({ 'make:1': 1 });
  });

  it('re-runs the task of a result whose node was SIGKILLed, once, when the result is read', async () => {
    const victim = victimNode();
    await ray.init({ address });
    const log = runLog();
    const x = makeBlob.options({ ...near(victim.id), maxRetries: 1 }).remote(6 * MiB, 2, log);
    // Finished on the victim, and its only copy is there: a task using it is sent there.
    expect(await ray.get(whereIs.remote(x))).toEqual({ nodeId: victim.id, length: 6 * MiB });
    expect(readFileSync(log, 'utf8')).toContain(victim.id);
    victim.kill();
    const got = await ray.get(x);
    expect(sha256(got)).toBe(sha256(pattern(6 * MiB, 2)));
    expect(counted(log)).toEqual({ 'make:2': 2 });
    // Read again: the copy made now is here, nothing runs again.
    expect(sha256(await ray.get(x))).toBe(sha256(pattern(6 * MiB, 2)));
    expect(counted(log)).toEqual({ 'make:2': 2 });
  });
});
