// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface UpdateObjectLocationBatchReply {
}

export interface UpdateObjectLocationBatchReply__Output {
}
