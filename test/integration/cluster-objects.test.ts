import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { alive, cliCluster, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { runtimeState } from '../../src/common/runtime-state.js';
import { collectUntil } from '../helpers.js';
import { fails, getFirst, hashNested, hashOf, holdAndReadLater, makePattern, pattern, probe, putHere, sha256, slowHashOf, storeStats } from '../fixtures/cluster-objects-tasks.js';

// Objects across nodes (issue 5, object transfer): chunked pulls from the owner's node, refs
// that travel between nodes, borrowers kept alive, dedup of concurrent pulls, lost objects.

const cluster = cliCluster('cluster-objects-test');
const { cli, startHead, addNode, nodeRecords } = cluster;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 2 ** 20;
const on = (nodeId: string) => ({ schedulingStrategy: { nodeId } });

let address = '';
/** The head (the driver's node, owner of what the driver puts) and two more nodes. */
let head = '';
let b = '';
let c = '';

beforeAll(async () => {
  ({ address, nodeId: head } = startHead('--num-cpus', '2'));
  b = addNode(address, '--num-cpus', '1');
  c = addNode(address, '--num-cpus', '1');
}, 400_000);

disconnectAfterEachTest(ray, cluster);

/** The transfer counters of a node's object manager (read by a task on that node). */
async function transfers(nodeId: string): Promise<{ pulls: number; pulledBytes: number; deduplicated: number }> {
  const s = await ray.get(storeStats.options(on(nodeId)).remote());
  expect(s.nodeId).toBe(nodeId);
  return s.transfers!;
}

describe('objects across nodes', () => {
  it('reads an object the driver put on two other nodes, intact', async () => {
    await ray.init({ address });
    const data = pattern(24 * MiB + 123, 1);
    const ref = ray.put(data);
    const before = await transfers(b);
    const read = await ray.get([b, c].map((n) => hashOf.options(on(n)).remote(ref)));
    expect(read.map((r) => r.nodeId)).toEqual([b, c]);
    for (const r of read) expect(r).toMatchObject({ length: data.byteLength, hash: sha256(data) });
    const after = await transfers(b);
    expect(after.pulls - before.pulls).toBe(1);
    expect(after.pulledBytes - before.pulledBytes).toBe(data.byteLength);
    // SPREAD reaches every node with the same bytes.
    const spread = await ray.get(Array.from({ length: 6 }, () => hashOf.options({ schedulingStrategy: 'SPREAD' }).remote(ref)));
    expect(new Set(spread.map((r) => r.nodeId))).toEqual(new Set([head, b, c]));
    for (const r of spread) expect(r.hash).toBe(sha256(data));
  });

  it('moves a 256 MiB object between nodes in chunks, both ways, intact', async () => {
    await ray.init({ address });
    const data = pattern(256 * MiB, 2);
    const want = sha256(data);
    const there = await ray.get(hashOf.options(on(b)).remote(ray.put(data)));
    expect(there).toEqual({ nodeId: b, length: 256 * MiB, hash: want });
    // Made on C, pulled back by the driver's node.
    const back = await ray.get(makePattern.options(on(c)).remote(256 * MiB, 2));
    expect(back.byteLength).toBe(256 * MiB);
    expect(sha256(back)).toBe(want);
  });

  it('returns an object made on another node to the driver, and that node frees its copy', async () => {
    await ray.init({ address });
    const usedOnB = async () => (await ray.get(storeStats.options(on(b)).remote())).used;
    const before = await usedOnB();
    const made = await ray.get(makePattern.options(on(b)).remote(16 * MiB + 5, 3));
    expect(sha256(made)).toBe(sha256(pattern(16 * MiB + 5, 3)));
    // B staged the result's buffer for the owner, which pulled it and told B to let it go.
    let now = await usedOnB();
    // (Up to 15 s: on a loaded machine the release waits for idle workers to collect.)
    for (let i = 0; i < 150 && now > before; i++) {
      await sleep(100);
      now = await usedOnB();
    }
    expect(now).toBeLessThanOrEqual(before);
  });

  it('gets a ref nested in a list argument on the node the task runs on', async () => {
    await ray.init({ address });
    const data = pattern(12 * MiB, 4);
    const ref = ray.put(data);
    const got = await ray.get(hashNested.options(on(c)).remote([ref]));
    expect(got).toEqual({ nodeId: c, length: data.byteLength, hash: sha256(data) });
    // Small values (no buffers) and errors come across the same way.
    expect(await ray.get(getFirst.options(on(c)).remote([ray.put({ small: [1, 2, 3] })]))).toEqual({ value: { small: [1, 2, 3] } });
    const failed = await ray.get(getFirst.options(on(c)).remote([fails.options({ maxRetries: 0 }).remote('no luck')]));
    expect(failed).toMatchObject({ error: 'TaskError' });
    expect(failed.message).toContain('no luck');
  });

  it('passes a ref returned by a task on one node to a task on a third node', async () => {
    await ray.init({ address });
    // Put by a task on B: B owns it, the driver's node only holds the ref.
    const [y] = await ray.get(putHere.options(on(b)).remote(10 * MiB, 5));
    const want = sha256(pattern(10 * MiB, 5));
    // (Its id carries B's session tag, not that of the driver's node.)
    expect(y!.id.slice(0, 6)).not.toBe(ray.put(0).id.slice(0, 6));
    // Nested (C gets it from B, its owner) and as a top-level argument (resolved, then sent).
    expect(await ray.get(hashNested.options(on(c)).remote([y!]))).toEqual({ nodeId: c, length: 10 * MiB, hash: want });
    expect(await ray.get(hashOf.options(on(c)).remote(y!))).toEqual({ nodeId: c, length: 10 * MiB, hash: want });
    expect(sha256(await ray.get(y!))).toBe(want);
  });

  it('pulls an object once for concurrent tasks on one node that need it', async () => {
    await ray.init({ address });
    const data = pattern(64 * MiB, 6);
    const ref = ray.put(data);
    const before = await transfers(b);
    // A quarter CPU each: the four run at once on B's one CPU, so their pulls overlap (run one
    // after another, B could free its copy between them and pull again).
    const read = await ray.get(Array.from({ length: 4 }, () => slowHashOf.options({ ...on(b), numCpus: 0.25 }).remote(ref, 300)));
    for (const r of read) expect(r).toEqual({ nodeId: b, length: data.byteLength, hash: sha256(data) });
    const after = await transfers(b);
    expect(after.pulls - before.pulls).toBe(1);
    expect(after.pulledBytes - before.pulledBytes).toBe(data.byteLength);
    expect(after.deduplicated - before.deduplicated).toBeGreaterThanOrEqual(1);
  });

  it('keeps an object while another node borrows it, and frees it once that node lets go', async () => {
    await ray.init({ address });
    const data = pattern(4 * MiB, 7);
    let x: ray.ObjectRef<Uint8Array> | undefined = ray.put(data);
    const id = x.id;
    const file = join(cluster.tmp, `held-${process.pid}.json`);
    // B keeps the ref after its task returns, and reads the object 4 s later.
    expect(await ray.get(holdAndReadLater.options(on(b)).remote([x], 4000, file))).toBe(true);
    x = undefined;
    const core = runtimeState().coreWorker!;
    // The driver's ref is gone and the task is over: only B's borrow keeps the object now.
    expect(await collectUntil(() => !core.references.holds(id))).toBe(true);
    for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ok: true, length: data.byteLength, hash: sha256(data) });
    // B dropped it after reading: the owner frees it, and a newcomer finds it lost.
    let seen: { present: boolean; name?: string; message?: string } = { present: true };
    for (let i = 0; i < 20 && seen.present; i++) {
      await sleep(500);
      seen = await ray.get(probe.options(on(c)).remote(id));
    }
    expect(seen.present).toBe(false);
    expect(seen.name).toBe('ObjectLostError');
    expect(seen.message).toContain(id);
  });

  it('raises ObjectLostError, naming the object and the node, when the node holding the only copy is killed', async () => {
    const victim = addNode(address, '--num-cpus', '1');
    const victimPid = nodeRecords().find((r) => r.nodeId === victim)!.rayletPid;
    await ray.init({ address });
    // Put by a task on the victim: its node owns the object and holds the only copy.
    const [y] = await ray.get(putHere.options(on(victim)).remote(2 * MiB, 8));
    process.kill(victimPid, 'SIGKILL');
    const t = Date.now();
    const err = await ray.get(y!).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ray.ObjectLostError);
    expect((err as Error).message).toContain(y!.id);
    expect((err as Error).message).toContain(victim);
    // It fails as soon as the node cannot be reached, not when the GCS declares it dead.
    expect(Date.now() - t).toBeLessThan(9000);
    // A task given the lost object as an argument fails the same way.
    const viaTask = await ray.get(hashOf.options(on(b)).remote(y!)).then(() => undefined, (e: unknown) => e);
    expect(viaTask).toBeInstanceOf(ray.ObjectLostError);
  });

  it('tsray stop leaves no process, folder or shared-memory segment behind', () => {
    const records = nodeRecords();
    const pids = records.flatMap((r) => [r.rayletPid, r.gcsPid].filter((p): p is number => !!p));
    // Four raylets were started (one was killed) and one GCS.
    expect(pids).toHaveLength(5);
    expect(cli('stop')).toMatch(/stopped 4 raylet\(s\) and 1 GCS/);
    expect(pids.filter(alive)).toEqual([]);
    expect(nodeRecords()).toEqual([]);
    for (const r of records) expect(existsSync(r.nodeDir)).toBe(false);
    const leftovers = readdirSync('/dev/shm').filter((f) => pids.some((p) => f.startsWith(`tsray-${p}.`)));
    expect(leftovers).toEqual([]);
  });
});
