// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface CancelTaskReply {
  'attempted'?: (boolean);
}

export interface CancelTaskReply__Output {
  'attempted': (boolean);
}
