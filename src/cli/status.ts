import { GcsClient } from '../gcs/gcs-client.js';
import type { ActorTableData } from '../rpc/messages.js';
import { localHeadAddress } from '../cluster/node-folders.js';
import { ConnectionError } from '../common/errors.js';
import { PLACEMENT_GROUP_NAMESPACE } from '../remote/remote-bundles.js';
import type { PlacementGroupTableEntry } from '../common/placement-group.js';

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const GiB = 2 ** 30;

function amount(name: string, n: number): string {
  return name === 'memory' || name === 'object_store_memory' ? `${(n / GiB).toFixed(2)} GiB` : fmt(n);
}

export interface StatusOptions {
  /** How long to wait for a GCS that is down (restarting) before a ConnectionError (default 15 s). */
  timeoutMs?: number;
}

/**
 * `tsray status`: the cluster's nodes, their resources used/total and pending work, as text. A
 * GCS that is restarting is waited for, up to `timeoutMs`.
 */
export async function status(address: string | undefined, options: StatusOptions = {}): Promise<string> {
  const target = address ?? process.env.TSRAY_ADDRESS ?? localHeadAddress();
  if (!target) throw new ConnectionError('tsray status: no cluster started on this machine. Pass --address HOST:PORT, or start one with `tsray start --head`.');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const gcs = await GcsClient.connect(target, { connectTimeoutMs: timeoutMs, retryForMs: timeoutMs });
  try {
    const [nodes, view] = await Promise.all([gcs.getAllNodes(false), gcs.getResourceView()]);
    // A stable order whatever order the GCS (re)loaded them in: the head, then by start.
    nodes.sort((a, b) => Number(b.isHead) - Number(a.isHead) || a.startTimeMs - b.startTimeMs || (a.nodeId < b.nodeId ? -1 : 1));
    const byId = new Map(view.nodes.map((n) => [n.nodeId, n]));
    const lines = [`tsray cluster at ${target}`, '', 'Nodes'];
    const used: Record<string, number> = {};
    const total: Record<string, number> = {};
    let pending = 0;
    for (const n of nodes) {
      const r = byId.get(n.nodeId);
      lines.push(`  ${n.nodeId}  ${n.nodeManagerAddress}${n.isHead ? '  head' : ''}  ${n.state}${n.state === 'DEAD' && n.deathReason ? ` (${n.deathReason})` : ''}`);
      if (n.state !== 'ALIVE') continue;
      const totals = r?.total ?? n.resourcesTotal;
      const parts: string[] = [];
      for (const [k, t] of Object.entries(totals)) {
        if (k.startsWith('node:')) continue;
        const u = t - (r?.available[k] ?? t);
        used[k] = (used[k] ?? 0) + u;
        total[k] = (total[k] ?? 0) + t;
        parts.push(`${k} ${amount(k, u)}/${amount(k, t)}`);
      }
      pending += r?.pendingTasks ?? 0;
      lines.push(`    ${parts.join(', ')}${r?.pendingTasks ? `; ${r.pendingTasks} pending` : ''}`);
    }
    lines.push('', 'Resources (used/total)');
    for (const k of Object.keys(total).sort()) lines.push(`  ${k}: ${amount(k, used[k]!)}/${amount(k, total[k]!)}`);
    lines.push('', `Pending tasks: ${pending}`);
    lines.push(...(await actorLines(gcs)));
    lines.push(...(await placementGroupLines(gcs)));
    return lines.join('\n');
  } finally {
    gcs.close();
  }
}

/** The GCS's actor table: live actors by state, and each named one with its node. */
async function actorLines(gcs: GcsClient): Promise<string[]> {
  const actors = await gcs.listActors({ includeDead: false });
  if (actors.length === 0) return ['', 'Actors: none'];
  // Lower case, so the states of actors are not read as those of nodes.
  const state = (a: ActorTableData) => a.state.toLowerCase().replace('_', ' ');
  const byState = new Map<string, number>();
  for (const a of actors) byState.set(state(a), (byState.get(state(a)) ?? 0) + 1);
  const lines = ['', `Actors: ${[...byState].map(([s, n]) => `${n} ${s}`).join(', ')}`];
  for (const a of actors.filter((x) => x.name).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    lines.push(`  "${a.name}" (${a.className}, namespace ${a.namespace})  ${state(a)}  on ${a.nodeId ? a.nodeId.slice(0, 8) : '-'}`);
  }
  return lines;
}

/** The placement groups their owners published in the GCS, live ones first. */
async function placementGroupLines(gcs: GcsClient): Promise<string[]> {
  const entries: PlacementGroupTableEntry[] = [];
  for (const id of await gcs.kvKeys(PLACEMENT_GROUP_NAMESPACE)) {
    const raw = await gcs.kvGet(PLACEMENT_GROUP_NAMESPACE, id);
    if (raw) entries.push(JSON.parse(Buffer.from(raw).toString('utf8')) as PlacementGroupTableEntry);
  }
  const live = entries.filter((e) => e.state !== 'REMOVED');
  if (live.length === 0) return ['', 'Placement groups: none'];
  const lines = ['', 'Placement groups'];
  for (const e of live) {
    const bundles = e.bundles.map((b, i) => `${JSON.stringify(b)}@${e.bundlesToNodeId[i]?.slice(0, 8) ?? '-'}`).join(' ');
    lines.push(`  ${e.placementGroupId}${e.name ? ` (${e.name})` : ''}  ${e.strategy}  ${e.state}  ${bundles}${e.reason ? `\n    ${e.reason}` : ''}`);
  }
  return lines;
}
