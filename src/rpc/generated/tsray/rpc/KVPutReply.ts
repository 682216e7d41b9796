// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KVPutReply {
  /**
   * True when the key did not exist before.
   */
  'added'?: (boolean);
}

export interface KVPutReply__Output {
  /**
   * True when the key did not exist before.
   */
  'added': (boolean);
}
