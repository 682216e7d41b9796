// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from '../../tsray/rpc/TaskSpec.js';

export interface SubmitTasksRequest {
  /**
   * A batch: the per-task path between nodes must not cost one unary call per task.
   */
  'tasks'?: (_tsray_rpc_TaskSpec)[];
}

export interface SubmitTasksRequest__Output {
  /**
   * A batch: the per-task path between nodes must not cost one unary call per task.
   */
  'tasks': (_tsray_rpc_TaskSpec__Output)[];
}
