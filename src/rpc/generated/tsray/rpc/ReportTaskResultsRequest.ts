// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { TaskResult as _tsray_rpc_TaskResult, TaskResult__Output as _tsray_rpc_TaskResult__Output } from '../../tsray/rpc/TaskResult.js';

export interface ReportTaskResultsRequest {
  'nodeId'?: (string);
  'results'?: (_tsray_rpc_TaskResult)[];
}

export interface ReportTaskResultsRequest__Output {
  'nodeId': (string);
  'results': (_tsray_rpc_TaskResult__Output)[];
}
