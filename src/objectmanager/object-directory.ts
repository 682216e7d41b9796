/**
 * Where objects are, as one node sees it (pure bookkeeping; the object manager feeds it).
 *
 * - Owners: an object id starts with the session tag of the runtime that issued it (see
 *   common/ids.ts), and each raylet registers its tag with the GCS as a node label, so any node
 *   finds an object's owner node from the id alone, with no lookup service.
 * - Locations: an owner always holds its objects (a task's results come back to it, and a
 *   node's objects live in its store), so the owner is where an object is pulled from. Copies
 *   pulled elsewhere are tracked by their holders' refs (see borrows.ts), not here.
 */

/** The GCS node label holding the session tag of a node's runtime: ids it issues start with it. */
export const SESSION_LABEL = 'tsray.io/session';

/** Length of a session tag (3 random bytes in hex, common/ids.ts). */
const TAG_LENGTH = 6;
const TAG = /^[0-9a-f]{6}/;

/** A node as the directory needs it (a subset of the GCS record). */
export interface DirectoryNode {
  nodeId: string;
  state: 'ALIVE' | 'DEAD';
  labels: Record<string, string>;
  nodeManagerAddress: string;
  nodeManagerPort: number;
  deathReason?: string;
}

/** An owner node found for an object. */
export interface OwnerNode {
  nodeId: string;
  /** host:port of its object manager. */
  address: string;
  alive: boolean;
  deathReason: string;
}

/**
 * The session tag of the runtime that issued an object id, or undefined for ids that are not
 * objects' (streams `.stream`, placement groups `PG...`). An actor's handle id (`A<task
 * id>.actor`) counts as its owner's object: other nodes holding handles borrow it, so the actor
 * lives while any node has a handle.
 */
export function sessionOf(id: string): string | undefined {
  if (id.endsWith('.stream')) return undefined;
  if (id.endsWith('.actor')) return id.startsWith('A') && TAG.test(id.slice(1)) ? id.slice(1, 1 + TAG_LENGTH) : undefined;
  return TAG.test(id) ? id.slice(0, TAG_LENGTH) : undefined;
}

export class ObjectDirectory {
  private readonly bySession = new Map<string, OwnerNode>();

  constructor(readonly localSession: string) {}

  /** Whether another runtime issued (and owns) the object. */
  isForeign(id: string): boolean {
    const session = sessionOf(id);
    return session !== undefined && session !== this.localSession;
  }

  /** Learns nodes (a GCS record, new or changed: a death keeps the node, marked dead). */
  update(nodes: Iterable<DirectoryNode>): void {
    for (const n of nodes) {
      const session = n.labels[SESSION_LABEL];
      if (!session || !n.nodeManagerPort) continue;
      this.bySession.set(session, {
        nodeId: n.nodeId,
        address: `${n.nodeManagerAddress}:${n.nodeManagerPort}`,
        alive: n.state === 'ALIVE',
        deathReason: n.deathReason ?? '',
      });
    }
  }

  /** The node that owns an object, if known (undefined: refresh from the GCS and ask again). */
  ownerOf(id: string): OwnerNode | undefined {
    const session = sessionOf(id);
    return session === undefined ? undefined : this.bySession.get(session);
  }

  /** The owner node by node id, if known. */
  node(nodeId: string): OwnerNode | undefined {
    for (const n of this.bySession.values()) if (n.nodeId === nodeId) return n;
    return undefined;
  }

  /** The session tag a node registered, if known. */
  sessionOfNode(nodeId: string): string | undefined {
    for (const [session, n] of this.bySession) if (n.nodeId === nodeId) return session;
    return undefined;
  }

  /** The node whose runtime has this session tag, if known. */
  bySessionTag(session: string): OwnerNode | undefined {
    return this.bySession.get(session);
  }
}
