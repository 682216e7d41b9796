// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { Long } from '@grpc/proto-loader';

export interface GetClusterInfoReply {
  /**
   * The GCS's protocol version; clients compare it with their own.
   */
  'protocolVersion'?: (string);
  'clusterId'?: (string);
  'startTimeMs'?: (number | string | Long);
}

export interface GetClusterInfoReply__Output {
  /**
   * The GCS's protocol version; clients compare it with their own.
   */
  'protocolVersion': (string);
  'clusterId': (string);
  'startTimeMs': (number);
}
