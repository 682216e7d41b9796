// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface ShutdownRayletRequest {
  'graceful'?: (boolean);
}

export interface ShutdownRayletRequest__Output {
  'graceful': (boolean);
}
