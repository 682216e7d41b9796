// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface ExitWorkerReply {
  'success'?: (boolean);
}

export interface ExitWorkerReply__Output {
  'success': (boolean);
}
