// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { JobTableData as _tsray_rpc_JobTableData, JobTableData__Output as _tsray_rpc_JobTableData__Output } from '../../tsray/rpc/JobTableData.js';

export interface AddJobReply {
  'job'?: (_tsray_rpc_JobTableData | null);
}

export interface AddJobReply__Output {
  'job': (_tsray_rpc_JobTableData__Output | null);
}
