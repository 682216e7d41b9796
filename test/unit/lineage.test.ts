import { describe, expect, it } from 'vitest';
import { Lineage, notReconstructable } from '../../src/core/lineage.js';
import type { SubmittedTask } from '../../src/common/protocol.js';

const task = (taskId: string, args: string[] = [], more: Partial<SubmittedTask> = {}): SubmittedTask => ({
  taskId, parentTaskId: null, fn: { moduleUrl: 'm', key: taskId, name: taskId }, argRefs: args.map((id, i) => [i, id] as [number, string]),
  numReturns: 1, streaming: false, resources: { CPU: 1 }, maxRetries: 3, retryExceptions: false, ...more,
});

describe('Lineage', () => {
  it('keeps a task while its result lives, and its parents while it lives', () => {
    const l = new Lineage();
    expect(l.keep(task('a'), 3)).toBe(true);
    expect(l.keep(task('b', ['a.0']), 3)).toBe(true);
    // a's result is freed (b finished with it), but b may need it again.
    l.released('a.0');
    expect(l.get('a')).toBeDefined();
    l.released('b.0');
    expect(l.size).toBe(0);
  });

  it('holds a task once per result', () => {
    const l = new Lineage();
    l.keep(task('a', [], { numReturns: 2 }), 1);
    l.released('a.0');
    expect(l.get('a')).toBeDefined();
    l.released('a.1');
    expect(l.get('a')).toBeUndefined();
  });

  it('spends a re-execution per reconstruction, within maxRetries', () => {
    const l = new Lineage();
    l.keep(task('a', [], { maxRetries: 1 }), 1);
    expect(l.reexecute('a.0')).toMatchObject({ retriesLeft: 0 });
    // The re-run finished: its entry is updated, not counted twice.
    expect(l.keep(task('a', [], { maxRetries: 1 }), 0)).toBe(true);
    const why = l.reexecute('a.0');
    expect(why).toEqual({ why: expect.stringContaining('maxRetries (1)') });
    l.released('a.0');
    expect(l.size).toBe(0);
  });

  it('cannot make put objects, actor results or unknown tasks again', () => {
    const l = new Lineage();
    expect(l.reexecute('abcdp1')).toEqual({ why: expect.stringContaining('ray.put') });
    expect(l.keep(task('c', [], { actorId: 'x' }), 3)).toBe(false);
    expect(l.reexecute('c.0')).toEqual({ why: expect.stringContaining('not kept') });
    expect(notReconstructable(task('d', [], { streaming: true }))).toContain('generator');
    expect(notReconstructable(task('e', [], { segments: ['/s#1'] }))).toContain('inline');
    expect(notReconstructable(task('f'))).toBeNull();
  });

  it('ignores objects that are not a kept task\'s results', () => {
    const l = new Lineage();
    l.keep(task('a'), 0);
    l.released('a.g0');
    l.released('zzp0');
    expect(l.get('a')).toBeDefined();
  });
});
