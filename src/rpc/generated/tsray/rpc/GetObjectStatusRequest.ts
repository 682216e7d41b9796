// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface GetObjectStatusRequest {
  'objectId'?: (string);
  /**
   * The owner this request is meant for (the address may have been reused).
   */
  'ownerWorkerId'?: (string);
}

export interface GetObjectStatusRequest__Output {
  'objectId': (string);
  /**
   * The owner this request is meant for (the address may have been reused).
   */
  'ownerWorkerId': (string);
}
