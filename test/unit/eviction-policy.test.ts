import { describe, expect, it } from 'vitest';
import { chooseEvictions, type EvictionCandidate } from '../../src/objectstore/eviction-policy.js';

const c = (id: string, bytes: number, onDisk = false, pinned = false): EvictionCandidate => ({ id, bytes, onDisk, pinned });

describe('chooseEvictions', () => {
  it('frees nothing when nothing is needed', () => {
    expect(chooseEvictions([c('a', 10)], 0)).toEqual([]);
  });

  it('spills least recently used objects first, only as many as needed', () => {
    expect(chooseEvictions([c('old', 10), c('mid', 10), c('new', 10)], 15)).toEqual([
      { id: 'old', action: 'spill', bytes: 10 },
      { id: 'mid', action: 'spill', bytes: 10 },
    ]);
  });

  it('evicts copies already on disk before spilling anything, even more recent ones', () => {
    expect(chooseEvictions([c('old', 10), c('restored', 10, true)], 10)).toEqual([
      { id: 'restored', action: 'evict', bytes: 10 },
    ]);
    expect(chooseEvictions([c('old', 10), c('restored', 10, true)], 15)).toEqual([
      { id: 'restored', action: 'evict', bytes: 10 },
      { id: 'old', action: 'spill', bytes: 10 },
    ]);
  });

  it('leaves pinned objects and objects only on disk alone', () => {
    expect(chooseEvictions([c('mapped', 10, false, true), c('gone', 0, true), c('free', 5)], 100)).toEqual([
      { id: 'free', action: 'spill', bytes: 5 },
    ]);
  });

  it('returns what it can when not enough can be freed', () => {
    expect(chooseEvictions([c('a', 1, false, true)], 10)).toEqual([]);
  });
});
