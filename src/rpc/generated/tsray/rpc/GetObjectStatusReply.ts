// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from '../../tsray/rpc/ReturnObject.js';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/core_worker.proto

export const _tsray_rpc_GetObjectStatusReply_ObjectStatus = {
  CREATED: 'CREATED',
  /**
   * Not created yet: the reply is sent once it is.
   */
  PENDING: 'PENDING',
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  FREED: 'FREED',
} as const;

export type _tsray_rpc_GetObjectStatusReply_ObjectStatus =
  | 'CREATED'
  | 0
  /**
   * Not created yet: the reply is sent once it is.
   */
  | 'PENDING'
  | 1
  | 'OUT_OF_SCOPE'
  | 2
  | 'FREED'
  | 3

export type _tsray_rpc_GetObjectStatusReply_ObjectStatus__Output = typeof _tsray_rpc_GetObjectStatusReply_ObjectStatus[keyof typeof _tsray_rpc_GetObjectStatusReply_ObjectStatus]

export interface GetObjectStatusReply {
  'status'?: (_tsray_rpc_GetObjectStatusReply_ObjectStatus);
  /**
   * The value when it is small (inline), else where it lives.
   */
  'object'?: (_tsray_rpc_ReturnObject | null);
  'nodeIds'?: (string)[];
  'objectSize'?: (number | string | Long);
}

export interface GetObjectStatusReply__Output {
  'status': (_tsray_rpc_GetObjectStatusReply_ObjectStatus__Output);
  /**
   * The value when it is small (inline), else where it lives.
   */
  'object': (_tsray_rpc_ReturnObject__Output | null);
  'nodeIds': (string)[];
  'objectSize': (number);
}
