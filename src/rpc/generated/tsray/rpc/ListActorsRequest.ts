// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface ListActorsRequest {
  /**
   * Filters; empty means any.
   */
  'namespace'?: (string);
  'jobId'?: (string);
  'includeDead'?: (boolean);
}

export interface ListActorsRequest__Output {
  /**
   * Filters; empty means any.
   */
  'namespace': (string);
  'jobId': (string);
  'includeDead': (boolean);
}
