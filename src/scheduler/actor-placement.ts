/**
 * Where the GCS puts an actor: a pure function of the demand, the strategy and the cluster
 * resource view, so the policy can be tested without a cluster.
 */

/** Resource amounts by name. */
export type Amounts = Readonly<Record<string, number>>;

/** One alive node as the placement sees it. */
export interface PlacementNode {
  readonly nodeId: string;
  readonly total: Amounts;
  readonly available: Amounts;
}

export type PlacementStrategy =
  | { readonly kind: 'DEFAULT' }
  | { readonly kind: 'SPREAD' }
  | { readonly kind: 'NODE_AFFINITY'; readonly nodeId: string; readonly soft: boolean };

export interface PlacementRequest {
  readonly demand: Amounts;
  readonly strategy?: PlacementStrategy;
  /** The caller's node: DEFAULT tries it first (Ray's locality). */
  readonly preferredNodeId?: string;
  /** DEFAULT packs onto nodes whose busiest resource is used below this fraction (Ray: 0.5). */
  readonly spreadThreshold?: number;
  /** SPREAD takes the candidates round-robin: the caller counts placements and passes the count. */
  readonly spreadIndex?: number;
}

export type PlacementDecision =
  | { readonly kind: 'placed'; readonly nodeId: string }
  /** Some node could hold it, but none has the resources free now: try again when they free up. */
  | { readonly kind: 'wait'; readonly reason: string }
  /** No alive node could ever hold it; the reason names what is missing. */
  | { readonly kind: 'infeasible'; readonly reason: string };

/** Same fixed point as the raylet's resource pool, so 0.1 + 0.2 GPU fits in 0.3. */
const SCALE = 10_000;
const units = (x: number | undefined): number => Math.round((x ?? 0) * SCALE);

function positive(demand: Amounts): Array<[string, number]> {
  return Object.entries(demand).filter(([, v]) => units(v) > 0);
}

function fitsIn(demand: Array<[string, number]>, pool: Amounts): boolean {
  return demand.every(([name, amount]) => units(pool[name]) >= units(amount));
}

/**
 * How busy a node is: the largest used fraction over its resources (Ray's "critical resource
 * utilization"): a node with all its CPUs taken is full even if its memory is free.
 */
export function nodeUtilization(node: PlacementNode): number {
  let worst = 0;
  for (const [name, total] of Object.entries(node.total)) {
    const t = units(total);
    if (t <= 0) continue;
    const used = 1 - Math.max(0, units(node.available[name])) / t;
    if (used > worst) worst = used;
  }
  return worst;
}

const byId = (a: PlacementNode, b: PlacementNode): number => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0);

function fmt(amounts: Array<[string, number]>): string {
  return `{${amounts.map(([n, v]) => `${n}: ${v}`).join(', ')}}`;
}

/** Why no node can ever hold the demand, naming each resource short of it. */
function explainInfeasible(demand: Array<[string, number]>, nodes: readonly PlacementNode[]): string {
  if (nodes.length === 0) return `no alive node to place ${fmt(demand)} on`;
  const short: string[] = [];
  for (const [name, amount] of demand) {
    const largest = Math.max(0, ...nodes.map((n) => n.total[name] ?? 0));
    if (units(largest) < units(amount)) short.push(`${name}: requested ${amount}, the largest node has ${largest}`);
  }
  if (short.length > 0) return `no node can ever hold ${fmt(demand)}: ${short.join('; ')}`;
  return `no single node has all of ${fmt(demand)} (each resource exists, but not together on one node)`;
}

function pendingOrInfeasible(demand: Array<[string, number]>, nodes: readonly PlacementNode[]): PlacementDecision {
  if (nodes.some((n) => fitsIn(demand, n.total))) {
    return { kind: 'wait', reason: `no node has ${fmt(demand)} available now; waiting for resources to free up` };
  }
  return { kind: 'infeasible', reason: explainInfeasible(demand, nodes) };
}

/** Ray's hybrid policy: the preferred node, then pack (in id order) below the threshold, then the least busy. */
function hybrid(candidates: PlacementNode[], preferredNodeId: string | undefined, threshold: number): PlacementNode {
  const preferred = candidates.find((n) => n.nodeId === preferredNodeId);
  if (preferred && nodeUtilization(preferred) < threshold) return preferred;
  const ordered = [...candidates].sort(byId);
  const packable = ordered.find((n) => nodeUtilization(n) < threshold);
  if (packable) return packable;
  // Among equally busy nodes, the preferred one still wins.
  let best = preferred ?? ordered[0]!;
  for (const n of ordered) if (nodeUtilization(n) < nodeUtilization(best)) best = n;
  return best;
}

/**
 * Chooses a node for an actor among the alive nodes.
 *
 * - DEFAULT: the caller's node when the actor reserves nothing, or fits there and the node is
 *   less than half busy;
 *   else the first node (by id) that fits and is less than half busy (packing); else the least
 *   busy node that fits (the caller's node on a tie).
 * - SPREAD: the nodes that fit, round-robin by `spreadIndex`.
 * - NODE_AFFINITY: that node; if it cannot ever hold the actor or is gone, `soft` falls back to
 *   DEFAULT and hard reports infeasible. A hard affinity whose node is only busy waits.
 *
 * @example
 * ```ts
 * placeActor({ demand: { CPU: 1 }, preferredNodeId: 'a' }, nodes); // { kind: 'placed', nodeId: 'a' }
 * ```
 */
export function placeActor(request: PlacementRequest, nodes: readonly PlacementNode[]): PlacementDecision {
  const demand = positive(request.demand);
  const strategy = request.strategy ?? { kind: 'DEFAULT' };
  const threshold = request.spreadThreshold ?? 0.5;
  const candidates = nodes.filter((n) => fitsIn(demand, n.available));
  // An actor that reserves nothing crowds no node: it stays with its caller (its calls come from there).
  if (strategy.kind === 'DEFAULT' && demand.length === 0 && request.preferredNodeId !== undefined) {
    const preferred = nodes.find((n) => n.nodeId === request.preferredNodeId);
    if (preferred) return { kind: 'placed', nodeId: preferred.nodeId };
  }

  if (strategy.kind === 'NODE_AFFINITY') {
    const target = nodes.find((n) => n.nodeId === strategy.nodeId);
    if (target && fitsIn(demand, target.available)) return { kind: 'placed', nodeId: target.nodeId };
    if (!strategy.soft) {
      if (!target) return { kind: 'infeasible', reason: `node ${strategy.nodeId} (hard node affinity) is not alive` };
      if (!fitsIn(demand, target.total)) {
        return { kind: 'infeasible', reason: `node ${strategy.nodeId} (hard node affinity) can never hold ${fmt(demand)}: ${explainInfeasible(demand, [target])}` };
      }
      return { kind: 'wait', reason: `node ${strategy.nodeId} (hard node affinity) does not have ${fmt(demand)} available now` };
    }
    // Soft: anywhere else, as DEFAULT would place it.
  }

  if (candidates.length === 0) return pendingOrInfeasible(demand, nodes);

  if (strategy.kind === 'SPREAD') {
    const ordered = [...candidates].sort(byId);
    const i = Math.abs(Math.trunc(request.spreadIndex ?? 0)) % ordered.length;
    return { kind: 'placed', nodeId: ordered[i]!.nodeId };
  }
  return { kind: 'placed', nodeId: hybrid(candidates, request.preferredNodeId, threshold).nodeId };
}
