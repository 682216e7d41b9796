import { describe, expect, it } from 'vitest';
import { ObjectTable, type ForeignObjects } from '../../src/core/object-table.js';

const bytes = new Uint8Array([1]);

/** Objects whose id starts with 'f' are another node's. */
function foreignTable(): { t: ObjectTable; borrows: Array<[string, number]>; wanted: string[]; freed: string[] } {
  const t = new ObjectTable();
  const borrows: Array<[string, number]> = [];
  const wanted: string[] = [];
  const freed: string[] = [];
  const foreign: ForeignObjects = {
    isForeign: (id) => id.startsWith('f'),
    borrowed: (id, delta) => borrows.push([id, delta]),
    want: (id) => wanted.push(id),
  };
  t.foreign = foreign;
  t.onFree = (id) => freed.push(id);
  return { t, borrows, wanted, freed };
}

describe('ObjectTable with objects other nodes own', () => {
  it('tells the owner of the first ref here and of the last one gone, once each', () => {
    const { t, borrows } = foreignTable();
    t.addRef('f1');
    t.addRef('f1');
    t.removeRef('f1');
    expect(borrows).toEqual([['f1', 1]]);
    t.removeRef('f1');
    expect(borrows).toEqual([['f1', 1], ['f1', -1]]);
    // A pending copy nobody holds is forgotten.
    expect(t.has('f1')).toBe(false);
    // Own objects never reach the hooks.
    t.addRef('own');
    t.removeRef('own');
    expect(borrows).toHaveLength(2);
  });

  it('has a copy fetched when someone waits for it, and frees the copy with the last ref', () => {
    const { t, wanted, freed, borrows } = foreignTable();
    t.addRef('f1');
    let woke = false;
    t.whenReady('f1', () => (woke = true));
    expect(wanted).toEqual(['f1']);
    t.seal('f1', { data: bytes, segments: ['/seg#1'] });
    expect(woke).toBe(true);
    t.whenReady('f1', () => {});
    expect(wanted).toEqual(['f1']); // sealed: nothing to fetch
    t.removeRef('f1');
    expect(freed).toEqual(['f1']);
    expect(borrows).toEqual([['f1', 1], ['f1', -1]]);
  });

  it('counts refs nested in a copy as borrowed too', () => {
    const { t, borrows } = foreignTable();
    t.addRef('f1');
    t.seal('f1', { data: bytes, nested: ['f2', 'own'] });
    expect(borrows).toEqual([['f1', 1], ['f2', 1]]);
    t.removeRef('f1');
    expect(borrows).toEqual([['f1', 1], ['f2', 1], ['f2', -1], ['f1', -1]]);
  });

  it('keeps a pending copy someone still waits for, even with no refs', () => {
    const { t } = foreignTable();
    t.addRef('f1');
    let woke = false;
    t.whenReady('f1', () => (woke = true));
    t.removeRef('f1');
    expect(t.has('f1')).toBe(true);
    t.seal('f1', { data: bytes });
    expect(woke).toBe(true);
    expect(t.has('f1')).toBe(false); // nobody holds it: freed at once
  });
});
