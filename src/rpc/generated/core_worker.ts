// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from './tsray/rpc/Address.js';
import type { CancelTaskOnWorkerReply as _tsray_rpc_CancelTaskOnWorkerReply, CancelTaskOnWorkerReply__Output as _tsray_rpc_CancelTaskOnWorkerReply__Output } from './tsray/rpc/CancelTaskOnWorkerReply.js';
import type { CancelTaskOnWorkerRequest as _tsray_rpc_CancelTaskOnWorkerRequest, CancelTaskOnWorkerRequest__Output as _tsray_rpc_CancelTaskOnWorkerRequest__Output } from './tsray/rpc/CancelTaskOnWorkerRequest.js';
import type { CoreWorkerServiceClient as _tsray_rpc_CoreWorkerServiceClient, CoreWorkerServiceDefinition as _tsray_rpc_CoreWorkerServiceDefinition } from './tsray/rpc/CoreWorkerService.js';
import type { ExitWorkerReply as _tsray_rpc_ExitWorkerReply, ExitWorkerReply__Output as _tsray_rpc_ExitWorkerReply__Output } from './tsray/rpc/ExitWorkerReply.js';
import type { ExitWorkerRequest as _tsray_rpc_ExitWorkerRequest, ExitWorkerRequest__Output as _tsray_rpc_ExitWorkerRequest__Output } from './tsray/rpc/ExitWorkerRequest.js';
import type { FunctionDescriptor as _tsray_rpc_FunctionDescriptor, FunctionDescriptor__Output as _tsray_rpc_FunctionDescriptor__Output } from './tsray/rpc/FunctionDescriptor.js';
import type { GetObjectLocationsOwnerReply as _tsray_rpc_GetObjectLocationsOwnerReply, GetObjectLocationsOwnerReply__Output as _tsray_rpc_GetObjectLocationsOwnerReply__Output } from './tsray/rpc/GetObjectLocationsOwnerReply.js';
import type { GetObjectLocationsOwnerRequest as _tsray_rpc_GetObjectLocationsOwnerRequest, GetObjectLocationsOwnerRequest__Output as _tsray_rpc_GetObjectLocationsOwnerRequest__Output } from './tsray/rpc/GetObjectLocationsOwnerRequest.js';
import type { GetObjectStatusReply as _tsray_rpc_GetObjectStatusReply, GetObjectStatusReply__Output as _tsray_rpc_GetObjectStatusReply__Output } from './tsray/rpc/GetObjectStatusReply.js';
import type { GetObjectStatusRequest as _tsray_rpc_GetObjectStatusRequest, GetObjectStatusRequest__Output as _tsray_rpc_GetObjectStatusRequest__Output } from './tsray/rpc/GetObjectStatusRequest.js';
import type { KillActorOnWorkerReply as _tsray_rpc_KillActorOnWorkerReply, KillActorOnWorkerReply__Output as _tsray_rpc_KillActorOnWorkerReply__Output } from './tsray/rpc/KillActorOnWorkerReply.js';
import type { KillActorOnWorkerRequest as _tsray_rpc_KillActorOnWorkerRequest, KillActorOnWorkerRequest__Output as _tsray_rpc_KillActorOnWorkerRequest__Output } from './tsray/rpc/KillActorOnWorkerRequest.js';
import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from './tsray/rpc/NodeInfo.js';
import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from './tsray/rpc/NodeResources.js';
import type { ObjectLocationInfo as _tsray_rpc_ObjectLocationInfo, ObjectLocationInfo__Output as _tsray_rpc_ObjectLocationInfo__Output } from './tsray/rpc/ObjectLocationInfo.js';
import type { ObjectLocationUpdate as _tsray_rpc_ObjectLocationUpdate, ObjectLocationUpdate__Output as _tsray_rpc_ObjectLocationUpdate__Output } from './tsray/rpc/ObjectLocationUpdate.js';
import type { PushTaskReply as _tsray_rpc_PushTaskReply, PushTaskReply__Output as _tsray_rpc_PushTaskReply__Output } from './tsray/rpc/PushTaskReply.js';
import type { PushTaskRequest as _tsray_rpc_PushTaskRequest, PushTaskRequest__Output as _tsray_rpc_PushTaskRequest__Output } from './tsray/rpc/PushTaskRequest.js';
import type { ReportTaskResultsReply as _tsray_rpc_ReportTaskResultsReply, ReportTaskResultsReply__Output as _tsray_rpc_ReportTaskResultsReply__Output } from './tsray/rpc/ReportTaskResultsReply.js';
import type { ReportTaskResultsRequest as _tsray_rpc_ReportTaskResultsRequest, ReportTaskResultsRequest__Output as _tsray_rpc_ReportTaskResultsRequest__Output } from './tsray/rpc/ReportTaskResultsRequest.js';
import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from './tsray/rpc/ResourceView.js';
import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from './tsray/rpc/ReturnObject.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from './tsray/rpc/SchedulingStrategy.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from './tsray/rpc/Status.js';
import type { TaskResult as _tsray_rpc_TaskResult, TaskResult__Output as _tsray_rpc_TaskResult__Output } from './tsray/rpc/TaskResult.js';
import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from './tsray/rpc/TaskSpec.js';
import type { UpdateObjectLocationBatchReply as _tsray_rpc_UpdateObjectLocationBatchReply, UpdateObjectLocationBatchReply__Output as _tsray_rpc_UpdateObjectLocationBatchReply__Output } from './tsray/rpc/UpdateObjectLocationBatchReply.js';
import type { UpdateObjectLocationBatchRequest as _tsray_rpc_UpdateObjectLocationBatchRequest, UpdateObjectLocationBatchRequest__Output as _tsray_rpc_UpdateObjectLocationBatchRequest__Output } from './tsray/rpc/UpdateObjectLocationBatchRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsray: {
    rpc: {
      Address: MessageTypeDefinition<_tsray_rpc_Address, _tsray_rpc_Address__Output>
      CancelTaskOnWorkerReply: MessageTypeDefinition<_tsray_rpc_CancelTaskOnWorkerReply, _tsray_rpc_CancelTaskOnWorkerReply__Output>
      CancelTaskOnWorkerRequest: MessageTypeDefinition<_tsray_rpc_CancelTaskOnWorkerRequest, _tsray_rpc_CancelTaskOnWorkerRequest__Output>
      CoreWorkerService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_CoreWorkerServiceClient> & { service: _tsray_rpc_CoreWorkerServiceDefinition }
      ExitWorkerReply: MessageTypeDefinition<_tsray_rpc_ExitWorkerReply, _tsray_rpc_ExitWorkerReply__Output>
      ExitWorkerRequest: MessageTypeDefinition<_tsray_rpc_ExitWorkerRequest, _tsray_rpc_ExitWorkerRequest__Output>
      FunctionDescriptor: MessageTypeDefinition<_tsray_rpc_FunctionDescriptor, _tsray_rpc_FunctionDescriptor__Output>
      GetObjectLocationsOwnerReply: MessageTypeDefinition<_tsray_rpc_GetObjectLocationsOwnerReply, _tsray_rpc_GetObjectLocationsOwnerReply__Output>
      GetObjectLocationsOwnerRequest: MessageTypeDefinition<_tsray_rpc_GetObjectLocationsOwnerRequest, _tsray_rpc_GetObjectLocationsOwnerRequest__Output>
      GetObjectStatusReply: MessageTypeDefinition<_tsray_rpc_GetObjectStatusReply, _tsray_rpc_GetObjectStatusReply__Output>
      GetObjectStatusRequest: MessageTypeDefinition<_tsray_rpc_GetObjectStatusRequest, _tsray_rpc_GetObjectStatusRequest__Output>
      KillActorOnWorkerReply: MessageTypeDefinition<_tsray_rpc_KillActorOnWorkerReply, _tsray_rpc_KillActorOnWorkerReply__Output>
      KillActorOnWorkerRequest: MessageTypeDefinition<_tsray_rpc_KillActorOnWorkerRequest, _tsray_rpc_KillActorOnWorkerRequest__Output>
      NodeInfo: MessageTypeDefinition<_tsray_rpc_NodeInfo, _tsray_rpc_NodeInfo__Output>
      NodeResources: MessageTypeDefinition<_tsray_rpc_NodeResources, _tsray_rpc_NodeResources__Output>
      ObjectLocationInfo: MessageTypeDefinition<_tsray_rpc_ObjectLocationInfo, _tsray_rpc_ObjectLocationInfo__Output>
      ObjectLocationUpdate: MessageTypeDefinition<_tsray_rpc_ObjectLocationUpdate, _tsray_rpc_ObjectLocationUpdate__Output>
      PushTaskReply: MessageTypeDefinition<_tsray_rpc_PushTaskReply, _tsray_rpc_PushTaskReply__Output>
      PushTaskRequest: MessageTypeDefinition<_tsray_rpc_PushTaskRequest, _tsray_rpc_PushTaskRequest__Output>
      ReportTaskResultsReply: MessageTypeDefinition<_tsray_rpc_ReportTaskResultsReply, _tsray_rpc_ReportTaskResultsReply__Output>
      ReportTaskResultsRequest: MessageTypeDefinition<_tsray_rpc_ReportTaskResultsRequest, _tsray_rpc_ReportTaskResultsRequest__Output>
      ResourceView: MessageTypeDefinition<_tsray_rpc_ResourceView, _tsray_rpc_ResourceView__Output>
      ReturnObject: MessageTypeDefinition<_tsray_rpc_ReturnObject, _tsray_rpc_ReturnObject__Output>
      SchedulingStrategy: MessageTypeDefinition<_tsray_rpc_SchedulingStrategy, _tsray_rpc_SchedulingStrategy__Output>
      Status: MessageTypeDefinition<_tsray_rpc_Status, _tsray_rpc_Status__Output>
      TaskResult: MessageTypeDefinition<_tsray_rpc_TaskResult, _tsray_rpc_TaskResult__Output>
      TaskSpec: MessageTypeDefinition<_tsray_rpc_TaskSpec, _tsray_rpc_TaskSpec__Output>
      UpdateObjectLocationBatchReply: MessageTypeDefinition<_tsray_rpc_UpdateObjectLocationBatchReply, _tsray_rpc_UpdateObjectLocationBatchReply__Output>
      UpdateObjectLocationBatchRequest: MessageTypeDefinition<_tsray_rpc_UpdateObjectLocationBatchRequest, _tsray_rpc_UpdateObjectLocationBatchRequest__Output>
    }
  }
}

