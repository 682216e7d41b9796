// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto


export interface BorrowDelta {
  'objectId'?: (string);
  'delta'?: (number);
}

export interface BorrowDelta__Output {
  'objectId': (string);
  'delta': (number);
}
