// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto


// Original file: proto/common.proto

export const _tsray_rpc_SchedulingStrategy_Kind = {
  /**
   * hybrid: the local node, packing until half busy, then spreading
   */
  DEFAULT: 'DEFAULT',
  SPREAD: 'SPREAD',
  NODE_AFFINITY: 'NODE_AFFINITY',
  PLACEMENT_GROUP: 'PLACEMENT_GROUP',
} as const;

export type _tsray_rpc_SchedulingStrategy_Kind =
  /**
   * hybrid: the local node, packing until half busy, then spreading
   */
  | 'DEFAULT'
  | 0
  | 'SPREAD'
  | 1
  | 'NODE_AFFINITY'
  | 2
  | 'PLACEMENT_GROUP'
  | 3

export type _tsray_rpc_SchedulingStrategy_Kind__Output = typeof _tsray_rpc_SchedulingStrategy_Kind[keyof typeof _tsray_rpc_SchedulingStrategy_Kind]

export interface SchedulingStrategy {
  'kind'?: (_tsray_rpc_SchedulingStrategy_Kind);
  /**
   * NODE_AFFINITY: the node, and whether another node may be used when it cannot.
   */
  'nodeId'?: (string);
  'soft'?: (boolean);
  /**
   * PLACEMENT_GROUP: the group and the bundle (-1: any bundle).
   */
  'placementGroupId'?: (string);
  'bundleIndex'?: (number);
}

export interface SchedulingStrategy__Output {
  'kind': (_tsray_rpc_SchedulingStrategy_Kind__Output);
  /**
   * NODE_AFFINITY: the node, and whether another node may be used when it cannot.
   */
  'nodeId': (string);
  'soft': (boolean);
  /**
   * PLACEMENT_GROUP: the group and the bundle (-1: any bundle).
   */
  'placementGroupId': (string);
  'bundleIndex': (number);
}
