import type { NodeView } from '../scheduler/node-selection.js';

/**
 * How long a node whose call just failed gets no work: long enough for the GCS to declare it
 * dead (its death timeout is 10 s by default), so retries do not go back to it meanwhile.
 */
const SUSPECT_MS = 30_000;

/**
 * Nodes this node just failed to reach (a call broke), shared by task and actor placement: the
 * GCS may not know them dead yet, and work is not sent there meanwhile.
 */
export class FailedNodes {
  private readonly failed = new Map<string, { until: number; reason: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  mark(nodeId: string, reason: string): void {
    this.failed.set(nodeId, { until: this.now() + SUSPECT_MS, reason });
  }

  /** Why the node is left out now, or undefined when it is not. */
  reason(nodeId: string): string | undefined {
    const f = this.failed.get(nodeId);
    if (!f) return undefined;
    if (f.until > this.now()) return f.reason;
    this.failed.delete(nodeId);
    return undefined;
  }

  /** The nodes left out now. */
  list(): string[] {
    return [...this.failed.keys()].filter((id) => this.reason(id) !== undefined);
  }

  /** The nodes as placement should see them: those left out count as not alive. */
  view<T extends NodeView>(nodes: T[]): T[] {
    return nodes.map((n) => (this.reason(n.nodeId) !== undefined ? { ...n, alive: false } : n));
  }
}
