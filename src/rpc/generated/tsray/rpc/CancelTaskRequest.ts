// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface CancelTaskRequest {
  'taskId'?: (string);
  'force'?: (boolean);
  'recursive'?: (boolean);
}

export interface CancelTaskRequest__Output {
  'taskId': (string);
  'force': (boolean);
  'recursive': (boolean);
}
