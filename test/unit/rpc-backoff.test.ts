import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from '../../src/rpc/backoff.js';

describe('retry backoff', () => {
  it('doubles from the initial delay up to the cap (jitter centred)', () => {
    const mid = () => 0.5;
    const schedule = Array.from({ length: 8 }, (_, i) => backoffDelayMs(i, DEFAULT_BACKOFF, mid));
    expect(schedule).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('spreads each delay by the jitter fraction either way', () => {
    const policy = { initialMs: 1000, maxMs: 10_000, multiplier: 2, jitter: 0.2 };
    expect(backoffDelayMs(0, policy, () => 0)).toBe(800);
    expect(backoffDelayMs(0, policy, () => 0.999999)).toBeCloseTo(1200, 2);
    // Jitter applies after the cap, so capped retries still do not line up.
    expect(backoffDelayMs(10, policy, () => 0)).toBe(8000);
    const samples = new Set(Array.from({ length: 50 }, () => Math.round(backoffDelayMs(3, policy))));
    expect(samples.size).toBeGreaterThan(10);
    for (const s of samples) {
      expect(s).toBeGreaterThanOrEqual(6400);
      expect(s).toBeLessThanOrEqual(9600);
    }
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelayMs(-3, DEFAULT_BACKOFF, () => 0.5)).toBe(100);
  });
});
