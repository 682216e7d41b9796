// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface ExitWorkerRequest {
  'force'?: (boolean);
}

export interface ExitWorkerRequest__Output {
  'force': (boolean);
}
