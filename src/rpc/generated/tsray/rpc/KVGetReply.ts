// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVGetReply {
  'found'?: (boolean);
  'value'?: (Buffer | Uint8Array | string);
}

export interface KVGetReply__Output {
  'found': (boolean);
  'value': (Buffer);
}
