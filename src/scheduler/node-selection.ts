/**
 * Which node runs a task (Ray's cluster task scheduling), as a pure function of the cluster's
 * resource view. The submitting raylet calls it; the chosen node's raylet queues the task.
 *
 * - DEFAULT (Ray's hybrid policy): this node while it can start the task now and is under half
 *   busy; else the least busy node that can start it now; else this node if it could ever run
 *   it (it queues here); else any node that could ever run it.
 * - SPREAD: every node that could run it, in turn (a rotating cursor). Not only those that can
 *   start it now: what other nodes have free is known from their last report, which may be a
 *   moment old, and a busy node queues the task.
 * - Node affinity: that node when it is alive and could run the task; otherwise, if soft, as
 *   DEFAULT, and if not, nowhere (the task fails, naming the node).
 */

export type Amounts = Record<string, number>;

export interface NodeView {
  nodeId: string;
  alive: boolean;
  total: Amounts;
  available: Amounts;
}

export type NodeStrategy = undefined | 'SPREAD' | { nodeId: string; soft: boolean };

export type NodeChoice = { nodeId: string } | { infeasible: string };

/** Whether `need` fits in `have` (what a node has free, or its total). */
export function fits(need: Amounts, have: Amounts): boolean {
  for (const [k, v] of Object.entries(need)) if (v > 0 && (have[k] ?? 0) < v - 1e-9) return false;
  return true;
}

/** How busy a node is: the largest share used of any resource it has (0 idle, 1 full). */
export function utilization(n: NodeView): number {
  let u = 0;
  for (const [k, t] of Object.entries(n.total)) {
    if (t > 0 && !k.startsWith('node:') && k !== 'memory' && k !== 'object_store_memory') u = Math.max(u, 1 - (n.available[k] ?? 0) / t);
  }
  return u;
}

function missing(need: Amounts, nodes: NodeView[]): string {
  const best = new Map<string, number>();
  for (const n of nodes) for (const k of Object.keys(need)) best.set(k, Math.max(best.get(k) ?? 0, n.total[k] ?? 0));
  const short = Object.entries(need).filter(([k, v]) => v > (best.get(k) ?? 0)).map(([k, v]) => `${k}: requested ${v}, largest node has ${best.get(k) ?? 0}`);
  return short.length ? short.join('; ') : 'no alive node has all of them at once';
}

/**
 * The node for a task needing `need`. `cursor` is the caller's SPREAD counter (it is advanced
 * by one per SPREAD choice; pass the same object each time).
 */
export function chooseNode(need: Amounts, strategy: NodeStrategy, localId: string, nodes: readonly NodeView[], cursor: { next: number }): NodeChoice {
  const alive = nodes.filter((n) => n.alive).sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  const feasible = alive.filter((n) => fits(need, n.total));
  if (feasible.length === 0) return { infeasible: `no node can run it (${missing(need, alive)})` };
  const startable = feasible.filter((n) => fits(need, n.available));
  if (typeof strategy === 'object') {
    const target = feasible.find((n) => n.nodeId === strategy.nodeId);
    if (target) return { nodeId: target.nodeId };
    if (!strategy.soft) {
      const known = nodes.find((n) => n.nodeId === strategy.nodeId);
      return { infeasible: `its node affinity (hard) names node ${strategy.nodeId}, which ${!known ? 'is not in the cluster' : !known.alive ? 'is dead' : 'lacks the resources'}` };
    }
  }
  if (strategy === 'SPREAD') return { nodeId: feasible[cursor.next++ % feasible.length]!.nodeId };
  const local = feasible.find((n) => n.nodeId === localId);
  if (local && fits(need, local.available) && utilization(local) < 0.5) return { nodeId: local.nodeId };
  if (startable.length > 0) {
    const least = [...startable].sort((a, b) => utilization(a) - utilization(b))[0]!;
    return { nodeId: least.nodeId };
  }
  return { nodeId: (local ?? feasible[0]!).nodeId };
}
