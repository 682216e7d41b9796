/**
 * Deduplication of pulls on one node: while an object is being pulled, everyone else who needs
 * it joins that transfer instead of starting another (Ray's pull manager, without its
 * admission control). Pure bookkeeping over promises; the object manager does the transfer.
 *
 * @example
 * ```ts
 * const pulls = new PullManager<Copy>();
 * const [a, b] = await Promise.all([pulls.pull(id, transfer), pulls.pull(id, transfer)]); // one transfer
 * ```
 */
export class PullManager<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  /** Transfers started. */
  started = 0;
  /** Requests that joined a transfer already under way. */
  joined = 0;

  /** The transfer of `key`: the one under way, or a new one from `start`. */
  pull(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) {
      this.joined++;
      return running;
    }
    this.started++;
    let p: Promise<T>;
    try {
      p = start();
    } catch (e) {
      p = Promise.reject(e);
    }
    const settled = p.finally(() => {
      if (this.inflight.get(key) === settled) this.inflight.delete(key);
    });
    this.inflight.set(key, settled);
    return settled;
  }

  /** Whether `key` is being pulled now. */
  has(key: string): boolean {
    return this.inflight.has(key);
  }

  get size(): number {
    return this.inflight.size;
  }
}
