/**
 * Which objects leave memory when the store needs room (pure: the store does the I/O).
 *
 * Objects are considered least recently used first. A copy that is also on disk (restored from
 * a spill) is evicted first, since dropping it costs nothing; then primary copies are spilled.
 * An object some reader maps right now is left alone: its memory would not come back until the
 * reader lets go, so spilling it gains nothing.
 */

export interface EvictionCandidate {
  id: string;
  /** Bytes it holds in memory (0 when it is only on disk). */
  bytes: number;
  /** Whether a spill file holds it too. */
  onDisk: boolean;
  /** Whether a reader maps it now. */
  pinned: boolean;
}

export interface EvictionStep {
  id: string;
  /** 'evict': drop the memory copy; 'spill': write it to disk, then drop it. */
  action: 'evict' | 'spill';
  bytes: number;
}

/**
 * Steps that free at least `needed` bytes, or as many as can be freed. `candidates` come in
 * least-recently-used order.
 */
export function chooseEvictions(candidates: Iterable<EvictionCandidate>, needed: number): EvictionStep[] {
  const steps: EvictionStep[] = [];
  if (needed <= 0) return steps;
  let freed = 0;
  const spillable: EvictionCandidate[] = [];
  for (const c of candidates) {
    if (c.bytes === 0 || c.pinned) continue;
    if (!c.onDisk) {
      spillable.push(c);
      continue;
    }
    steps.push({ id: c.id, action: 'evict', bytes: c.bytes });
    if ((freed += c.bytes) >= needed) return steps;
  }
  for (const c of spillable) {
    steps.push({ id: c.id, action: 'spill', bytes: c.bytes });
    if ((freed += c.bytes) >= needed) break;
  }
  return steps;
}
