// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from '../../tsray/rpc/Status.js';

export interface ReturnWorkerReply {
  'status'?: (_tsray_rpc_Status | null);
}

export interface ReturnWorkerReply__Output {
  'status': (_tsray_rpc_Status__Output | null);
}
