// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


/**
 * Placement-group bundles reserved on this node for a group placed by its owner (two phases:
 * prepare reserves, and the owner releases them again if another node refused). Payloads are msgpack.
 */
export interface BundleRequest {
  'payload'?: (Buffer | Uint8Array | string);
}

/**
 * Placement-group bundles reserved on this node for a group placed by its owner (two phases:
 * prepare reserves, and the owner releases them again if another node refused). Payloads are msgpack.
 */
export interface BundleRequest__Output {
  'payload': (Buffer);
}
