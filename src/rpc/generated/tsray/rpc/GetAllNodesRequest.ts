// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface GetAllNodesRequest {
  /**
   * Leave dead nodes out.
   */
  'aliveOnly'?: (boolean);
}

export interface GetAllNodesRequest__Output {
  /**
   * Leave dead nodes out.
   */
  'aliveOnly': (boolean);
}
