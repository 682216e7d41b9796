// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVPutRequest {
  'namespace'?: (string);
  'key'?: (string);
  'value'?: (Buffer | Uint8Array | string);
  /**
   * When false, an existing key keeps its value.
   */
  'overwrite'?: (boolean);
}

export interface KVPutRequest__Output {
  'namespace': (string);
  'key': (string);
  'value': (Buffer);
  /**
   * When false, an existing key keeps its value.
   */
  'overwrite': (boolean);
}
