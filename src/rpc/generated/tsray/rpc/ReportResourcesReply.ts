// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface ReportResourcesReply {
  'unknownNode'?: (boolean);
  'nodeDead'?: (boolean);
}

export interface ReportResourcesReply__Output {
  'unknownNode': (boolean);
  'nodeDead': (boolean);
}
