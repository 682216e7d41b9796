// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto


export interface FreeObjectsRequest {
  /**
   * Keys of staged buffers the caller has pulled (or will not pull).
   */
  'objectIds'?: (string)[];
}

export interface FreeObjectsRequest__Output {
  /**
   * Keys of staged buffers the caller has pulled (or will not pull).
   */
  'objectIds': (string)[];
}
