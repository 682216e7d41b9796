// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';
import type { ResourceAllocation as _tsray_rpc_ResourceAllocation, ResourceAllocation__Output as _tsray_rpc_ResourceAllocation__Output } from '../../tsray/rpc/ResourceAllocation.js';

export interface RequestWorkerLeaseReply {
  'leaseId'?: (string);
  /**
   * The worker to push the task to (CoreWorkerService.PushTask), when granted.
   */
  'workerAddress'?: (_tsray_rpc_Address | null);
  'allocations'?: (_tsray_rpc_ResourceAllocation)[];
  /**
   * Spillback: ask this raylet instead.
   */
  'retryAtRayletAddress'?: (_tsray_rpc_Address | null);
  'rejected'?: (boolean);
  'canceled'?: (boolean);
  /**
   * No node can ever satisfy the request; the message names the missing resources.
   */
  'infeasible'?: (boolean);
  'failureMessage'?: (string);
}

export interface RequestWorkerLeaseReply__Output {
  'leaseId': (string);
  /**
   * The worker to push the task to (CoreWorkerService.PushTask), when granted.
   */
  'workerAddress': (_tsray_rpc_Address__Output | null);
  'allocations': (_tsray_rpc_ResourceAllocation__Output)[];
  /**
   * Spillback: ask this raylet instead.
   */
  'retryAtRayletAddress': (_tsray_rpc_Address__Output | null);
  'rejected': (boolean);
  'canceled': (boolean);
  /**
   * No node can ever satisfy the request; the message names the missing resources.
   */
  'infeasible': (boolean);
  'failureMessage': (string);
}
