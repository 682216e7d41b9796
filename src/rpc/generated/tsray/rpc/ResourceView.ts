// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto

import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from '../../tsray/rpc/NodeResources.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The cluster resource view the GCS broadcasts: every alive node.
 */
export interface ResourceView {
  'nodes'?: (_tsray_rpc_NodeResources)[];
  /**
   * Increases with every change the GCS publishes.
   */
  'version'?: (number | string | Long);
}

/**
 * The cluster resource view the GCS broadcasts: every alive node.
 */
export interface ResourceView__Output {
  'nodes': (_tsray_rpc_NodeResources__Output)[];
  /**
   * Increases with every change the GCS publishes.
   */
  'version': (number);
}
