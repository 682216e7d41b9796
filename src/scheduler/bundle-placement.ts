import type { PlacementGroupStrategy } from '../common/placement-group.js';

/**
 * Where the GCS puts a placement group's bundles: a pure function of the bundles, the strategy
 * and the nodes' resources, so the policy is tested without a cluster. The embedded runtime calls
 * it with its one node; cluster mode calls it with the GCS's resource view, then reserves the
 * result on the chosen raylets with `reserveAtomically`.
 */

/** Resource amounts by name (Ray's names: CPU, GPU, memory, custom ones). */
export type Amounts = Readonly<Record<string, number>>;

/** One alive node as the policy sees it (the same shape as actor placement's nodes). */
export interface BundleNode {
  readonly nodeId: string;
  readonly total: Amounts;
  readonly available: Amounts;
}

export type BundlePlacement =
  /** `nodeIds[i]` is the node of bundle i. */
  | { readonly kind: 'placed'; readonly nodeIds: readonly string[] }
  /** The cluster could hold the group, but not with what is free now: retry when resources free up. */
  | { readonly kind: 'wait'; readonly reason: string }
  /** Even empty, these nodes could never hold the group (it may fit once nodes join). */
  | { readonly kind: 'infeasible'; readonly reason: string };

/** Same fixed point as the raylet's resource pool, so four bundles of 0.25 GPU fill one GPU. */
const SCALE = 10_000;
const units = (x: number | undefined): number => Math.round((x ?? 0) * SCALE);

type Demand = ReadonlyArray<readonly [string, number]>;

function demandOf(amounts: Amounts): Demand {
  return Object.keys(amounts).sort().map((n) => [n, units(amounts[n])] as const).filter(([, u]) => u > 0);
}

function sumOf(demands: readonly Demand[]): Demand {
  const sum = new Map<string, number>();
  for (const d of demands) for (const [n, u] of d) sum.set(n, (sum.get(n) ?? 0) + u);
  return [...sum.keys()].sort().map((n) => [n, sum.get(n)!] as const);
}

function fmt(d: Demand): string {
  return `{${d.map(([n, u]) => `${n}: ${u / SCALE}`).join(', ')}}`;
}

/** A node's capacity during one attempt: amounts left (in units), and its totals to normalize. */
interface Bin {
  readonly nodeId: string;
  readonly left: Map<string, number>;
  readonly total: Map<string, number>;
  bundles: number;
}

function bins(nodes: readonly BundleNode[], which: 'total' | 'available'): Bin[] {
  return [...nodes]
    .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0))
    .map((n) => ({
      nodeId: n.nodeId,
      left: new Map(Object.entries(n[which]).map(([k, v]) => [k, units(v)])),
      total: new Map(Object.entries(n.total).map(([k, v]) => [k, units(v)])),
      bundles: 0,
    }));
}

function fits(d: Demand, bin: Bin): boolean {
  for (const [n, u] of d) if ((bin.left.get(n) ?? 0) < u) return false;
  return true;
}

function take(d: Demand, bin: Bin): void {
  for (const [n, u] of d) bin.left.set(n, (bin.left.get(n) ?? 0) - u);
  bin.bundles++;
}

/** What the node would have left of the demanded resources, as a share of its totals (best fit is low). */
function slack(d: Demand, bin: Bin): number {
  let s = 0;
  for (const [n, u] of d) s += ((bin.left.get(n) ?? 0) - u) / Math.max(bin.total.get(n) ?? 0, 1);
  return s;
}

/**
 * The order bundles are placed in: the biggest first (GPUs, then the share of the cluster they
 * take), so small bundles do not fill the only nodes a big one fits on. Ties keep index order.
 */
function placementOrder(demands: readonly Demand[], cluster: Bin[]): number[] {
  const largest = new Map<string, number>();
  for (const b of cluster) for (const [n, u] of b.total) largest.set(n, Math.max(largest.get(n) ?? 0, u));
  const weight = demands.map((d) => d.reduce((s, [n, u]) => s + u / Math.max(largest.get(n) ?? 0, 1), 0));
  const gpus = demands.map((d) => d.find(([n]) => n === 'GPU')?.[1] ?? 0);
  return demands.map((_, i) => i).sort((a, b) => gpus[b]! - gpus[a]! || weight[b]! - weight[a]! || a - b);
}

/** The bin that minimizes `score` among those that fit (ties: the first, i.e. lowest node id). */
function pick(d: Demand, candidates: Bin[], score: (bin: Bin) => number): Bin | undefined {
  let best: Bin | undefined;
  let bestScore = Infinity;
  for (const bin of candidates) {
    if (!fits(d, bin)) continue;
    const s = score(bin);
    if (s < bestScore) {
      best = bin;
      bestScore = s;
    }
  }
  return best;
}

type Attempt = (demands: readonly Demand[], cluster: Bin[]) => Bin[] | null;

/** All bundles on the one node that fits them best. */
const onOneNode: Attempt = (demands, cluster) => {
  const sum = sumOf(demands);
  const bin = pick(sum, cluster, (b) => slack(sum, b));
  return bin ? demands.map(() => bin) : null;
};

/** Bundles onto nodes already used (tightest first), opening the roomiest new node when needed. */
const packGreedy: Attempt = (demands, cluster) => {
  const out = new Array<Bin>(demands.length);
  for (const i of placementOrder(demands, cluster)) {
    const d = demands[i]!;
    const bin = pick(d, cluster.filter((b) => b.bundles > 0), (b) => slack(d, b)) ?? pick(d, cluster, (b) => -slack(d, b));
    if (!bin) return null;
    take(d, bin);
    out[i] = bin;
  }
  return out;
};

/** Each bundle onto a node without one (the roomiest), then onto the nodes holding the fewest. */
const spreadGreedy: Attempt = (demands, cluster) => {
  const out = new Array<Bin>(demands.length);
  for (const i of placementOrder(demands, cluster)) {
    const d = demands[i]!;
    const bin = pick(d, cluster.filter((b) => b.bundles === 0), (b) => -slack(d, b)) ?? pick(d, cluster, (b) => b.bundles * 1e6 - slack(d, b));
    if (!bin) return null;
    take(d, bin);
    out[i] = bin;
  }
  return out;
};

/**
 * Each bundle on a node of its own: a bipartite matching (Kuhn's augmenting paths), exact where a
 * greedy pass could miss an assignment. Nodes are tried roomiest first, so the result is stable.
 */
const distinctNodes: Attempt = (demands, cluster) => {
  if (demands.length > cluster.length) return null;
  const ownerOf = new Array<number>(cluster.length).fill(-1);
  const choices = demands.map((d) =>
    cluster.map((b, j) => j).filter((j) => fits(d, cluster[j]!)).sort((a, b) => slack(d, cluster[b]!) - slack(d, cluster[a]!) || a - b));
  const augment = (i: number, seen: boolean[]): boolean => {
    // A free node it prefers first; only then move others along (so moves happen only when needed).
    for (const j of choices[i]!) {
      if (ownerOf[j] === -1 && !seen[j]) {
        seen[j] = true;
        ownerOf[j] = i;
        return true;
      }
    }
    for (const j of choices[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (augment(ownerOf[j]!, seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  for (const i of placementOrder(demands, cluster)) {
    if (!augment(i, new Array<boolean>(cluster.length).fill(false))) return null;
  }
  const out = new Array<Bin>(demands.length);
  ownerOf.forEach((i, j) => {
    if (i >= 0) out[i] = cluster[j]!;
  });
  return out;
};

/** What each strategy tries, in order: the first that places every bundle wins. */
const ATTEMPTS: Record<PlacementGroupStrategy, readonly Attempt[]> = {
  // Fewest nodes: all on one if possible, else greedy packing; spreading is the last resort.
  PACK: [onOneNode, packGreedy, spreadGreedy],
  // Distinct nodes where possible; a packed placement beats none (SPREAD is best effort).
  SPREAD: [distinctNodes, spreadGreedy, packGreedy],
  STRICT_PACK: [onOneNode],
  STRICT_SPREAD: [distinctNodes],
};

function attempt(demands: readonly Demand[], strategy: PlacementGroupStrategy, nodes: readonly BundleNode[], which: 'total' | 'available'): string[] | null {
  for (const a of ATTEMPTS[strategy]) {
    const placed = a(demands, bins(nodes, which));
    if (placed) return placed.map((b) => b.nodeId);
  }
  return null;
}

/** Why the group does not fit in `which` of the nodes, most specific reason first. */
function explain(demands: readonly Demand[], strategy: PlacementGroupStrategy, nodes: readonly BundleNode[], which: 'total' | 'available'): string {
  const cluster = bins(nodes, which);
  const now = which === 'available';
  const n = demands.length;
  if (strategy === 'STRICT_SPREAD' && n > cluster.length) {
    return `STRICT_SPREAD puts each of the ${n} bundles on a different node, so it needs ${n} nodes; the cluster has ${cluster.length} alive node${cluster.length === 1 ? '' : 's'}`;
  }
  for (let i = 0; i < n; i++) {
    const d = demands[i]!;
    if (cluster.some((b) => fits(d, b))) continue;
    if (!now) {
      const short = d.filter(([name, u]) => !cluster.some((b) => (b.total.get(name) ?? 0) >= u))
        .map(([name, u]) => `${name}: requested ${u / SCALE}, the largest node has ${Math.max(0, ...cluster.map((b) => b.total.get(name) ?? 0)) / SCALE}`);
      return `bundle ${i} ${fmt(d)} fits on no node${short.length ? ` (${short.join('; ')})` : ' (no single node has all of it)'}`;
    }
    return `bundle ${i} ${fmt(d)} does not fit in what any node has available now (${availableNow(d, cluster)})`;
  }
  const sum = sumOf(demands);
  if (strategy === 'STRICT_PACK') {
    return `STRICT_PACK puts all bundles on one node, ${fmt(sum)} in all, and no node ${now ? `has that available now (${availableNow(sum, cluster)})` : 'has that much'}`;
  }
  if (strategy === 'STRICT_SPREAD') {
    return `STRICT_SPREAD needs ${n} different nodes that each hold one bundle, and no such ${n} nodes ${now ? 'have the resources available now' : 'exist'}`;
  }
  return `the ${n} bundles, ${fmt(sum)} in all, do not fit together in what the nodes ${now ? `have available now (${availableNow(sum, cluster)})` : 'have'}`;
}

/** The demanded resources each node has left, for a reason (at most four nodes named). */
function availableNow(d: Demand, cluster: Bin[]): string {
  const one = (b: Bin): string => fmt(d.map(([n]) => [n, Math.max(0, b.left.get(n) ?? 0)] as const));
  if (cluster.length === 1) return `available: ${one(cluster[0]!)}`;
  const named = cluster.slice(0, 4).map((b) => `node ${b.nodeId}: ${one(b)}`);
  return `available: ${named.join(', ')}${cluster.length > 4 ? `, and ${cluster.length - 4} more nodes` : ''}`;
}

/**
 * Assigns each bundle a node, or says why it cannot (never a partial assignment).
 *
 * - PACK: as few nodes as possible: all on one node when one fits them, else packed greedily.
 * - SPREAD: a different node per bundle where possible, else as even as possible.
 * - STRICT_PACK: all on one node, or not at all.
 * - STRICT_SPREAD: every bundle on a different node, or not at all.
 *
 * Deterministic: the same bundles and nodes (in any order) give the same assignment. Among
 * equally good nodes the lowest node id wins; PACK prefers the tightest fit, SPREAD the roomiest.
 *
 * @example
 * ```ts
 * placeBundles([{ CPU: 1 }, { CPU: 1 }], 'STRICT_SPREAD', [
 *   { nodeId: 'a', total: { CPU: 2 }, available: { CPU: 2 } },
 *   { nodeId: 'b', total: { CPU: 2 }, available: { CPU: 1 } },
 * ]); // { kind: 'placed', nodeIds: ['a', 'b'] }
 * ```
 */
export function placeBundles(bundles: readonly Amounts[], strategy: PlacementGroupStrategy, nodes: readonly BundleNode[]): BundlePlacement {
  const demands = bundles.map(demandOf);
  if (nodes.length === 0) return { kind: 'infeasible', reason: 'no alive node to place the bundles on' };
  const placed = attempt(demands, strategy, nodes, 'available');
  if (placed) return { kind: 'placed', nodeIds: placed };
  if (attempt(demands, strategy, nodes, 'total') === null) {
    return { kind: 'infeasible', reason: `${explain(demands, strategy, nodes, 'total')}; it stays pending until nodes that can hold it join` };
  }
  return { kind: 'wait', reason: `waiting for resources: ${explain(demands, strategy, nodes, 'available')}` };
}

/**
 * Why work demanding `demand` can never run in the bundle (`bundleIndex` >= 0) or in any bundle
 * (-1) of a group with these bundles; null when it fits. Work in a bundle uses only the bundle's
 * resources, so it must fit within one bundle.
 */
export function bundleFitProblem(bundles: readonly Amounts[], bundleIndex: number, demand: Amounts): string | null {
  if (!Number.isInteger(bundleIndex) || bundleIndex < -1 || bundleIndex >= bundles.length) {
    return `bundleIndex must be -1 (any bundle) or an index below the group's ${bundles.length} bundle${bundles.length === 1 ? '' : 's'}, got ${bundleIndex}`;
  }
  const d = demandOf(demand);
  const lacking = (b: Amounts): string[] => d.filter(([n, u]) => units(b[n]) < u).map(([n, u]) => `${n}: ${u / SCALE} requested, ${b[n] ?? 0} in the bundle`);
  if (bundleIndex >= 0) {
    const short = lacking(bundles[bundleIndex]!);
    return short.length === 0 ? null : `it requests ${fmt(d)}, more than bundle ${bundleIndex} ${fmt(demandOf(bundles[bundleIndex]!))} holds (${short.join('; ')})`;
  }
  if (bundles.some((b) => lacking(b).length === 0)) return null;
  return `it requests ${fmt(d)}, and no bundle of the group holds that much (bundles: ${bundles.map((b) => fmt(demandOf(b))).join(', ')})`;
}

/** One node's part of a reservation: the bundle indexes it holds. */
export interface NodeShare {
  readonly nodeId: string;
  readonly bundleIndexes: readonly number[];
}

/** Groups a placement's bundles by node, nodes in the order they first appear. */
export function sharesByNode(nodeIds: readonly string[]): NodeShare[] {
  const byNode = new Map<string, number[]>();
  nodeIds.forEach((nodeId, i) => {
    let list = byNode.get(nodeId);
    if (!list) byNode.set(nodeId, (list = []));
    list.push(i);
  });
  return [...byNode].map(([nodeId, bundleIndexes]) => ({ nodeId, bundleIndexes }));
}

/** The raylets' side of a two-phase reservation, as the GCS drives it. */
export interface ReservationParticipants {
  /** Reserves the node's bundles, or refuses (false or a rejection) leaving nothing reserved. */
  prepare(share: NodeShare): Promise<boolean> | boolean;
  /** Makes prepared bundles usable. */
  commit(share: NodeShare): Promise<void> | void;
  /** Returns prepared bundles to their node. */
  cancel(share: NodeShare): Promise<void> | void;
}

export type ReservationOutcome = { readonly ok: true } | { readonly ok: false; readonly refused: readonly string[] };

/**
 * Reserves a placement on every node it uses, atomically (Ray's two-phase commit): prepare on
 * all of them; if any refuses, cancel those that prepared and report who refused; else commit all.
 * A group is thus either reserved everywhere or nowhere.
 *
 * @example
 * ```ts
 * const plan = placeBundles(bundles, 'SPREAD', nodes);
 * if (plan.kind === 'placed') await reserveAtomically(plan.nodeIds, raylets);
 * ```
 */
export async function reserveAtomically(nodeIds: readonly string[], participants: ReservationParticipants): Promise<ReservationOutcome> {
  const shares = sharesByNode(nodeIds);
  const prepared = await Promise.all(shares.map(async (s) => {
    try {
      return (await participants.prepare(s)) === true;
    } catch {
      return false;
    }
  }));
  const refused = shares.filter((_, i) => !prepared[i]);
  if (refused.length > 0) {
    await Promise.all(shares.filter((_, i) => prepared[i]).map((s) => participants.cancel(s)));
    return { ok: false, refused: refused.map((s) => s.nodeId) };
  }
  await Promise.all(shares.map((s) => participants.commit(s)));
  return { ok: true };
}
