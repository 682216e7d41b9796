// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from '../../tsray/rpc/NodeResources.js';
import type { Long } from '@grpc/proto-loader';

export interface GetNodeStatsReply {
  'resources'?: (_tsray_rpc_NodeResources | null);
  'runningTasks'?: (number);
  'numWorkers'?: (number);
  'objectStoreUsedBytes'?: (number | string | Long);
  'objectStoreCapacityBytes'?: (number | string | Long);
  'numObjects'?: (number);
}

export interface GetNodeStatsReply__Output {
  'resources': (_tsray_rpc_NodeResources__Output | null);
  'runningTasks': (number);
  'numWorkers': (number);
  'objectStoreUsedBytes': (number);
  'objectStoreCapacityBytes': (number);
  'numObjects': (number);
}
