// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from '../../tsray/rpc/ResourceView.js';

export interface GetResourceViewReply {
  'view'?: (_tsray_rpc_ResourceView | null);
}

export interface GetResourceViewReply__Output {
  'view': (_tsray_rpc_ResourceView__Output | null);
}
