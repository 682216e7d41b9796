// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { Long } from '@grpc/proto-loader';

export interface ObjectLocationUpdate {
  'objectId'?: (string);
  /**
   * Added to or removed from the node's store.
   */
  'added'?: (boolean);
  'size'?: (number | string | Long);
  'spilledUrl'?: (string);
}

export interface ObjectLocationUpdate__Output {
  'objectId': (string);
  /**
   * Added to or removed from the node's store.
   */
  'added': (boolean);
  'size': (number);
  'spilledUrl': (string);
}
