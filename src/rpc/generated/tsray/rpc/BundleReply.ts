// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface BundleReply {
  'payload'?: (Buffer | Uint8Array | string);
}

export interface BundleReply__Output {
  'payload': (Buffer);
}
