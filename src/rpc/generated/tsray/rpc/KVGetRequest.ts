// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVGetRequest {
  'namespace'?: (string);
  'key'?: (string);
}

export interface KVGetRequest__Output {
  'namespace': (string);
  'key': (string);
}
