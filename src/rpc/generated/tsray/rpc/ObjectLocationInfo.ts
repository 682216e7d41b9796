// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { Long } from '@grpc/proto-loader';

export interface ObjectLocationInfo {
  'objectId'?: (string);
  'nodeIds'?: (string)[];
  'objectSize'?: (number | string | Long);
  /**
   * The node that holds the primary copy (the one the owner pins).
   */
  'primaryNodeId'?: (string);
  /**
   * Set when the object was spilled to disk.
   */
  'spilledUrl'?: (string);
  'spilledNodeId'?: (string);
}

export interface ObjectLocationInfo__Output {
  'objectId': (string);
  'nodeIds': (string)[];
  'objectSize': (number);
  /**
   * The node that holds the primary copy (the one the owner pins).
   */
  'primaryNodeId': (string);
  /**
   * Set when the object was spilled to disk.
   */
  'spilledUrl': (string);
  'spilledNodeId': (string);
}
