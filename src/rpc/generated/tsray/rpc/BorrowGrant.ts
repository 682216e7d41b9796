// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto


/**
 * Refs held to objects of another node, on behalf of a node that will take them over (a task's
 * results that contain refs, handed to the task's owner).
 */
export interface BorrowGrant {
  'objectId'?: (string);
  'borrowerNodeId'?: (string);
}

/**
 * Refs held to objects of another node, on behalf of a node that will take them over (a task's
 * results that contain refs, handed to the task's owner).
 */
export interface BorrowGrant__Output {
  'objectId': (string);
  'borrowerNodeId': (string);
}
