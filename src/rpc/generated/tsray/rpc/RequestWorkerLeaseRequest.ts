// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from '../../tsray/rpc/TaskSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface RequestWorkerLeaseRequest {
  /**
   * The task the lease is for: its resources, strategy and function decide the worker.
   */
  'task'?: (_tsray_rpc_TaskSpec | null);
  /**
   * Reject instead of spilling back when the node cannot run it (the caller picked this node).
   */
  'grantOrReject'?: (boolean);
  /**
   * Tasks of the same shape queued behind this one at the owner (lease sizing).
   */
  'backlogSize'?: (number | string | Long);
}

export interface RequestWorkerLeaseRequest__Output {
  /**
   * The task the lease is for: its resources, strategy and function decide the worker.
   */
  'task': (_tsray_rpc_TaskSpec__Output | null);
  /**
   * Reject instead of spilling back when the node cannot run it (the caller picked this node).
   */
  'grantOrReject': (boolean);
  /**
   * Tasks of the same shape queued behind this one at the owner (lease sizing).
   */
  'backlogSize': (number);
}
