// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface GetClusterInfoRequest {
}

export interface GetClusterInfoRequest__Output {
}
