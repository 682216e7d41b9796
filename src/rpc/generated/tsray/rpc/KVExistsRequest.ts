// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVExistsRequest {
  'namespace'?: (string);
  'key'?: (string);
}

export interface KVExistsRequest__Output {
  'namespace': (string);
  'key': (string);
}
