// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { TaskAdmission as _tsray_rpc_TaskAdmission, TaskAdmission__Output as _tsray_rpc_TaskAdmission__Output } from '../../tsray/rpc/TaskAdmission.js';

export interface SubmitTasksReply {
  'admissions'?: (_tsray_rpc_TaskAdmission)[];
}

export interface SubmitTasksReply__Output {
  'admissions': (_tsray_rpc_TaskAdmission__Output)[];
}
