// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from '../../tsray/rpc/NodeInfo.js';

export interface GetAllNodesReply {
  'nodes'?: (_tsray_rpc_NodeInfo)[];
}

export interface GetAllNodesReply__Output {
  'nodes': (_tsray_rpc_NodeInfo__Output)[];
}
