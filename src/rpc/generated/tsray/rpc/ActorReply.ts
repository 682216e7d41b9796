// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface ActorReply {
  'payload'?: (Buffer | Uint8Array | string);
}

export interface ActorReply__Output {
  'payload': (Buffer);
}
