/** What one more failed attempt to reach the GCS means. */
export type ContactVerdict =
  /** The first failure after contact: worth a log line. */
  | 'lost'
  /** Still failing, within the reconnect timeout: keep trying quietly. */
  | 'retrying'
  /** Nothing got through for longer than the reconnect timeout: give up. */
  | 'give-up';

/**
 * Tracks a client's contact with the GCS (Ray's gcs_rpc_server_reconnect_timeout_s): every
 * answered call counts as contact; a client that has had none for longer than the timeout gives
 * up (a raylet exits, since a GCS that does not come back cannot tell it its work has moved).
 * Pure: times come from the caller's monotonic clock.
 */
export class GcsContact {
  private lastContact: number;
  private downSince: number | undefined;

  constructor(
    readonly timeoutMs: number,
    now: number,
  ) {
    this.lastContact = now;
  }

  /** A call got through; returns how long contact had been lost, if it had. */
  succeeded(now: number): { downMs?: number } {
    const down = this.downSince;
    this.downSince = undefined;
    if (now > this.lastContact) this.lastContact = now;
    return down === undefined ? {} : { downMs: now - down };
  }

  /** A call failed to get through (the GCS is unreachable or did not answer in time). */
  failed(now: number): ContactVerdict {
    const first = this.downSince === undefined;
    if (first) this.downSince = now;
    if (now - this.lastContact > this.timeoutMs) return 'give-up';
    return first ? 'lost' : 'retrying';
  }

  /** How long since the last call that got through. */
  silentMs(now: number): number {
    return Math.max(0, now - this.lastContact);
  }

  get lost(): boolean {
    return this.downSince !== undefined;
  }
}
