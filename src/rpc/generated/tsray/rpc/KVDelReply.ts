// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVDelReply {
  'deleted'?: (number);
}

export interface KVDelReply__Output {
  'deleted': (number);
}
