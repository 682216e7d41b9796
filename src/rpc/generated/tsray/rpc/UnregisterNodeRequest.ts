// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface UnregisterNodeRequest {
  'nodeId'?: (string);
  'reason'?: (string);
}

export interface UnregisterNodeRequest__Output {
  'nodeId': (string);
  'reason': (string);
}
