// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVDelRequest {
  'namespace'?: (string);
  'key'?: (string);
  /**
   * Delete every key starting with `key`.
   */
  'byPrefix'?: (boolean);
}

export interface KVDelRequest__Output {
  'namespace': (string);
  'key': (string);
  /**
   * Delete every key starting with `key`.
   */
  'byPrefix': (boolean);
}
