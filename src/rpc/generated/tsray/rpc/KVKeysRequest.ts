// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVKeysRequest {
  'namespace'?: (string);
  'prefix'?: (string);
}

export interface KVKeysRequest__Output {
  'namespace': (string);
  'prefix': (string);
}
