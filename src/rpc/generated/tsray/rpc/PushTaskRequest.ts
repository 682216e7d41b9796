// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from '../../tsray/rpc/TaskSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface PushTaskRequest {
  'task'?: (_tsray_rpc_TaskSpec | null);
  /**
   * The leased worker the owner meant (a reused port may now be another worker).
   */
  'intendedWorkerId'?: (string);
  /**
   * Per-caller order of actor calls.
   */
  'sequenceNumber'?: (number | string | Long);
}

export interface PushTaskRequest__Output {
  'task': (_tsray_rpc_TaskSpec__Output | null);
  /**
   * The leased worker the owner meant (a reused port may now be another worker).
   */
  'intendedWorkerId': (string);
  /**
   * Per-caller order of actor calls.
   */
  'sequenceNumber': (number);
}
