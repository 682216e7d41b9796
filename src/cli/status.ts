import { GcsClient } from '../gcs/gcs-client.js';
import { localHeadAddress } from '../cluster/node-folders.js';
import { ConnectionError } from '../api/errors.js';

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const GiB = 2 ** 30;

function amount(name: string, n: number): string {
  return name === 'memory' || name === 'object_store_memory' ? `${(n / GiB).toFixed(2)} GiB` : fmt(n);
}

/** `tsray status`: the cluster's nodes, their resources used/total and pending work, as text. */
export async function status(address: string | undefined): Promise<string> {
  const target = address ?? process.env.TSRAY_ADDRESS ?? localHeadAddress();
  if (!target) throw new ConnectionError('tsray status: no cluster started on this machine. Pass --address HOST:PORT, or start one with `tsray start --head`.');
  const gcs = await GcsClient.connect(target);
  try {
    const [nodes, view] = await Promise.all([gcs.getAllNodes(false), gcs.getResourceView()]);
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
    return lines.join('\n');
  } finally {
    gcs.close();
  }
}
