import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { collectUntil } from '../helpers.js';
import { echo } from '../fixtures/tasks.js';
import { ArrayKeeper } from '../fixtures/arrays.js';

const MiB = 2 ** 20;

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false, objectStoreMemory: 256 * MiB }));
afterAll(() => ray.shutdown());

type Kind = new (n: number) => ArrayBufferView & ArrayLike<number | bigint>;
const KINDS: Array<[string, Kind]> = [
  ['Int8Array', Int8Array], ['Uint8Array', Uint8Array], ['Uint8ClampedArray', Uint8ClampedArray],
  ['Int16Array', Int16Array], ['Uint16Array', Uint16Array], ['Int32Array', Int32Array],
  ['Uint32Array', Uint32Array], ['Float32Array', Float32Array], ['Float64Array', Float64Array],
  ['BigInt64Array', BigInt64Array as unknown as Kind], ['BigUint64Array', BigUint64Array as unknown as Kind],
];

function sample(Ctor: Kind, bytes: number): ArrayBufferView & ArrayLike<number | bigint> {
  const a = new Ctor(bytes / (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
  const big = a instanceof BigInt64Array || a instanceof BigUint64Array;
  for (let i = 0; i < a.length; i += 1 + (a.length >> 6)) (a as unknown as Array<number | bigint>)[i] = big ? BigInt(i % 100) : i % 100;
  return a;
}

// First in the file: later tests leave garbage whose collection would blur its counts.
describe('reader pins', () => {
  it('keep a freed object\'s memory from reuse while a view of it lives', async () => {
    const n = (4 * MiB) / 8;
    let ref: ray.ObjectRef<Float64Array> | undefined = ray.put(new Float64Array(n).fill(1));
    let view: Float64Array | undefined = await ray.get(ref);
    const held = await ray.objectStoreStats();
    ref = undefined;
    // The object is freed (its ref is gone) but the view still maps it.
    expect(await collectUntil(async () => (await ray.objectStoreStats()).objects <= held.objects - 1)).toBe(true);
    expect((await ray.objectStoreStats()).used).toBe(held.used);
    // New objects go elsewhere: the view keeps its bytes.
    const others = Array.from({ length: 8 }, (_, i) => ray.put(new Float64Array(n).fill(10 + i)));
    expect(view.every((x) => x === 1)).toBe(true);
    const withView = (await ray.objectStoreStats()).used;
    view = undefined;
    // Once the view is collected, its memory is free again.
    expect(await collectUntil(async () => (await ray.objectStoreStats()).used <= withView - 4 * MiB)).toBe(true);
    expect(view).toBeUndefined();
    expect((await ray.get(others[7]!))[0]).toBe(17);
  });
});

const bytesOf = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

describe('every array kind, below and above the out-of-band threshold', () => {
  for (const [name, Ctor] of KINDS) {
    for (const bytes of [256, 256 * 1024]) {
      it(`${name} of ${bytes} bytes round-trips through put, a thread and a process`, async () => {
        const a = sample(Ctor, bytes);
        const before = await ray.objectStoreStats();
        const ref = ray.put(a);
        // Only the large one enters the store.
        expect((await ray.objectStoreStats()).objects - before.objects).toBe(bytes >= 100 * 1024 ? 1 : 0);
        const backs = [await ray.get(ref), await ray.get(echo.remote(ref)), await ray.get(echo.options({ isolation: 'process' }).remote(ref))] as ArrayBufferView[];
        for (const back of backs) {
          expect(back.constructor.name).toBe(name);
          expect(bytesOf(back).equals(bytesOf(a))).toBe(true);
        }
      });
    }
  }

  it('Buffers round-trip as Buffers', async () => {
    for (const size of [100, 300_000]) {
      const b = Buffer.alloc(size, 5);
      const back = (await ray.get(echo.options({ isolation: 'process' }).remote(b))) as Buffer;
      expect(Buffer.isBuffer(back)).toBe(true);
      expect(back.equals(b)).toBe(true);
    }
  });
});

describe('actors', () => {
  it('receive and return large arrays through the store, in threads and processes', async () => {
    for (const isolation of ['thread', 'process'] as const) {
      const keeper = ArrayKeeper.options({ isolation }).remote();
      const data = new Float64Array(MiB / 8).fill(2);
      expect(await ray.get(keeper.keep.remote(ray.put(data)))).toBe(MiB / 8);
      expect(await ray.get(keeper.sum.remote())).toBe(MiB / 4);
      const made = await ray.get(keeper.make.remote(MiB / 8, 3));
      expect(made).toBeInstanceOf(Float64Array);
      expect(made[MiB / 8 - 1]).toBe(3);
      await ray.kill(keeper);
    }
  });
});
