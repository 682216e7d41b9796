// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto

import type { FunctionDescriptor as _tsray_rpc_FunctionDescriptor, FunctionDescriptor__Output as _tsray_rpc_FunctionDescriptor__Output } from '../../tsray/rpc/FunctionDescriptor.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from '../../tsray/rpc/SchedulingStrategy.js';
import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/common.proto

export const _tsray_rpc_TaskSpec_Type = {
  NORMAL_TASK: 'NORMAL_TASK',
  ACTOR_CREATION_TASK: 'ACTOR_CREATION_TASK',
  ACTOR_TASK: 'ACTOR_TASK',
} as const;

export type _tsray_rpc_TaskSpec_Type =
  | 'NORMAL_TASK'
  | 0
  | 'ACTOR_CREATION_TASK'
  | 1
  | 'ACTOR_TASK'
  | 2

export type _tsray_rpc_TaskSpec_Type__Output = typeof _tsray_rpc_TaskSpec_Type[keyof typeof _tsray_rpc_TaskSpec_Type]

export interface TaskSpec {
  'taskId'?: (string);
  'jobId'?: (string);
  'parentTaskId'?: (string);
  'type'?: (_tsray_rpc_TaskSpec_Type);
  'name'?: (string);
  'function'?: (_tsray_rpc_FunctionDescriptor | null);
  /**
   * msgpack of the argument list; top-level ObjectRefs are listed in arg_object_ids and must be
   * resolved (fetched to the executing node) before the task runs.
   */
  'args'?: (Buffer | Uint8Array | string);
  'argObjectIds'?: (string)[];
  'numReturns'?: (number);
  'requiredResources'?: ({[key: string]: number | string});
  'maxRetries'?: (number);
  'retryExceptions'?: (boolean);
  /**
   * Class names whose exceptions are retried (when retry_exceptions is false and this is set).
   */
  'retryExceptionAllowlist'?: (string)[];
  'attemptNumber'?: (number);
  'schedulingStrategy'?: (_tsray_rpc_SchedulingStrategy | null);
  /**
   * The worker that owns the task's return objects.
   */
  'owner'?: (_tsray_rpc_Address | null);
  /**
   * ACTOR_CREATION_TASK and ACTOR_TASK: the actor.
   */
  'actorId'?: (string);
  /**
   * ACTOR_TASK: the method, and the caller's sequence number (calls run in submission order).
   */
  'methodName'?: (string);
  'sequenceNumber'?: (number | string | Long);
  /**
   * ACTOR_CREATION_TASK: lifecycle options.
   */
  'maxRestarts'?: (number);
  'maxTaskRetries'?: (number);
  'maxConcurrency'?: (number);
  'namespace'?: (string);
  /**
   * "thread" or "process".
   */
  'isolation'?: (string);
  'streamingGenerator'?: (boolean);
  'depth'?: (number);
  /**
   * Content hash of the job's packaged working directory (the package is in the GCS KV).
   */
  'workingDirHash'?: (string);
  /**
   * msgpack of the rest of the runtime environment.
   */
  'runtimeEnv'?: (Buffer | Uint8Array | string);
}

export interface TaskSpec__Output {
  'taskId': (string);
  'jobId': (string);
  'parentTaskId': (string);
  'type': (_tsray_rpc_TaskSpec_Type__Output);
  'name': (string);
  'function': (_tsray_rpc_FunctionDescriptor__Output | null);
  /**
   * msgpack of the argument list; top-level ObjectRefs are listed in arg_object_ids and must be
   * resolved (fetched to the executing node) before the task runs.
   */
  'args': (Buffer);
  'argObjectIds': (string)[];
  'numReturns': (number);
  'requiredResources': ({[key: string]: number});
  'maxRetries': (number);
  'retryExceptions': (boolean);
  /**
   * Class names whose exceptions are retried (when retry_exceptions is false and this is set).
   */
  'retryExceptionAllowlist': (string)[];
  'attemptNumber': (number);
  'schedulingStrategy': (_tsray_rpc_SchedulingStrategy__Output | null);
  /**
   * The worker that owns the task's return objects.
   */
  'owner': (_tsray_rpc_Address__Output | null);
  /**
   * ACTOR_CREATION_TASK and ACTOR_TASK: the actor.
   */
  'actorId': (string);
  /**
   * ACTOR_TASK: the method, and the caller's sequence number (calls run in submission order).
   */
  'methodName': (string);
  'sequenceNumber': (number);
  /**
   * ACTOR_CREATION_TASK: lifecycle options.
   */
  'maxRestarts': (number);
  'maxTaskRetries': (number);
  'maxConcurrency': (number);
  'namespace': (string);
  /**
   * "thread" or "process".
   */
  'isolation': (string);
  'streamingGenerator': (boolean);
  'depth': (number);
  /**
   * Content hash of the job's packaged working directory (the package is in the GCS KV).
   */
  'workingDirHash': (string);
  /**
   * msgpack of the rest of the runtime environment.
   */
  'runtimeEnv': (Buffer);
}
