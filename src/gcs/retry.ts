import { ConnectionError } from '../common/errors.js';
import { backoffDelayMs, type BackoffPolicy } from '../rpc/backoff.js';

/** How long and how densely a failing request is retried. */
export interface RetryPolicy {
  /** Retries stop once the next one would start later than this after the first attempt. */
  retryForMs: number;
  backoff: BackoffPolicy;
}

export interface RetryHooks {
  /** Whether the failure may be cured by trying again; others are thrown at once, as they are. */
  isRetryable: (err: unknown) => boolean;
  /** Called before each wait, with the failed attempt's number (0 first) and the delay chosen. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `op` until it succeeds, retrying retryable failures with exponential backoff and jitter
 * within `policy.retryForMs`. When the budget is spent, the last failure is thrown as a
 * ConnectionError that names `what`, the attempts and the time spent (its `cause` is the last
 * failure), so callers can tell "unavailable for now" from a real error.
 */
export async function retryWithBackoff<T>(what: string, op: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? realSleep;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!hooks.isRetryable(err)) throw err;
      const delay = backoffDelayMs(attempt, policy.backoff, hooks.random);
      const elapsed = now() - start;
      if (elapsed + delay > policy.retryForMs) {
        const message = err instanceof Error ? err.message : String(err);
        throw new ConnectionError(`${what} failed after ${attempt + 1} attempt(s) in ${Math.round(elapsed)} ms: ${message}`, { cause: err });
      }
      hooks.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
