// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface CancelTaskOnWorkerRequest {
  'taskId'?: (string);
  'force'?: (boolean);
  'recursive'?: (boolean);
}

export interface CancelTaskOnWorkerRequest__Output {
  'taskId': (string);
  'force': (boolean);
  'recursive': (boolean);
}
