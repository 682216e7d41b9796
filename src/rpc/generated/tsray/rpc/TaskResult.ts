// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from '../../tsray/rpc/ReturnObject.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from '../../tsray/rpc/Status.js';

export interface TaskResult {
  'taskId'?: (string);
  'attemptNumber'?: (number);
  'returnObjects'?: (_tsray_rpc_ReturnObject)[];
  'isApplicationError'?: (boolean);
  'error'?: (Buffer | Uint8Array | string);
  /**
   * The task could not run (worker crashed, node died, cancelled): the owner retries or fails it.
   */
  'status'?: (_tsray_rpc_Status | null);
}

export interface TaskResult__Output {
  'taskId': (string);
  'attemptNumber': (number);
  'returnObjects': (_tsray_rpc_ReturnObject__Output)[];
  'isApplicationError': (boolean);
  'error': (Buffer);
  /**
   * The task could not run (worker crashed, node died, cancelled): the owner retries or fails it.
   */
  'status': (_tsray_rpc_Status__Output | null);
}
