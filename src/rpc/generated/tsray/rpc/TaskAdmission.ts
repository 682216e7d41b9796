// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';

export interface TaskAdmission {
  'taskId'?: (string);
  /**
   * Queued here; its results are reported to the owner (CoreWorkerService.ReportTaskResults).
   */
  'accepted'?: (boolean);
  /**
   * Not accepted: run it there instead (spillback), or it can never run (infeasible).
   */
  'retryAtRayletAddress'?: (_tsray_rpc_Address | null);
  'infeasible'?: (boolean);
  'failureMessage'?: (string);
}

export interface TaskAdmission__Output {
  'taskId': (string);
  /**
   * Queued here; its results are reported to the owner (CoreWorkerService.ReportTaskResults).
   */
  'accepted': (boolean);
  /**
   * Not accepted: run it there instead (spillback), or it can never run (infeasible).
   */
  'retryAtRayletAddress': (_tsray_rpc_Address__Output | null);
  'infeasible': (boolean);
  'failureMessage': (string);
}
