import { describe, expect, it } from 'vitest';
import { BorrowLedger, BorrowOutbox } from '../../src/objectmanager/borrows.js';

describe('BorrowOutbox (borrower side)', () => {
  it('coalesces changes per owner: a hold that began and ended between sends is never sent', () => {
    const o = new BorrowOutbox();
    o.add('A', 'x', 1);
    o.add('A', 'x', -1);
    o.add('A', 'y', 1);
    o.add('B', 'z', 1);
    expect(o.owners().sort()).toEqual(['A', 'B']);
    expect(o.take('A')).toEqual({ seq: 1, deltas: [['y', 1]], grants: [] });
    expect(o.take('A')).toBeUndefined();
    expect(o.hasPending('B')).toBe(true);
  });

  it('numbers each owner\'s batches in order, and carries grants', () => {
    const o = new BorrowOutbox();
    o.add('A', 'x', 1);
    expect(o.take('A')!.seq).toBe(1);
    o.grant('A', 'r', 'nodeC');
    expect(o.take('A')).toEqual({ seq: 2, deltas: [], grants: [['r', 'nodeC']] });
    o.add('B', 'x', -1);
    expect(o.take('B')!.seq).toBe(1);
  });

  it('forgets a dead owner\'s changes', () => {
    const o = new BorrowOutbox();
    o.add('A', 'x', 1);
    o.grant('A', 'y', 'n');
    o.drop('A');
    expect(o.owners()).toEqual([]);
    expect(o.take('A')).toBeUndefined();
  });
});

describe('BorrowLedger (owner side)', () => {
  it('turns a borrower\'s batches into ref changes, and applies a resent batch once', () => {
    const l = new BorrowLedger();
    expect(l.apply('B', 1, [['x', 2], ['y', 1]])).toEqual([['x', 2], ['y', 1]]);
    expect(l.apply('B', 1, [['x', 2], ['y', 1]])).toEqual([]);
    expect(l.count('x')).toBe(2);
    expect(l.apply('B', 2, [['x', -1]])).toEqual([['x', -1]]);
    expect(l.borrowers('x')).toEqual(['B']);
  });

  it('never lets a borrower\'s count go below zero', () => {
    const l = new BorrowLedger();
    l.apply('B', 1, [['x', 1]]);
    expect(l.apply('B', 2, [['x', -3]])).toEqual([['x', -1]]);
    expect(l.apply('B', 3, [['x', -1]])).toEqual([]);
    expect(l.count('x')).toBe(0);
    expect(l.borrowers('x')).toEqual([]);
  });

  it('holds a granted ref for the node that takes it over, which that node later releases', () => {
    const l = new BorrowLedger();
    // Node E ran a task for owner-node A; its result holds ref x (owned here): E asks us to
    // hold x for A before it replies.
    expect(l.apply('E', 1, [], [['x', 'A']])).toEqual([['x', 1]]);
    expect(l.borrowers('x')).toEqual(['A']);
    // A took it over (its own +1 and the hand-over's -1 cancelled out), then let it go.
    expect(l.apply('A', 1, [['x', -1]])).toEqual([['x', -1]]);
    expect(l.count('x')).toBe(0);
    l.grant('A', 'y');
    expect(l.count('y')).toBe(1);
  });

  it('releases every ref of a borrower that died', () => {
    const l = new BorrowLedger();
    l.apply('B', 1, [['x', 2], ['y', 1]]);
    l.apply('C', 1, [['x', 1]]);
    expect(l.dropBorrower('B').sort()).toEqual([['x', 2], ['y', 1]]);
    expect(l.count('x')).toBe(1);
    expect(l.count('y')).toBe(0);
    // A node that comes back under the same id starts its numbering again.
    expect(l.apply('B', 1, [['y', 1]])).toEqual([['y', 1]]);
  });
});
