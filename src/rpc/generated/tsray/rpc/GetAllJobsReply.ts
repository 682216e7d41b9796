// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { JobTableData as _tsray_rpc_JobTableData, JobTableData__Output as _tsray_rpc_JobTableData__Output } from '../../tsray/rpc/JobTableData.js';

export interface GetAllJobsReply {
  'jobs'?: (_tsray_rpc_JobTableData)[];
}

export interface GetAllJobsReply__Output {
  'jobs': (_tsray_rpc_JobTableData__Output)[];
}
