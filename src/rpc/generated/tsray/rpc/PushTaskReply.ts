// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from '../../tsray/rpc/ReturnObject.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from '../../tsray/rpc/Status.js';

export interface PushTaskReply {
  'returnObjects'?: (_tsray_rpc_ReturnObject)[];
  /**
   * The task threw: `error` is msgpack of the serialized error (a TaskError on the owner).
   */
  'isApplicationError'?: (boolean);
  'error'?: (Buffer | Uint8Array | string);
  /**
   * The worker is exiting after this task (ray.exitActor, max calls reached).
   */
  'workerExiting'?: (boolean);
  /**
   * A system failure that is not the task's (the worker was not the intended one, ...).
   */
  'status'?: (_tsray_rpc_Status | null);
}

export interface PushTaskReply__Output {
  'returnObjects': (_tsray_rpc_ReturnObject__Output)[];
  /**
   * The task threw: `error` is msgpack of the serialized error (a TaskError on the owner).
   */
  'isApplicationError': (boolean);
  'error': (Buffer);
  /**
   * The worker is exiting after this task (ray.exitActor, max calls reached).
   */
  'workerExiting': (boolean);
  /**
   * A system failure that is not the task's (the worker was not the intended one, ...).
   */
  'status': (_tsray_rpc_Status__Output | null);
}
