// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { ObjectLocationUpdate as _tsray_rpc_ObjectLocationUpdate, ObjectLocationUpdate__Output as _tsray_rpc_ObjectLocationUpdate__Output } from '../../tsray/rpc/ObjectLocationUpdate.js';

export interface UpdateObjectLocationBatchRequest {
  'nodeId'?: (string);
  'updates'?: (_tsray_rpc_ObjectLocationUpdate)[];
}

export interface UpdateObjectLocationBatchRequest__Output {
  'nodeId': (string);
  'updates': (_tsray_rpc_ObjectLocationUpdate__Output)[];
}
