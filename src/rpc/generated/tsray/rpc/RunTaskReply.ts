// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface RunTaskReply {
  'payload'?: (Buffer | Uint8Array | string);
}

export interface RunTaskReply__Output {
  'payload': (Buffer);
}
