// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto


export interface FreeObjectsReply {
}

export interface FreeObjectsReply__Output {
}
