import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sharedMemory, sharedMemoryAddonPath } from '../../src/objectstore/shm.js';

const addon = sharedMemoryAddonPath();
const name = (tag: string) => `/tsray-test-${process.pid}-${tag}`;

describe('shared-memory addon', () => {
  it('maps one segment into two threads without copying: writes on either side are seen by the other', async () => {
    const shm = sharedMemory();
    const seg = name('share');
    const buf = shm.create(seg, 1 << 20);
    try {
      const bytes = new Uint8Array(buf);
      expect(bytes.length).toBe(1 << 20);
      bytes[0] = 42;
      bytes[(1 << 20) - 1] = 7;
      const seen = await new Promise<number[]>((resolve, reject) => {
        const w = new Worker(`
          const { parentPort, workerData } = require('node:worker_threads');
          const shm = require(workerData.addon);
          const view = new Uint8Array(shm.open(workerData.seg));
          const seen = [view[0], view[view.length - 1], view.length];
          view[1] = 99; // written here, read by the main thread
          parentPort.postMessage(seen);
        `, { eval: true, workerData: { addon, seg } });
        w.once('message', resolve);
        w.once('error', reject);
      });
      expect(seen).toEqual([42, 7, 1 << 20]);
      expect(bytes[1]).toBe(99);
    } finally {
      expect(shm.unlink(seg)).toBe(true);
    }
    expect(existsSync(`/dev/shm${seg}`)).toBe(false);
    expect(shm.unlink(seg)).toBe(false);
  });

  it('names the segment and the reason when it cannot open or create one', () => {
    const shm = sharedMemory();
    expect(() => shm.open(name('missing'))).toThrow(/cannot open shared memory segment '\/tsray-test-\d+-missing': No such file/);
    const seg = name('twice');
    shm.create(seg, 16);
    try {
      let err: { code?: string; message?: string } = {};
      try {
        shm.create(seg, 16);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code).toBe('EEXIST');
      expect(err.message).toMatch(/cannot create shared memory segment .*twice.*exists/);
    } finally {
      shm.unlink(seg);
    }
    expect(() => shm.create(name('bad'), -1)).toThrow(RangeError);
  });
});
