import { describe, expect, it } from 'vitest';
import { ObjectTable } from '../../src/core/object-table.js';

const bytes = new Uint8Array([1]);

describe('ObjectTable', () => {
  it('keeps a pending object until it is sealed, then frees it when unreferenced', () => {
    const t = new ObjectTable();
    t.createPending('a');
    t.addRef('a');
    t.removeRef('a');
    expect(t.has('a')).toBe(true); // pending: its task may still need the entry
    t.seal('a', { data: bytes });
    expect(t.has('a')).toBe(false);
  });

  it('wakes waiters on seal, and cancelled waiters stay asleep', () => {
    const t = new ObjectTable();
    t.addRef('a');
    const woke: string[] = [];
    t.whenReady('a', () => woke.push('first'));
    const cancel = t.whenReady('a', () => woke.push('cancelled'));
    cancel();
    t.seal('a', { data: bytes });
    t.whenReady('a', () => woke.push('late'));
    expect(woke).toEqual(['first', 'late']);
  });

  it('holds nested objects while their container lives', () => {
    const freed: string[] = [];
    const t = new ObjectTable();
    t.onFree = (id) => freed.push(id);
    t.addRef('inner');
    t.seal('inner', { data: bytes });
    t.addRef('outer');
    t.seal('outer', { data: bytes, nested: ['inner'] });
    t.removeRef('inner');
    expect(t.has('inner')).toBe(true);
    t.removeRef('outer');
    expect(freed).toEqual(['outer', 'inner']);
    expect(t.size).toBe(0);
  });

  it('keeps the first outcome of an object', () => {
    const t = new ObjectTable();
    t.addRef('a');
    t.seal('a', { data: new Uint8Array([1]) });
    t.seal('a', { data: new Uint8Array([2]), isError: true });
    expect(t.value('a')).toEqual({ data: new Uint8Array([1]) });
  });
});
