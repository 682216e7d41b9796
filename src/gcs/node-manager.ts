import { InvalidArgumentError } from '../common/errors.js';
import { checkId, checkResourceAmounts } from './request-limits.js';
import type { GcsNodeInfo, NodeResources, RegisterNodeRequest, Wire } from '../rpc/messages.js';
import { checkProtocolVersion } from '../rpc/protocol-version.js';
import { TABLES, decodeRecord, encodeRecord, type GcsStorage } from './gcs-storage.js';
import { NodeTable } from './node-table.js';
import type { Publisher } from './pubsub.js';
import type { ClusterResourceView } from './resource-view.js';

export interface NodeManagerDeps {
  storage: GcsStorage;
  publisher: Publisher;
  view: ClusterResourceView;
  deathTimeoutMs: number;
  /** Monotonic clock for liveness. */
  now: () => number;
  /** Wall clock for the records' timestamps. */
  wallNow: () => number;
}

/** What the GCS tells a node that reported in. */
export interface NodeReportReply {
  unknownNode: boolean;
  nodeDead: boolean;
}

function normalizeNode(n: Wire<GcsNodeInfo>): GcsNodeInfo {
  return {
    nodeId: n.nodeId ?? '',
    nodeManagerAddress: n.nodeManagerAddress ?? '',
    nodeManagerPort: n.nodeManagerPort ?? 0,
    objectManagerPort: n.objectManagerPort ?? 0,
    nodeName: n.nodeName ?? '',
    isHead: n.isHead ?? false,
    state: 'ALIVE',
    resourcesTotal: { ...(n.resourcesTotal as Record<string, number> | undefined) },
    labels: { ...(n.labels as Record<string, string> | undefined) },
    startTimeMs: n.startTimeMs ?? 0,
    endTimeMs: 0,
    deathReason: '',
    sessionDir: n.sessionDir ?? '',
    pid: n.pid ?? 0,
    protocolVersion: n.protocolVersion ?? '',
  };
}

/** Runs every listener even if one fails: a node's death must reach the actor and job tables. */
async function notify(listeners: Array<(node: GcsNodeInfo) => void | Promise<void>>, node: GcsNodeInfo): Promise<void> {
  for (const l of listeners) {
    try {
      await l(node);
    } catch (err) {
      console.error(`tsray gcs: handling node ${node.nodeId} (${node.state}) failed:`, err);
    }
  }
}

/**
 * The GCS's node membership: registration (with the protocol version check), heartbeats and
 * resource reports, death detection, and telling everyone (subscribers, then the actor and job
 * managers) when a node comes or goes.
 */
export class GcsNodeManager {
  readonly table: NodeTable;
  private readonly addedListeners: Array<(node: GcsNodeInfo) => void | Promise<void>> = [];
  private readonly deadListeners: Array<(node: GcsNodeInfo) => void | Promise<void>> = [];

  constructor(private readonly deps: NodeManagerDeps) {
    this.table = new NodeTable({ deathTimeoutMs: deps.deathTimeoutMs });
  }

  onNodeAdded(listener: (node: GcsNodeInfo) => void | Promise<void>): void {
    this.addedListeners.push(listener);
  }

  onNodeDead(listener: (node: GcsNodeInfo) => void | Promise<void>): void {
    this.deadListeners.push(listener);
  }

  async register(request: Wire<RegisterNodeRequest>, peer: string): Promise<GcsNodeInfo> {
    const n = request.node;
    if (!n) throw new InvalidArgumentError('RegisterNode: node is required');
    const nodeId = checkId(n.nodeId, 'RegisterNode: node.nodeId');
    checkResourceAmounts(n.resourcesTotal, 'RegisterNode: node.resourcesTotal');
    const version = request.protocolVersion ?? '';
    checkProtocolVersion(version, `node ${nodeId} (${n.nodeManagerAddress || peer})`);
    const isNew = !this.table.isAlive(nodeId);
    const record = this.table.register(
      { ...normalizeNode(n), startTimeMs: this.table.get(nodeId)?.startTimeMs || this.deps.wallNow(), protocolVersion: version },
      this.deps.now(),
    );
    if (isNew || !this.deps.view.has(record.nodeId)) this.deps.view.addNode(record.nodeId, record.resourcesTotal);
    // Told before it is stored: if storage fails, the node is registered all the same (the
    // change is kept and written later) and a retried call must find nothing left to announce.
    if (isNew) {
      this.deps.publisher.publish('NODE_INFO', { nodeInfo: record });
      await notify(this.addedListeners, record);
    }
    await this.deps.storage.put(TABLES.nodes, record.nodeId, encodeRecord(record));
    return record;
  }

  /** A sign of life, optionally with the node's current resources. */
  heartbeat(nodeId: string, resources?: Wire<NodeResources> | null): NodeReportReply {
    checkId(nodeId, 'node id');
    if (resources) {
      checkResourceAmounts(resources.total, 'resources.total');
      checkResourceAmounts(resources.available, 'resources.available');
    }
    const outcome = this.table.heartbeat(nodeId, this.deps.now());
    if (outcome === 'alive' && resources) this.deps.view.report({ ...resources, nodeId });
    return { unknownNode: outcome === 'unknown', nodeDead: outcome === 'dead' };
  }

  async unregister(nodeId: string, reason: string): Promise<void> {
    await this.declareDead(nodeId, `unregistered: ${reason || 'the node shut down'}`);
  }

  /** Declares dead every node silent past the timeout; returns them. */
  async checkDeaths(): Promise<GcsNodeInfo[]> {
    const dead: GcsNodeInfo[] = [];
    for (const { nodeId, silentMs } of this.table.expired(this.deps.now())) {
      const reason = `no heartbeat for ${Math.round(silentMs)} ms (timeout ${this.deps.deathTimeoutMs} ms): the node or its network failed`;
      const node = await this.declareDead(nodeId, reason);
      if (node) dead.push(node);
    }
    return dead;
  }

  all(aliveOnly = false): GcsNodeInfo[] {
    return aliveOnly ? this.table.alive() : this.table.all();
  }

  /** Loads the node table from storage (a GCS restarted on persistent storage). */
  async restore(): Promise<void> {
    for (const [, bytes] of await this.deps.storage.list(TABLES.nodes)) {
      const node = decodeRecord<GcsNodeInfo>(bytes);
      this.table.restore(node, this.deps.now());
      if (node.state === 'ALIVE') this.deps.view.addNode(node.nodeId, node.resourcesTotal);
    }
  }

  /** Never fails: a node's death must reach subscribers and the actor and job tables even while storage is down. */
  private async declareDead(nodeId: string, reason: string): Promise<GcsNodeInfo | undefined> {
    const node = this.table.markDead(nodeId, reason, this.deps.wallNow());
    if (!node) return undefined;
    this.deps.view.removeNode(nodeId);
    this.deps.publisher.publish('NODE_INFO', { nodeInfo: node });
    const stored = this.deps.storage.put(TABLES.nodes, nodeId, encodeRecord(node)).catch((err: unknown) => {
      console.error(`tsray gcs: storing node ${nodeId}'s death failed (kept for later): ${(err as Error).message}`);
    });
    await notify(this.deadListeners, node);
    await stored;
    return node;
  }
}
