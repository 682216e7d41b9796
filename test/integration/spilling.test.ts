import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { allEqual, filled } from '../fixtures/arrays.js';

const MiB = 2 ** 20;
const CAPACITY = 64 * MiB;
/** 16 MiB of one value: twelve of them are three times the store. */
const N = (16 * MiB) / 8;

const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsray-spill-test-'));
  temps.push(d);
  return d;
}

/** Spill files of this session (the folder init makes inside `objectSpillingDirectory`). */
function spillFiles(dir: string): string[] {
  const out: string[] = [];
  for (const session of readdirSync(dir)) for (const f of readdirSync(join(dir, session))) out.push(join(dir, session, f));
  return out;
}

function intact(a: Float64Array, value: number): boolean {
  if (a.length !== N) return false;
  for (let i = 0; i < a.length; i += 997) if (a[i] !== value) return false;
  return a[N - 1] === value;
}

afterEach(async () => {
  if (ray.isInitialized()) await ray.shutdown();
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a small object store', () => {
  it('spills when 3x its capacity is put, and gives everything back intact', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 2, logToDriver: false, objectStoreMemory: CAPACITY, objectSpillingDirectory: dir });
    const refs = Array.from({ length: 12 }, (_, i) => ray.put(new Float64Array(N).fill(i)));
    const stats = await ray.objectStoreStats();
    expect(stats.capacity).toBe(CAPACITY);
    expect(stats.used).toBeLessThanOrEqual(CAPACITY);
    expect(stats.objects).toBe(12);
    expect(stats.spilled).toBeGreaterThanOrEqual(8);
    expect(spillFiles(dir).length).toBe(stats.spilled);
    // Read back in the driver, a worker thread and a process worker.
    for (let i = 0; i < 12; i++) expect(intact(await ray.get(refs[i]!), i)).toBe(true);
    for (let i = 0; i < 12; i += 3) expect(await ray.get(allEqual.remote(refs[i]!, i))).toBe(true);
    for (let i = 1; i < 12; i += 5) expect(await ray.get(allEqual.options({ isolation: 'process' }).remote(refs[i]!, i))).toBe(true);
    expect((await ray.objectStoreStats()).used).toBeLessThanOrEqual(CAPACITY);
  });

  it('spills objects that worker threads make past its capacity', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 2, logToDriver: false, objectStoreMemory: CAPACITY, objectSpillingDirectory: dir });
    const refs = Array.from({ length: 12 }, (_, i) => filled.remote(N, i + 100));
    await ray.wait(refs, { numReturns: refs.length });
    const stats = await ray.objectStoreStats();
    expect(stats.spilled).toBeGreaterThan(0);
    // What came while the arena was full went to segments of their own, and was spilled.
    expect(stats.used + stats.fallback).toBeLessThanOrEqual(CAPACITY);
    for (let i = 0; i < 12; i++) expect(intact(await ray.get(refs[i]!), i + 100)).toBe(true);
  });

  it('holds an object larger than itself by spilling it', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: 8 * MiB, objectSpillingDirectory: dir });
    const ref = ray.put(new Float64Array(N).fill(7));
    expect((await ray.objectStoreStats()).spilled).toBe(1);
    expect(intact(await ray.get(ref), 7)).toBe(true);
    expect(await ray.get(allEqual.remote(ref, 7))).toBe(true);
  });

  it('reports a corrupt or missing spill file with a clear error', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: CAPACITY, objectSpillingDirectory: dir });
    const refs = Array.from({ length: 8 }, (_, i) => ray.put(new Float64Array(N).fill(i)));
    const files = spillFiles(dir).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
    expect(files.length).toBeGreaterThanOrEqual(3);
    // The oldest spills are the first puts. Flip bytes in one, cut one short, delete one.
    const [flipped, cut, gone] = files;
    writeFileSync(flipped!, Buffer.alloc(4096, 0xab), { flag: 'r+' }); // overwrites the header too
    const file = statSync(cut!);
    truncateSync(cut!, file.size - 8);
    rmSync(gone!);
    const errors = await Promise.all(refs.slice(0, 3).map((r) => rejection(ray.get(r))));
    for (const e of errors) {
      expect(e).toBeInstanceOf(ray.ObjectStoreError);
      expect(e.message).toMatch(/spill file .* (is corrupt|is unreadable)/);
    }
    expect(errors.map((e) => /corrupt/.test(e.message)).filter(Boolean)).toHaveLength(2);
    // A worker that reads a damaged object gets the same error, as a task failure.
    const err = await rejection(ray.get(allEqual.remote(refs[1]!, 1)));
    expect(String(err.cause?.message ?? err.message)).toMatch(/spill file/);
    // The others are intact.
    for (let i = 3; i < 8; i++) expect(intact(await ray.get(refs[i]!), i)).toBe(true);
  });

  it('detects bytes changed inside a spill file (checksum)', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: CAPACITY, objectSpillingDirectory: dir });
    const refs = Array.from({ length: 6 }, (_, i) => ray.put(new Float64Array(N).fill(i)));
    const oldest = spillFiles(dir).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)[0]!;
    // Eight bytes in the middle of the data: the header and the length still look right.
    const fd = openSync(oldest, 'r+');
    writeSync(fd, Buffer.alloc(8, 0xff), 0, 8, 1024 * 1024);
    closeSync(fd);
    const e = await rejection(ray.get(refs[0]!));
    expect(e).toBeInstanceOf(ray.ObjectStoreError);
    expect(e.message).toMatch(/corrupt \(checksum mismatch\)/);
  });

  it('fails a put with ObjectStoreFullError, naming the sizes, only when spilling is impossible', async () => {
    const dir = tempDir();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: 32 * MiB, objectSpillingDirectory: join(notADir, 'spill') });
    const first = ray.put(new Float64Array(N).fill(1));
    let err: unknown;
    try {
      ray.put(new Float64Array(N).fill(2));
      ray.put(new Float64Array(N).fill(3));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ray.ObjectStoreFullError);
    expect((err as Error).message).toMatch(/16\.0 MiB do not fit in its 32\.0 MiB/);
    expect((err as Error).message).toMatch(/spilling to .* failed/);
    // What was stored before is intact.
    expect(intact(await ray.get(first), 1)).toBe(true);
  });

  it('leaves no spill files or segments after shutdown', async () => {
    const dir = tempDir();
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: CAPACITY, objectSpillingDirectory: dir });
    const refs = Array.from({ length: 6 }, (_, i) => ray.put(new Float64Array(N).fill(i)));
    expect(spillFiles(dir).length).toBeGreaterThan(0);
    await ray.shutdown();
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync('/dev/shm').filter((f) => f.startsWith(`tsray-${process.pid}.`))).toEqual([]);
    expect(refs).toHaveLength(6);
  });
});
