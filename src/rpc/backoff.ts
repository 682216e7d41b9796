/** How retries of a failed call are spaced. */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** Ceiling of the (pre-jitter) delay. */
  maxMs: number;
  multiplier: number;
  /** Fraction of the delay randomized either way: 0.2 gives delay * [0.8, 1.2). */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = { initialMs: 100, maxMs: 2000, multiplier: 2, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential, capped, with
 * jitter so that many clients cut off together (a GCS restart) do not retry in lockstep.
 * `random` is injectable so the schedule can be tested.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.max(0, attempt));
  const spread = base * policy.jitter;
  return Math.max(0, base - spread + 2 * spread * random());
}
