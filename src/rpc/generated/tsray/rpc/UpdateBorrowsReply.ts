// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto


export interface UpdateBorrowsReply {
}

export interface UpdateBorrowsReply__Output {
}
