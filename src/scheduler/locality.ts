import { fits, type Amounts, type NodeView } from './node-selection.js';

/**
 * Locality-aware placement (Ray's locality-aware leasing): a task whose arguments are large
 * goes to the node that already holds the most bytes of them, so they are read in place rather
 * than moved. Pure: the owner passes where each argument lives and the cluster's resource view.
 */

/** Bytes of a task's arguments per node holding them. */
export type BytesByNode = ReadonlyMap<string, number>;

/**
 * The node holding the most bytes of a task's arguments that is alive and can start the task
 * now (`need` fits what it has free); undefined when no holder qualifies, so the caller falls
 * back to its usual policy. Ties go to the lower node id, so the choice is stable.
 *
 * @example
 * ```ts
 * const at = localityNode(new Map([['b', 20e6], ['c', 1e6]]), { CPU: 1 }, nodes); // 'b' if it has a free CPU
 * ```
 */
export function localityNode(bytes: BytesByNode, need: Amounts, nodes: readonly NodeView[]): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const n of nodes) {
    const held = bytes.get(n.nodeId) ?? 0;
    if (held <= 0 || !n.alive || !fits(need, n.available)) continue;
    if (held > most || (held === most && best !== undefined && n.nodeId < best)) {
      best = n.nodeId;
      most = held;
    }
  }
  return best;
}

/** Adds `bytes` held on `nodeId` to a tally (for building `localityNode`'s input). */
export function tally(into: Map<string, number>, nodeId: string, bytes: number): void {
  if (bytes > 0) into.set(nodeId, (into.get(nodeId) ?? 0) + bytes);
}
