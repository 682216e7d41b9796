import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, ChunkAssembler, chunkCount, chunkSize, planChunks } from '../../src/objectmanager/transfer-plan.js';

describe('chunk planning', () => {
  it('cuts each buffer into chunks of at most the chunk size, in order, covering every byte', () => {
    const chunks = [...planChunks([10, 0, 25], 10)];
    expect(chunks).toEqual([
      { buffer: 0, offset: 0, length: 10 },
      { buffer: 2, offset: 0, length: 10 },
      { buffer: 2, offset: 10, length: 10 },
      { buffer: 2, offset: 20, length: 5 },
    ]);
    expect(chunkCount([10, 0, 25], 10)).toBe(chunks.length);
    expect([...planChunks([], 10)]).toEqual([]);
  });

  it('plans a 1 GiB buffer in default-size chunks', () => {
    const sizes = [2 ** 30 + 1];
    const n = chunkCount(sizes, CHUNK_BYTES);
    expect(n).toBe(2 ** 30 / CHUNK_BYTES + 1);
    let covered = 0;
    for (const c of planChunks(sizes, CHUNK_BYTES)) {
      expect(c.offset).toBe(covered);
      covered += c.length;
    }
    expect(covered).toBe(sizes[0]);
  });

  it('keeps a requested chunk size within bounds, and defaults a missing one', () => {
    expect(chunkSize(0)).toBe(CHUNK_BYTES);
    expect(chunkSize(undefined)).toBe(CHUNK_BYTES);
    expect(chunkSize(-5)).toBe(CHUNK_BYTES);
    expect(chunkSize(1)).toBe(64 * 1024);
    expect(chunkSize(2 ** 40)).toBe(64 * 2 ** 20);
    expect(chunkSize(3 * 2 ** 20)).toBe(3 * 2 ** 20);
    expect(() => [...planChunks([1], 0)]).toThrow(RangeError);
  });
});

describe('ChunkAssembler', () => {
  it('is complete once every planned chunk arrived in order', () => {
    const sizes = [7, 3];
    const a = new ChunkAssembler(sizes);
    expect(a.total).toBe(10);
    for (const c of planChunks(sizes, 4)) {
      expect(a.complete).toBe(false);
      a.accept(c.buffer, c.offset, c.length);
    }
    expect(a.complete).toBe(true);
    expect(a.received).toBe(10);
  });

  it('refuses chunks out of order, past a buffer, empty, or after the end', () => {
    const a = new ChunkAssembler([8, 8]);
    expect(() => a.accept(0, 4, 4)).toThrow(/out of order: expected buffer 0 at 0/);
    expect(() => a.accept(1, 0, 4)).toThrow(/out of order/);
    expect(() => a.accept(0, 0, 9)).toThrow(/does not fit buffer 0 of 8 bytes/);
    expect(() => a.accept(0, 0, 0)).toThrow(/does not fit/);
    a.accept(0, 0, 8);
    a.accept(1, 0, 8);
    expect(() => a.accept(1, 8, 1)).toThrow(/after the last byte/);
  });

  it('counts an object without buffers, or with empty ones, as complete at once', () => {
    expect(new ChunkAssembler([]).complete).toBe(true);
    expect(new ChunkAssembler([0, 0]).complete).toBe(true);
    const a = new ChunkAssembler([0, 5]);
    a.accept(1, 0, 5);
    expect(a.complete).toBe(true);
  });
});
