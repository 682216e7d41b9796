import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { alive, cliCluster, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { runtimeState } from '../../src/common/runtime-state.js';
import { collectUntil } from '../helpers.js';
import { pattern, sha256, storeStats } from '../fixtures/cluster-objects-tasks.js';
import { makeBlob, plusOne, putBlob, whereIs } from '../fixtures/lineage-tasks.js';

// Lineage reconstruction (issue 14): task results stay on the node that made them, tasks go to
// the node holding their large arguments, and a result lost with its node is made again by
// re-running its task (within maxRetries), recursively for its lost arguments.

const cluster = cliCluster('cluster-lineage-test');
const { cli, startHead, addNode, nodeRecords } = cluster;
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

  it('makes a chain a -> b again when both results were on the dead node, a first', async () => {
    const victim = victimNode();
    await ray.init({ address });
    const log = runLog();
    const on = { ...near(victim.id), maxRetries: 2 };
    // a's ref is dropped once b is submitted: only the lineage remembers how to make it.
    const submit = () => {
      const a = makeBlob.options(on).remote(4 * MiB, 3, log);
      return { b: plusOne.options(on).remote(a, 'b', log), aId: a.id };
    };
    const { b, aId } = submit();
    // Both ran on the victim (b went to its argument), and b's only copy is there.
    expect(await ray.get(whereIs.remote(b))).toEqual({ nodeId: victim.id, length: 4 * MiB });
    const core = runtimeState().coreWorker!;
    expect(await collectUntil(() => !core.references.holds(aId))).toBe(true);
    expect(counted(log)).toEqual({ 'make:3': 1, 'plus:b': 1 });
    victim.kill();
    const want = pattern(4 * MiB, 3).map((v) => (v + 1) & 0xff);
    expect(sha256(await ray.get(b))).toBe(sha256(want));
    // Each ran once more: b, and a, whose value b needed again.
    expect(counted(log)).toEqual({ 'make:3': 2, 'plus:b': 2 });
  });

  it('also makes an argument again that the caller still holds, and reads it back intact', async () => {
    const victim = victimNode();
    await ray.init({ address });
    const log = runLog();
    const on = { ...near(victim.id), maxRetries: 1 };
    const a = makeBlob.options(on).remote(3 * MiB, 4, log);
    const b = plusOne.options(on).remote(a, 'b', log);
    expect(await ray.get(whereIs.remote(b))).toEqual({ nodeId: victim.id, length: 3 * MiB });
    victim.kill();
    const [gotA, gotB] = await ray.get([a, b]);
    expect(sha256(gotA)).toBe(sha256(pattern(3 * MiB, 4)));
    expect(sha256(gotB)).toBe(sha256(pattern(3 * MiB, 4).map((v) => (v + 1) & 0xff)));
    expect(counted(log)).toEqual({ 'make:4': 2, 'plus:b': 2 });
  });

  it('makes a result again for a task on another node that finds its node gone', async () => {
    const victim = victimNode();
    await ray.init({ address });
    const log = runLog();
    const x = makeBlob.options({ ...near(victim.id), maxRetries: 1 }).remote(3 * MiB, 7, log);
    expect(await ray.get(whereIs.remote(x))).toEqual({ nodeId: victim.id, length: 3 * MiB });
    victim.kill();
    // At once, before anyone here tried to read it: B is sent the task and cannot pull x.
    const there = await ray.get(whereIs.options({ schedulingStrategy: { nodeId: b, soft: false } }).remote(x));
    expect(there).toEqual({ nodeId: b, length: 3 * MiB });
    expect(counted(log)).toEqual({ 'make:7': 2 });
  });

  it('fails with ObjectLostError naming the object and why when maxRetries is 0', async () => {
    const victim = victimNode();
    await ray.init({ address });
    const log = runLog();
    const x = makeBlob.options({ ...near(victim.id), maxRetries: 0 }).remote(2 * MiB, 5, log);
    expect(await ray.get(whereIs.remote(x))).toEqual({ nodeId: victim.id, length: 2 * MiB });
    victim.kill();
    const err = await ray.get(x).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ray.ObjectLostError);
    expect(err).not.toBeInstanceOf(ray.OwnerDiedError);
    const message = (err as Error).message;
    expect(message).toContain(x.id);
    expect(message).toContain(victim.id);
    expect(message).toContain('maxRetries (0)');
    // It did not run again.
    expect(counted(log)).toEqual({ 'make:5': 1 });
  });

  it('fails a ray.put object lost with its owner node with OwnerDiedError, and makes nothing again', async () => {
    const victim = victimNode();
    await ray.init({ address });
    // Put by a task on the victim: that node owns it and holds its only copy.
    const [y] = await ray.get(putBlob.options(near(victim.id)).remote(2 * MiB, 6));
    victim.kill();
    const err = await ray.get(y!).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ray.OwnerDiedError);
    expect(err).toBeInstanceOf(ray.ObjectLostError);
    expect((err as Error).message).toContain(y!.id);
    expect((err as Error).message).toContain(victim.id);
  });

  it('tsray stop leaves no process, folder or shared-memory segment behind', () => {
    const records = nodeRecords();
    const pids = records.flatMap((r) => [r.rayletPid, r.gcsPid].filter((p): p is number => !!p));
    expect(cli('stop')).toMatch(/stopped \d+ raylet\(s\) and 1 GCS/);
    expect(pids.filter(alive)).toEqual([]);
    expect(nodeRecords()).toEqual([]);
    for (const r of records) expect(existsSync(r.nodeDir)).toBe(false);
    const leftovers = readdirSync('/dev/shm').filter((f) => pids.some((p) => f.startsWith(`tsray-${p}.`)));
    expect(leftovers).toEqual([]);
  });
});
