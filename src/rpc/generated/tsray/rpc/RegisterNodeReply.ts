// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from '../../tsray/rpc/NodeInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface RegisterNodeReply {
  /**
   * The node as recorded (state ALIVE, start time set by the GCS).
   */
  'node'?: (_tsray_rpc_NodeInfo | null);
  'clusterId'?: (string);
  /**
   * How often the GCS expects a heartbeat, and after how long without one it declares the node dead.
   */
  'heartbeatPeriodMs'?: (number | string | Long);
  'nodeDeathTimeoutMs'?: (number | string | Long);
}

export interface RegisterNodeReply__Output {
  /**
   * The node as recorded (state ALIVE, start time set by the GCS).
   */
  'node': (_tsray_rpc_NodeInfo__Output | null);
  'clusterId': (string);
  /**
   * How often the GCS expects a heartbeat, and after how long without one it declares the node dead.
   */
  'heartbeatPeriodMs': (number);
  'nodeDeathTimeoutMs': (number);
}
