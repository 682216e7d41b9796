import { Packr } from 'msgpackr';
import type { PlacementGroupCluster } from '../core/placement-group-manager.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import type { ServiceHandlers } from '../rpc/rpc-server.js';
import type { ResourceMap } from '../common/resources.js';
import type { RemoteNode } from './remote-tasks.js';

/**
 * Placement-group bundles across nodes: the group's owner asks each node to reserve its share
 * (phase one), and creates the group once all did; a refusal anywhere releases the others.
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

type Bundles = Array<{ index: number; resources: ResourceMap }>;

/** The GCS KV namespace where owners publish their placement groups' table entries (JSON). */
export const PLACEMENT_GROUP_NAMESPACE = 'tsray.placement_groups';

/** The owner's side of the reservation, over the cluster's resource view and RPCs. */
export function bundleCluster(nodes: () => RemoteNode[], client: (address: string) => RpcClient): PlacementGroupCluster {
  const address = (nodeId: string): string => {
    const n = nodes().find((x) => x.nodeId === nodeId);
    if (!n) throw new Error(`node ${nodeId} is not in the cluster`);
    return n.address;
  };
  return {
    nodes: () => nodes().filter((n) => n.alive).map((n) => ({ nodeId: n.nodeId, total: n.total, available: n.available })),
    prepare: async (nodeId, pgId, bundles) => {
      const res = await client(address(nodeId)).call('NodeManagerService.PrepareBundles', { payload: packr.pack({ pgId, bundles }) }, { timeoutMs: 10_000 });
      return (packr.unpack(res.payload) as { problem: string | null }).problem;
    },
    release: async (nodeId, pgId) => {
      await client(address(nodeId)).call('NodeManagerService.ReleaseBundles', { payload: packr.pack({ pgId }) }, { timeoutMs: 10_000 });
    },
  };
}

/** The reserving node's side. */
export function bundleHandlers(node: {
  reserveBundles(pgId: string, bundles: Bundles): string | null;
  returnBundles(pgId: string): void;
}): ServiceHandlers<'NodeManagerService'> {
  return {
    PrepareBundles: async (req) => {
      const { pgId, bundles } = packr.unpack(req.payload) as { pgId: string; bundles: Bundles };
      return { payload: packr.pack({ problem: node.reserveBundles(pgId, bundles) }) };
    },
    ReleaseBundles: async (req) => {
      node.returnBundles((packr.unpack(req.payload) as { pgId: string }).pgId);
      return { payload: packr.pack({}) };
    },
  };
}
