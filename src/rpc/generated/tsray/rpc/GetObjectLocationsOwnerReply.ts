// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { ObjectLocationInfo as _tsray_rpc_ObjectLocationInfo, ObjectLocationInfo__Output as _tsray_rpc_ObjectLocationInfo__Output } from '../../tsray/rpc/ObjectLocationInfo.js';

export interface GetObjectLocationsOwnerReply {
  'locations'?: (_tsray_rpc_ObjectLocationInfo)[];
}

export interface GetObjectLocationsOwnerReply__Output {
  'locations': (_tsray_rpc_ObjectLocationInfo__Output)[];
}
