// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelTaskOnWorkerReply as _tsray_rpc_CancelTaskOnWorkerReply, CancelTaskOnWorkerReply__Output as _tsray_rpc_CancelTaskOnWorkerReply__Output } from '../../tsray/rpc/CancelTaskOnWorkerReply.js';
import type { CancelTaskOnWorkerRequest as _tsray_rpc_CancelTaskOnWorkerRequest, CancelTaskOnWorkerRequest__Output as _tsray_rpc_CancelTaskOnWorkerRequest__Output } from '../../tsray/rpc/CancelTaskOnWorkerRequest.js';
import type { ExitWorkerReply as _tsray_rpc_ExitWorkerReply, ExitWorkerReply__Output as _tsray_rpc_ExitWorkerReply__Output } from '../../tsray/rpc/ExitWorkerReply.js';
import type { ExitWorkerRequest as _tsray_rpc_ExitWorkerRequest, ExitWorkerRequest__Output as _tsray_rpc_ExitWorkerRequest__Output } from '../../tsray/rpc/ExitWorkerRequest.js';
import type { GetObjectLocationsOwnerReply as _tsray_rpc_GetObjectLocationsOwnerReply, GetObjectLocationsOwnerReply__Output as _tsray_rpc_GetObjectLocationsOwnerReply__Output } from '../../tsray/rpc/GetObjectLocationsOwnerReply.js';
import type { GetObjectLocationsOwnerRequest as _tsray_rpc_GetObjectLocationsOwnerRequest, GetObjectLocationsOwnerRequest__Output as _tsray_rpc_GetObjectLocationsOwnerRequest__Output } from '../../tsray/rpc/GetObjectLocationsOwnerRequest.js';
import type { GetObjectStatusReply as _tsray_rpc_GetObjectStatusReply, GetObjectStatusReply__Output as _tsray_rpc_GetObjectStatusReply__Output } from '../../tsray/rpc/GetObjectStatusReply.js';
import type { GetObjectStatusRequest as _tsray_rpc_GetObjectStatusRequest, GetObjectStatusRequest__Output as _tsray_rpc_GetObjectStatusRequest__Output } from '../../tsray/rpc/GetObjectStatusRequest.js';
import type { KillActorOnWorkerReply as _tsray_rpc_KillActorOnWorkerReply, KillActorOnWorkerReply__Output as _tsray_rpc_KillActorOnWorkerReply__Output } from '../../tsray/rpc/KillActorOnWorkerReply.js';
import type { KillActorOnWorkerRequest as _tsray_rpc_KillActorOnWorkerRequest, KillActorOnWorkerRequest__Output as _tsray_rpc_KillActorOnWorkerRequest__Output } from '../../tsray/rpc/KillActorOnWorkerRequest.js';
import type { PushTaskReply as _tsray_rpc_PushTaskReply, PushTaskReply__Output as _tsray_rpc_PushTaskReply__Output } from '../../tsray/rpc/PushTaskReply.js';
import type { PushTaskRequest as _tsray_rpc_PushTaskRequest, PushTaskRequest__Output as _tsray_rpc_PushTaskRequest__Output } from '../../tsray/rpc/PushTaskRequest.js';
import type { ReportTaskResultsReply as _tsray_rpc_ReportTaskResultsReply, ReportTaskResultsReply__Output as _tsray_rpc_ReportTaskResultsReply__Output } from '../../tsray/rpc/ReportTaskResultsReply.js';
import type { ReportTaskResultsRequest as _tsray_rpc_ReportTaskResultsRequest, ReportTaskResultsRequest__Output as _tsray_rpc_ReportTaskResultsRequest__Output } from '../../tsray/rpc/ReportTaskResultsRequest.js';
import type { UpdateObjectLocationBatchReply as _tsray_rpc_UpdateObjectLocationBatchReply, UpdateObjectLocationBatchReply__Output as _tsray_rpc_UpdateObjectLocationBatchReply__Output } from '../../tsray/rpc/UpdateObjectLocationBatchReply.js';
import type { UpdateObjectLocationBatchRequest as _tsray_rpc_UpdateObjectLocationBatchRequest, UpdateObjectLocationBatchRequest__Output as _tsray_rpc_UpdateObjectLocationBatchRequest__Output } from '../../tsray/rpc/UpdateObjectLocationBatchRequest.js';

export interface CoreWorkerServiceClient extends grpc.Client {
  CancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskOnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_CancelTaskOnWorkerReply__Output>): grpc.ClientUnaryCall;
  
  Exit(argument: _tsray_rpc_ExitWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  Exit(argument: _tsray_rpc_ExitWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  Exit(argument: _tsray_rpc_ExitWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  Exit(argument: _tsray_rpc_ExitWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  exit(argument: _tsray_rpc_ExitWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  exit(argument: _tsray_rpc_ExitWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  exit(argument: _tsray_rpc_ExitWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  exit(argument: _tsray_rpc_ExitWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_ExitWorkerReply__Output>): grpc.ClientUnaryCall;
  
  GetObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  GetObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  GetObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  GetObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  getObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  getObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  getObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  getObjectLocationsOwner(argument: _tsray_rpc_GetObjectLocationsOwnerRequest, callback: grpc.requestCallback<_tsray_rpc_GetObjectLocationsOwnerReply__Output>): grpc.ClientUnaryCall;
  
  GetObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  GetObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  GetObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  GetObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  getObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  getObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  getObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  getObjectStatus(argument: _tsray_rpc_GetObjectStatusRequest, callback: grpc.requestCallback<_tsray_rpc_GetObjectStatusReply__Output>): grpc.ClientUnaryCall;
  
  KillActor(argument: _tsray_rpc_KillActorOnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorOnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorOnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorOnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorOnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorOnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorOnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorOnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_KillActorOnWorkerReply__Output>): grpc.ClientUnaryCall;
  
  PushTask(argument: _tsray_rpc_PushTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  PushTask(argument: _tsray_rpc_PushTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  PushTask(argument: _tsray_rpc_PushTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  PushTask(argument: _tsray_rpc_PushTaskRequest, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  pushTask(argument: _tsray_rpc_PushTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  pushTask(argument: _tsray_rpc_PushTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  pushTask(argument: _tsray_rpc_PushTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  pushTask(argument: _tsray_rpc_PushTaskRequest, callback: grpc.requestCallback<_tsray_rpc_PushTaskReply__Output>): grpc.ClientUnaryCall;
  
  ReportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  ReportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  ReportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  ReportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  reportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  reportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  reportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  reportTaskResults(argument: _tsray_rpc_ReportTaskResultsRequest, callback: grpc.requestCallback<_tsray_rpc_ReportTaskResultsReply__Output>): grpc.ClientUnaryCall;
  
  UpdateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  UpdateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  UpdateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  UpdateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  updateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  updateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  updateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  updateObjectLocationBatch(argument: _tsray_rpc_UpdateObjectLocationBatchRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateObjectLocationBatchReply__Output>): grpc.ClientUnaryCall;
  
}

export interface CoreWorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelTask: grpc.handleUnaryCall<_tsray_rpc_CancelTaskOnWorkerRequest__Output, _tsray_rpc_CancelTaskOnWorkerReply>;
  
  Exit: grpc.handleUnaryCall<_tsray_rpc_ExitWorkerRequest__Output, _tsray_rpc_ExitWorkerReply>;
  
  GetObjectLocationsOwner: grpc.handleUnaryCall<_tsray_rpc_GetObjectLocationsOwnerRequest__Output, _tsray_rpc_GetObjectLocationsOwnerReply>;
  
  GetObjectStatus: grpc.handleUnaryCall<_tsray_rpc_GetObjectStatusRequest__Output, _tsray_rpc_GetObjectStatusReply>;
  
  KillActor: grpc.handleUnaryCall<_tsray_rpc_KillActorOnWorkerRequest__Output, _tsray_rpc_KillActorOnWorkerReply>;
  
  PushTask: grpc.handleUnaryCall<_tsray_rpc_PushTaskRequest__Output, _tsray_rpc_PushTaskReply>;
  
  ReportTaskResults: grpc.handleUnaryCall<_tsray_rpc_ReportTaskResultsRequest__Output, _tsray_rpc_ReportTaskResultsReply>;
  
  UpdateObjectLocationBatch: grpc.handleUnaryCall<_tsray_rpc_UpdateObjectLocationBatchRequest__Output, _tsray_rpc_UpdateObjectLocationBatchReply>;
  
}

export interface CoreWorkerServiceDefinition extends grpc.ServiceDefinition {
  CancelTask: MethodDefinition<_tsray_rpc_CancelTaskOnWorkerRequest, _tsray_rpc_CancelTaskOnWorkerReply, _tsray_rpc_CancelTaskOnWorkerRequest__Output, _tsray_rpc_CancelTaskOnWorkerReply__Output>
  Exit: MethodDefinition<_tsray_rpc_ExitWorkerRequest, _tsray_rpc_ExitWorkerReply, _tsray_rpc_ExitWorkerRequest__Output, _tsray_rpc_ExitWorkerReply__Output>
  GetObjectLocationsOwner: MethodDefinition<_tsray_rpc_GetObjectLocationsOwnerRequest, _tsray_rpc_GetObjectLocationsOwnerReply, _tsray_rpc_GetObjectLocationsOwnerRequest__Output, _tsray_rpc_GetObjectLocationsOwnerReply__Output>
  GetObjectStatus: MethodDefinition<_tsray_rpc_GetObjectStatusRequest, _tsray_rpc_GetObjectStatusReply, _tsray_rpc_GetObjectStatusRequest__Output, _tsray_rpc_GetObjectStatusReply__Output>
  KillActor: MethodDefinition<_tsray_rpc_KillActorOnWorkerRequest, _tsray_rpc_KillActorOnWorkerReply, _tsray_rpc_KillActorOnWorkerRequest__Output, _tsray_rpc_KillActorOnWorkerReply__Output>
  PushTask: MethodDefinition<_tsray_rpc_PushTaskRequest, _tsray_rpc_PushTaskReply, _tsray_rpc_PushTaskRequest__Output, _tsray_rpc_PushTaskReply__Output>
  ReportTaskResults: MethodDefinition<_tsray_rpc_ReportTaskResultsRequest, _tsray_rpc_ReportTaskResultsReply, _tsray_rpc_ReportTaskResultsRequest__Output, _tsray_rpc_ReportTaskResultsReply__Output>
  UpdateObjectLocationBatch: MethodDefinition<_tsray_rpc_UpdateObjectLocationBatchRequest, _tsray_rpc_UpdateObjectLocationBatchReply, _tsray_rpc_UpdateObjectLocationBatchRequest__Output, _tsray_rpc_UpdateObjectLocationBatchReply__Output>
}
