import type { NodeResources, ResourceAmounts, ResourceView, Wire } from '../rpc/messages.js';
import type { PlacementNode } from '../scheduler/actor-placement.js';

/** Same fixed point as the raylet's resource pool (1/10000 of a unit). */
const SCALE = 10_000;
const units = (x: number | undefined): number => Math.round((x ?? 0) * SCALE);

function sameAmounts(a: ResourceAmounts, b: ResourceAmounts): boolean {
  const ka = Object.keys(a).filter((k) => units(a[k]) !== 0);
  const kb = Object.keys(b).filter((k) => units(b[k]) !== 0);
  return ka.length === kb.length && ka.every((k) => units(a[k]) === units(b[k]));
}

function clean(amounts: Wire<ResourceAmounts> | null | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [k, v] of Object.entries(amounts ?? {})) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/** What a resource report did. */
export type ReportOutcome = 'changed' | 'unchanged' | 'stale' | 'unknown';

/**
 * The cluster resource view the GCS keeps and broadcasts: per alive node, its totals and what is
 * available, as its raylet last reported them. Placing an actor takes its resources from the
 * view at once, so several placements between two reports do not all land on one node; the next
 * report from that raylet replaces the estimate. Pure bookkeeping; `takeChanged` tells the
 * broadcaster whether there is anything new to send.
 */
export class ClusterResourceView {
  private readonly nodes = new Map<string, NodeResources>();
  private version = 0;
  private changed = false;

  addNode(nodeId: string, total: ResourceAmounts): void {
    const t = clean(total);
    this.nodes.set(nodeId, { nodeId, total: t, available: { ...t }, pendingTasks: 0, version: 0 });
    this.touch();
  }

  removeNode(nodeId: string): boolean {
    const had = this.nodes.delete(nodeId);
    if (had) this.touch();
    return had;
  }

  has(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  /**
   * A raylet's report. Reports carry the raylet's counter: one older than the last seen is
   * dropped (reordered retries). Empty totals keep the known totals.
   */
  report(r: Wire<NodeResources>): ReportOutcome {
    const known = r.nodeId ? this.nodes.get(r.nodeId) : undefined;
    if (!known) return 'unknown';
    const version = r.version ?? 0;
    if (version > 0 && version < known.version) return 'stale';
    const total = Object.keys(r.total ?? {}).length > 0 ? clean(r.total) : known.total;
    const available = clean(r.available);
    const pendingTasks = r.pendingTasks ?? 0;
    const differs = !sameAmounts(total, known.total) || !sameAmounts(available, known.available) || pendingTasks !== known.pendingTasks;
    this.nodes.set(known.nodeId, { nodeId: known.nodeId, total, available, pendingTasks, version: Math.max(version, known.version) });
    if (!differs) return 'unchanged';
    this.touch();
    return 'changed';
  }

  /** Takes a placement's resources out of the node's available amounts (until its next report). */
  acquire(nodeId: string, demand: ResourceAmounts): void {
    const n = this.nodes.get(nodeId);
    if (!n) return;
    const available = { ...n.available };
    for (const [name, amount] of Object.entries(demand)) {
      if (units(amount) === 0) continue;
      available[name] = (units(available[name]) - units(amount)) / SCALE;
    }
    this.nodes.set(nodeId, { ...n, available });
    this.touch();
  }

  /** The alive nodes, for placement decisions. */
  placementNodes(): PlacementNode[] {
    return [...this.nodes.values()].map((n) => ({ nodeId: n.nodeId, total: n.total, available: n.available }));
  }

  get(nodeId: string): NodeResources | undefined {
    return this.nodes.get(nodeId);
  }

  /** The view as broadcast: every node, by id. */
  snapshot(): ResourceView {
    const nodes = [...this.nodes.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    return { nodes, version: this.version };
  }

  /** Whether the view changed since the last call (and forgets that it did). */
  takeChanged(): boolean {
    const c = this.changed;
    this.changed = false;
    return c;
  }

  private touch(): void {
    this.version++;
    this.changed = true;
  }
}
