// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto

import type { Long } from '@grpc/proto-loader';

// Original file: proto/common.proto

export const _tsray_rpc_NodeInfo_State = {
  ALIVE: 'ALIVE',
  DEAD: 'DEAD',
} as const;

export type _tsray_rpc_NodeInfo_State =
  | 'ALIVE'
  | 0
  | 'DEAD'
  | 1

export type _tsray_rpc_NodeInfo_State__Output = typeof _tsray_rpc_NodeInfo_State[keyof typeof _tsray_rpc_NodeInfo_State]

export interface NodeInfo {
  'nodeId'?: (string);
  /**
   * IP address the raylet listens on, and its gRPC port (NodeManagerService).
   */
  'nodeManagerAddress'?: (string);
  'nodeManagerPort'?: (number);
  /**
   * Port of the ObjectManagerService (may equal node_manager_port when one server hosts both).
   */
  'objectManagerPort'?: (number);
  'nodeName'?: (string);
  'isHead'?: (boolean);
  'state'?: (_tsray_rpc_NodeInfo_State);
  'resourcesTotal'?: ({[key: string]: number | string});
  'labels'?: ({[key: string]: string});
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  /**
   * Why the node is dead: "heartbeat timeout ...", "unregistered: ...".
   */
  'deathReason'?: (string);
  'sessionDir'?: (string);
  'pid'?: (number);
  'protocolVersion'?: (string);
}

export interface NodeInfo__Output {
  'nodeId': (string);
  /**
   * IP address the raylet listens on, and its gRPC port (NodeManagerService).
   */
  'nodeManagerAddress': (string);
  'nodeManagerPort': (number);
  /**
   * Port of the ObjectManagerService (may equal node_manager_port when one server hosts both).
   */
  'objectManagerPort': (number);
  'nodeName': (string);
  'isHead': (boolean);
  'state': (_tsray_rpc_NodeInfo_State__Output);
  'resourcesTotal': ({[key: string]: number});
  'labels': ({[key: string]: string});
  'startTimeMs': (number);
  'endTimeMs': (number);
  /**
   * Why the node is dead: "heartbeat timeout ...", "unregistered: ...".
   */
  'deathReason': (string);
  'sessionDir': (string);
  'pid': (number);
  'protocolVersion': (string);
}
