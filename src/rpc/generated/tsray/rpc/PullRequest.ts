// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto

import type { Long } from '@grpc/proto-loader';

export interface PullRequest {
  /**
   * An object id, or the key of buffers staged for a task (its inline arguments, its results).
   */
  'objectId'?: (string);
  'requesterNodeId'?: (string);
  /**
   * Unused (a retried pull starts over); kept for wire compatibility.
   */
  'offset'?: (number | string | Long);
  /**
   * Preferred chunk size in bytes (0: the server's default, 8 MiB).
   */
  'chunkSize'?: (number);
}

export interface PullRequest__Output {
  /**
   * An object id, or the key of buffers staged for a task (its inline arguments, its results).
   */
  'objectId': (string);
  'requesterNodeId': (string);
  /**
   * Unused (a retried pull starts over); kept for wire compatibility.
   */
  'offset': (number);
  /**
   * Preferred chunk size in bytes (0: the server's default, 8 MiB).
   */
  'chunkSize': (number);
}
