import { NodeDiedError } from '../common/errors.js';
import type { GcsNodeInfo } from '../rpc/messages.js';

/** What a heartbeat found: the node is known and alive, was declared dead, or is unknown. */
export type HeartbeatOutcome = 'alive' | 'dead' | 'unknown';

export interface NodeTableOptions {
  /** A node silent for longer than this is declared dead. */
  deathTimeoutMs: number;
}

interface Entry {
  info: GcsNodeInfo;
  /** When the node was last heard from, on the caller's clock. */
  lastSeen: number;
}

/**
 * The GCS's node membership with death detection. Pure: every method takes `now` from the
 * caller's monotonic clock, so timing is tested without waiting. A node is declared dead once
 * it has been silent for longer than the timeout; a dead node id never comes back (its tasks and
 * actors have been moved elsewhere), so a restarted raylet registers under a new id, as in Ray.
 */
export class NodeTable {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly options: NodeTableOptions) {}

  /**
   * Records a node as alive. Registering an alive node again (a retried call) refreshes it;
   * registering a dead node's id is refused with NodeDiedError.
   */
  register(info: GcsNodeInfo, now: number): GcsNodeInfo {
    const known = this.entries.get(info.nodeId);
    if (known && known.info.state === 'DEAD') {
      throw new NodeDiedError(`node ${info.nodeId} was declared dead (${known.info.deathReason}); a restarted node must register under a new id`);
    }
    const record: GcsNodeInfo = { ...info, state: 'ALIVE', endTimeMs: 0, deathReason: '' };
    this.entries.set(info.nodeId, { info: record, lastSeen: now });
    return record;
  }

  /** Restores a record from storage: an alive node gets a full timeout from `now` to be heard from again. */
  restore(info: GcsNodeInfo, now: number): void {
    this.entries.set(info.nodeId, { info, lastSeen: now });
  }

  /** Any message from the node counts as a sign of life. */
  heartbeat(nodeId: string, now: number): HeartbeatOutcome {
    const e = this.entries.get(nodeId);
    if (!e) return 'unknown';
    if (e.info.state === 'DEAD') return 'dead';
    if (now > e.lastSeen) e.lastSeen = now;
    return 'alive';
  }

  /** Ids of alive nodes silent for longer than the timeout at `now` (not yet marked dead). */
  expired(now: number): Array<{ nodeId: string; silentMs: number }> {
    const out: Array<{ nodeId: string; silentMs: number }> = [];
    for (const [nodeId, e] of this.entries) {
      const silentMs = now - e.lastSeen;
      if (e.info.state === 'ALIVE' && silentMs > this.options.deathTimeoutMs) out.push({ nodeId, silentMs });
    }
    return out;
  }

  /** Marks a node dead; returns its record, or undefined when it was unknown or already dead. */
  markDead(nodeId: string, reason: string, endTimeMs: number): GcsNodeInfo | undefined {
    const e = this.entries.get(nodeId);
    if (!e || e.info.state === 'DEAD') return undefined;
    e.info = { ...e.info, state: 'DEAD', deathReason: reason, endTimeMs };
    return e.info;
  }

  get(nodeId: string): GcsNodeInfo | undefined {
    return this.entries.get(nodeId)?.info;
  }

  isAlive(nodeId: string): boolean {
    return this.entries.get(nodeId)?.info.state === 'ALIVE';
  }

  all(): GcsNodeInfo[] {
    return [...this.entries.values()].map((e) => e.info);
  }

  alive(): GcsNodeInfo[] {
    return this.all().filter((n) => n.state === 'ALIVE');
  }
}
