import { cpuPart, type ResourcePool, type ResourceRequest } from './resources.js';
import type { GpuGrant } from './gpu-assignment.js';

/**
 * A grant of one task's resources to a worker thread (Ray's worker lease), held while it runs a
 * batch of tasks of that shape one after another. Short tasks queued behind each other share a
 * lease, so a thousand no-op tasks cost a few dozen messages instead of a thousand.
 *
 * The lease gives its CPU back to the node while every unfinished task of it is blocked in
 * `get` (Ray's rule for blocked workers), and takes it back when one resumes.
 */
export class Lease {
  /** Tasks of the batch not finished yet. */
  remaining: number;
  /** Of those, how many are blocked in `get`/`wait`. */
  blocked = 0;
  cpuReleased = false;
  /** Set when the lease's thread was terminated to force-cancel one of its tasks. */
  terminatedFor: string | undefined;
  readonly startedAt = performance.now();
  /** The devices it holds; kept while its tasks block in `get` (only the CPU is lent out). */
  gpus: GpuGrant | undefined;

  constructor(
    readonly id: string,
    readonly request: ResourceRequest,
    readonly size: number,
  ) {
    this.remaining = size;
  }

  /**
   * Brings the pool in line with the lease's state after a change. Returns whether resources
   * were given back (so the scheduler should look for work), and whether the lease is done.
   */
  settle(pool: ResourcePool): { freed: boolean; done: boolean } {
    if (this.remaining <= 0) {
      pool.release(this.request);
      if (this.cpuReleased) pool.acquire(cpuPart(this.request));
      this.cpuReleased = false;
      return { freed: true, done: true };
    }
    const idle = this.blocked >= this.remaining;
    if (idle && !this.cpuReleased) {
      this.cpuReleased = true;
      pool.release(cpuPart(this.request));
      return { freed: true, done: false };
    }
    if (!idle && this.cpuReleased) {
      // May oversubscribe the node for a while, as Ray does when a blocked worker resumes.
      this.cpuReleased = false;
      pool.acquire(cpuPart(this.request));
    }
    return { freed: false, done: false };
  }
}
