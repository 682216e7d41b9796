// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from '../../tsray/rpc/NodeResources.js';

export interface HeartbeatRequest {
  'nodeId'?: (string);
  /**
   * Set to also update the node's resources (same as ReportResources).
   */
  'resources'?: (_tsray_rpc_NodeResources | null);
}

export interface HeartbeatRequest__Output {
  'nodeId': (string);
  /**
   * Set to also update the node's resources (same as ReportResources).
   */
  'resources': (_tsray_rpc_NodeResources__Output | null);
}
