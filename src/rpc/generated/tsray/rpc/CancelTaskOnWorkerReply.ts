// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface CancelTaskOnWorkerReply {
  'attempted'?: (boolean);
}

export interface CancelTaskOnWorkerReply__Output {
  'attempted': (boolean);
}
