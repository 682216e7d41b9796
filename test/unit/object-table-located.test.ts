import { describe, expect, it } from 'vitest';
import { ObjectTable, type ObjectLocation } from '../../src/core/object-table.js';

const bytes = new Uint8Array([1]);
const at = (nodeId: string): ObjectLocation => ({ nodeId, address: `${nodeId}:1`, data: bytes, bytes: 10 });

/** A table whose located objects are fetched by hand; nodes in `dead` are unreachable. */
function locatedTable() {
  const t = new ObjectTable();
  const wanted: Array<[string, string]> = [];
  const freedThere: Array<[string, string]> = [];
  const freed: string[] = [];
  const dead = new Set<string>();
  t.located = { want: (id, loc) => wanted.push([id, loc.nodeId]), reachable: (loc) => !dead.has(loc.nodeId) };
  t.onFreeLocated = (id, loc) => freedThere.push([id, loc.nodeId]);
  t.onFree = (id) => freed.push(id);
  return { t, wanted, freedThere, freed, dead };
}

describe('ObjectTable: results kept on other nodes', () => {
  it('a located result is available but not ready; a reader fetches it, a task waiting for it does not', () => {
    const { t, wanted } = locatedTable();
    t.createPending('r');
    t.addRef('r');
    const woke: string[] = [];
    t.whenAvailable('r', () => woke.push('task'));
    t.locate('r', at('b'));
    expect(woke).toEqual(['task']);
    expect(wanted).toEqual([]);
    expect(t.isAvailable('r')).toBe(true);
    expect(t.isReady('r')).toBe(false);
    expect(t.location('r')?.nodeId).toBe('b');
    t.whenReady('r', () => woke.push('reader'));
    expect(wanted).toEqual([['r', 'b']]);
    t.seal('r', { data: bytes });
    expect(woke).toEqual(['task', 'reader']);
    expect(t.location('r')).toBeUndefined();
  });

  it('a result on a node that is gone is not available: waiting for it asks for it (to make it again)', () => {
    const { t, wanted, dead } = locatedTable();
    t.addRef('r');
    t.locate('r', at('b'));
    dead.add('b');
    expect(t.isAvailable('r')).toBe(false);
    let woke = false;
    t.whenAvailable('r', () => (woke = true));
    expect(wanted).toEqual([['r', 'b']]);
    t.unlocate('r');
    expect(t.location('r')).toBeUndefined();
    t.locate('r', at('c'));
    expect(woke).toBe(false); // a reader waits for the copy
    t.seal('r', { data: bytes });
    expect(woke).toBe(true);
  });

  it('freeing a located result tells its node; one nobody holds is dropped when located', () => {
    const { t, freedThere, freed } = locatedTable();
    t.addRef('r');
    t.locate('r', at('b'));
    t.removeRef('r');
    expect(freedThere).toEqual([['r', 'b']]);
    expect(freed).toEqual(['r']);
    expect(t.has('r')).toBe(false);
    t.createPending('s');
    t.locate('s', at('c'));
    expect(freedThere).toEqual([['r', 'b'], ['s', 'c']]);
  });

  it('a pinned copy outlives its refs until unpinned', () => {
    const { t, freed } = locatedTable();
    t.pin('k');
    t.seal('k', { data: bytes });
    expect(t.isReady('k')).toBe(true);
    t.addRef('k');
    t.removeRef('k');
    expect(freed).toEqual([]);
    t.unpin('k');
    expect(freed).toEqual(['k']);
    t.unpin('k'); // twice is harmless
    expect(freed).toEqual(['k']);
  });
});
