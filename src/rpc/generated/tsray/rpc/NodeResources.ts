// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One node's resources as its raylet last reported them (adjusted by the GCS for actors it has
 * placed there since).
 */
export interface NodeResources {
  'nodeId'?: (string);
  'total'?: ({[key: string]: number | string});
  'available'?: ({[key: string]: number | string});
  /**
   * Tasks queued at the raylet waiting for resources (shown by `tsray status`).
   */
  'pendingTasks'?: (number);
  /**
   * The raylet's report counter: a report older than the last one seen is ignored.
   */
  'version'?: (number | string | Long);
}

/**
 * One node's resources as its raylet last reported them (adjusted by the GCS for actors it has
 * placed there since).
 */
export interface NodeResources__Output {
  'nodeId': (string);
  'total': ({[key: string]: number});
  'available': ({[key: string]: number});
  /**
   * Tasks queued at the raylet waiting for resources (shown by `tsray status`).
   */
  'pendingTasks': (number);
  /**
   * The raylet's report counter: a report older than the last one seen is ignored.
   */
  'version': (number);
}
