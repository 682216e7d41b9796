// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from '../../tsray/rpc/NodeInfo.js';

export interface RegisterNodeRequest {
  'node'?: (_tsray_rpc_NodeInfo | null);
  /**
   * The registering raylet's protocol version: a different one is refused with
   * FAILED_PRECONDITION (VersionMismatchError) naming both versions.
   */
  'protocolVersion'?: (string);
}

export interface RegisterNodeRequest__Output {
  'node': (_tsray_rpc_NodeInfo__Output | null);
  /**
   * The registering raylet's protocol version: a different one is refused with
   * FAILED_PRECONDITION (VersionMismatchError) naming both versions.
   */
  'protocolVersion': (string);
}
