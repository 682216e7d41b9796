// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { ActorTableData as _tsray_rpc_ActorTableData, ActorTableData__Output as _tsray_rpc_ActorTableData__Output } from '../../tsray/rpc/ActorTableData.js';

export interface KillActorReply {
  'actor'?: (_tsray_rpc_ActorTableData | null);
}

export interface KillActorReply__Output {
  'actor': (_tsray_rpc_ActorTableData__Output | null);
}
