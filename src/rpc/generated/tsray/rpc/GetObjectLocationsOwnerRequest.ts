// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface GetObjectLocationsOwnerRequest {
  'objectIds'?: (string)[];
}

export interface GetObjectLocationsOwnerRequest__Output {
  'objectIds': (string)[];
}
