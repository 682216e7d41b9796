/**
 * Spillback (Ray's ClusterTaskManager: a raylet that cannot grant a lease answers the owner
 * with `retry_at_raylet_address`): which of the tasks queued on this node, none of which can
 * start here now, go to another node that can start them now, by the cluster's resource view.
 *
 * A task that could ever run here but cannot start with what is free here now (fractional
 * actors hold the rest, say) would otherwise wait on this node for as long as that lasts, while
 * other nodes sit idle: SPREAD and the hybrid policy may place it here from a report a moment
 * old, or when no node had room at the time. Pure: the raylet calls it with its queue and view.
 */

import { fits, utilization, type Amounts, type NodeView } from './node-selection.js';

/**
 * For each task need (in queue order), the node it goes to, or undefined to stay queued here.
 * Only nodes other than `localId` that are alive and, by the view, have the need free now are
 * chosen, the least busy first. Each choice is charged against a copy of the view, so one pass
 * does not send a node more than it reported free (the view is a moment old: a node that got
 * more than it can start queues the rest, and gives them back in turn when another has room).
 */
export function planSpillback(needs: readonly Amounts[], localId: string, nodes: readonly NodeView[]): Array<string | undefined> {
  const others = nodes
    .filter((n) => n.alive && n.nodeId !== localId)
    .map((n) => ({ nodeId: n.nodeId, alive: true, total: n.total, available: { ...n.available } }))
    .sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  return needs.map((need) => {
    let best: NodeView | undefined;
    for (const n of others) {
      if (fits(need, n.available) && (best === undefined || utilization(n) < utilization(best))) best = n;
    }
    if (best === undefined) return undefined;
    for (const [k, v] of Object.entries(need)) if (v > 0) best.available[k] = (best.available[k] ?? 0) - v;
    return best.nodeId;
  });
}
