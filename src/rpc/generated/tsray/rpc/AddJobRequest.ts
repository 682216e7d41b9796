// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { JobTableData as _tsray_rpc_JobTableData, JobTableData__Output as _tsray_rpc_JobTableData__Output } from '../../tsray/rpc/JobTableData.js';

export interface AddJobRequest {
  /**
   * job_id may be empty: the GCS assigns the next id ("01000000", "02000000", ... as Ray).
   */
  'job'?: (_tsray_rpc_JobTableData | null);
  /**
   * The driver's protocol version; a different one is refused (VersionMismatchError).
   */
  'protocolVersion'?: (string);
}

export interface AddJobRequest__Output {
  /**
   * job_id may be empty: the GCS assigns the next id ("01000000", "02000000", ... as Ray).
   */
  'job': (_tsray_rpc_JobTableData__Output | null);
  /**
   * The driver's protocol version; a different one is refused (VersionMismatchError).
   */
  'protocolVersion': (string);
}
