import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, faultKinds, faultSchedule } from '../chaos/fault-schedule.js';
import { ResultTally } from '../chaos/result-tally.js';

describe('faultSchedule', () => {
  const base = { durationMs: 90_000, meanGapMs: 8_000, quietMs: 8_000 };

  it('is the same plan for the same seed, and another for another seed', () => {
    expect(faultSchedule({ ...base, seed: 7 })).toEqual(faultSchedule({ ...base, seed: 7 }));
    expect(faultSchedule({ ...base, seed: 7 })).not.toEqual(faultSchedule({ ...base, seed: 8 }));
  });

  it('keeps faults in time order, out of the quiet start and end', () => {
    for (let seed = 1; seed < 50; seed++) {
      const plan = faultSchedule({ ...base, seed });
      expect(plan.length).toBeGreaterThan(0);
      for (const [i, f] of plan.entries()) {
        expect(f.atMs).toBeGreaterThanOrEqual(base.quietMs);
        expect(f.atMs).toBeLessThanOrEqual(base.durationMs - base.quietMs);
        if (i > 0) expect(f.atMs).toBeGreaterThan(plan[i - 1]!.atMs);
      }
    }
  });

  it('strikes with every kind once before any kind twice', () => {
    for (let seed = 1; seed < 50; seed++) {
      const plan = faultSchedule({ ...base, durationMs: 600_000, seed });
      const first = plan.slice(0, FAULT_KINDS.length).map((f) => f.kind);
      expect(new Set(first)).toEqual(new Set(FAULT_KINDS));
    }
  });

  it('refuses an empty kind list and a gap that is not positive', () => {
    expect(() => faultSchedule({ ...base, seed: 1, kinds: [] })).toThrow(/kinds is empty/);
    expect(() => faultSchedule({ ...base, seed: 1, meanGapMs: 0 })).toThrow(/meanGapMs/);
  });
});

describe('faultKinds', () => {
  it('is every kind by default, or the kinds named, once each', () => {
    expect(faultKinds(undefined)).toEqual([...FAULT_KINDS]);
    expect(faultKinds(' ')).toEqual([...FAULT_KINDS]);
    expect(faultKinds('gcs, redis,gcs')).toEqual(['gcs', 'redis']);
    expect(faultKinds('head')).toEqual(['head']);
  });

  it('refuses an unknown kind, naming it and the known ones', () => {
    expect(() => faultKinds('gcs,rack')).toThrow(/unknown fault kinds \(rack\).*worker, actor, raylet, gcs, redis, head/);
    expect(() => faultKinds(',')).toThrow(/TSRAY_CHAOS_FAULTS/);
  });
});

describe('ResultTally', () => {
  it('counts calls by kind and outcome, and faults by kind', () => {
    const t = new ResultTally();
    t.started(4, 0);
    t.finished('task', 'ok', 10);
    t.finished('actor', 'ok', 20);
    t.finished('task', 'wrong', 30, 'f(2) = 5');
    t.finished('actor', 'lost', 40, 'timed out');
    t.fault('gcs');
    t.fault('gcs');
    t.fault('redis');
    const f = t.figures();
    expect(f).toMatchObject({ tasksDone: 1, actorCallsDone: 1, wrong: 1, lost: 1, faults: { gcs: 2, redis: 1 }, faultsInjected: 3 });
    expect(f.failures).toEqual(['wrong task: f(2) = 5', 'lost actor: timed out']);
  });

  it('measures the longest stall only while calls are outstanding', () => {
    const t = new ResultTally();
    t.started(2, 1000);
    t.finished('task', 'ok', 1500); // 500 ms waiting
    t.finished('task', 'ok', 1600); // 100 ms since the last finish
    // Nothing outstanding from 1600 to 9000: idle, not a stall.
    t.started(1, 9000);
    t.finished('task', 'ok', 9300);
    expect(t.figures().longestStallMs).toBe(500);
    t.started(1, 10_000);
    t.started(1, 12_000);
    t.finished('task', 'ok', 13_000); // 3000 ms from the first start
    expect(t.figures().longestStallMs).toBe(3000);
  });

  it('refuses a finish with nothing outstanding', () => {
    expect(() => new ResultTally().finished('task', 'ok', 0)).toThrow(/no call is outstanding/);
  });
});
