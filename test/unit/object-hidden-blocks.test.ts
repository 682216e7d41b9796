import { afterAll, describe, expect, it } from 'vitest';
import { sharedMemory } from '../../src/objectstore/shm.js';

// The arena calls behind chunked pulls (native/src/arena.cc): a block written piece by piece
// stays invisible to readers until it is sealed, and an aborted one leaves nothing behind.

const shm = sharedMemory();
const prefix = `/tsray-test-hidden-${process.pid}-`;
shm.storeCreate(prefix, 64 * 4096);

afterAll(() => {
  shm.storeDetach();
  shm.unlink(`${prefix}store`);
  shm.unlink(`${prefix}arena`);
});

describe('hidden arena blocks', () => {
  it('stays invisible until sealed, then reads back what was written at each offset', () => {
    const name = `${prefix}-a`;
    const index = shm.storeCreateHidden(name, 10_000);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(shm.storeGet(name, index)).toBeUndefined();
    expect(shm.storeInfo(name, -1)).toBeUndefined();
    shm.storeWrite(name, index, 0, new Uint8Array(6000).fill(7));
    shm.storeWrite(name, index, 6000, new Uint8Array(4000).fill(9));
    expect(shm.storeGet(name, index)).toBeUndefined();
    expect(shm.storeSeal(name, index)).toBe(true);
    const view = new Uint8Array(shm.storeGet(name, -1)!);
    expect(view.length).toBe(10_000);
    expect(view[0]).toBe(7);
    expect(view[5999]).toBe(7);
    expect(view[6000]).toBe(9);
    expect(view[9999]).toBe(9);
    expect(shm.storeSeal(name, index)).toBe(false); // sealed already
    expect(shm.storeDelete(name, index)).toBe(true);
  });

  it('refuses writes past the end, or to a block not being created', () => {
    const name = `${prefix}-b`;
    const index = shm.storeCreateHidden(name, 100);
    expect(() => shm.storeWrite(name, index, 90, new Uint8Array(11))).toThrow(/past the end/);
    expect(() => shm.storeWrite(`${prefix}-other`, index, 0, new Uint8Array(1))).toThrow(/no object store block/);
    expect(shm.storeAbort(name, index)).toBe(true);
    expect(() => shm.storeWrite(name, index, 0, new Uint8Array(1))).toThrow(/no object store block/);
  });

  it('frees an aborted block: its memory and count go back', () => {
    const before = shm.storeStats();
    const name = `${prefix}-c`;
    const index = shm.storeCreateHidden(name, 5 * 4096);
    expect(shm.storeStats().used).toBe(before.used + 5 * 4096);
    expect(shm.storeStats().objects).toBe(before.objects + 1);
    expect(shm.storeAbort(name, index)).toBe(true);
    expect(shm.storeAbort(name, index)).toBe(false);
    expect(shm.storeSeal(name, index)).toBe(false);
    expect(shm.storeStats()).toEqual(before);
  });

  it('answers -1 when the arena has no room', () => {
    expect(shm.storeCreateHidden(`${prefix}-d`, 65 * 4096)).toBe(-1);
  });
});
