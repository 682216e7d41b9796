// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


/**
 * An actor hosted on this node for its owner on another node: create it, call it (calls carry
 * the owner's sequence numbers, so they run in the owner's order), kill it. Payloads are msgpack.
 */
export interface ActorRequest {
  'payload'?: (Buffer | Uint8Array | string);
}

/**
 * An actor hosted on this node for its owner on another node: create it, call it (calls carry
 * the owner's sequence numbers, so they run in the owner's order), kill it. Payloads are msgpack.
 */
export interface ActorRequest__Output {
  'payload': (Buffer);
}
