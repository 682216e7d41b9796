// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActorReply as _tsray_rpc_ActorReply, ActorReply__Output as _tsray_rpc_ActorReply__Output } from './tsray/rpc/ActorReply.js';
import type { ActorRequest as _tsray_rpc_ActorRequest, ActorRequest__Output as _tsray_rpc_ActorRequest__Output } from './tsray/rpc/ActorRequest.js';
import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from './tsray/rpc/Address.js';
import type { BundleReply as _tsray_rpc_BundleReply, BundleReply__Output as _tsray_rpc_BundleReply__Output } from './tsray/rpc/BundleReply.js';
import type { BundleRequest as _tsray_rpc_BundleRequest, BundleRequest__Output as _tsray_rpc_BundleRequest__Output } from './tsray/rpc/BundleRequest.js';
import type { CancelTaskReply as _tsray_rpc_CancelTaskReply, CancelTaskReply__Output as _tsray_rpc_CancelTaskReply__Output } from './tsray/rpc/CancelTaskReply.js';
import type { CancelTaskRequest as _tsray_rpc_CancelTaskRequest, CancelTaskRequest__Output as _tsray_rpc_CancelTaskRequest__Output } from './tsray/rpc/CancelTaskRequest.js';
import type { CancelWorkerLeaseReply as _tsray_rpc_CancelWorkerLeaseReply, CancelWorkerLeaseReply__Output as _tsray_rpc_CancelWorkerLeaseReply__Output } from './tsray/rpc/CancelWorkerLeaseReply.js';
import type { CancelWorkerLeaseRequest as _tsray_rpc_CancelWorkerLeaseRequest, CancelWorkerLeaseRequest__Output as _tsray_rpc_CancelWorkerLeaseRequest__Output } from './tsray/rpc/CancelWorkerLeaseRequest.js';
import type { FunctionDescriptor as _tsray_rpc_FunctionDescriptor, FunctionDescriptor__Output as _tsray_rpc_FunctionDescriptor__Output } from './tsray/rpc/FunctionDescriptor.js';
import type { GetNodeStatsReply as _tsray_rpc_GetNodeStatsReply, GetNodeStatsReply__Output as _tsray_rpc_GetNodeStatsReply__Output } from './tsray/rpc/GetNodeStatsReply.js';
import type { GetNodeStatsRequest as _tsray_rpc_GetNodeStatsRequest, GetNodeStatsRequest__Output as _tsray_rpc_GetNodeStatsRequest__Output } from './tsray/rpc/GetNodeStatsRequest.js';
import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from './tsray/rpc/NodeInfo.js';
import type { NodeManagerServiceClient as _tsray_rpc_NodeManagerServiceClient, NodeManagerServiceDefinition as _tsray_rpc_NodeManagerServiceDefinition } from './tsray/rpc/NodeManagerService.js';
import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from './tsray/rpc/NodeResources.js';
import type { RequestWorkerLeaseReply as _tsray_rpc_RequestWorkerLeaseReply, RequestWorkerLeaseReply__Output as _tsray_rpc_RequestWorkerLeaseReply__Output } from './tsray/rpc/RequestWorkerLeaseReply.js';
import type { RequestWorkerLeaseRequest as _tsray_rpc_RequestWorkerLeaseRequest, RequestWorkerLeaseRequest__Output as _tsray_rpc_RequestWorkerLeaseRequest__Output } from './tsray/rpc/RequestWorkerLeaseRequest.js';
import type { ResourceAllocation as _tsray_rpc_ResourceAllocation, ResourceAllocation__Output as _tsray_rpc_ResourceAllocation__Output } from './tsray/rpc/ResourceAllocation.js';
import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from './tsray/rpc/ResourceView.js';
import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from './tsray/rpc/ReturnObject.js';
import type { ReturnWorkerReply as _tsray_rpc_ReturnWorkerReply, ReturnWorkerReply__Output as _tsray_rpc_ReturnWorkerReply__Output } from './tsray/rpc/ReturnWorkerReply.js';
import type { ReturnWorkerRequest as _tsray_rpc_ReturnWorkerRequest, ReturnWorkerRequest__Output as _tsray_rpc_ReturnWorkerRequest__Output } from './tsray/rpc/ReturnWorkerRequest.js';
import type { RunTaskReply as _tsray_rpc_RunTaskReply, RunTaskReply__Output as _tsray_rpc_RunTaskReply__Output } from './tsray/rpc/RunTaskReply.js';
import type { RunTaskRequest as _tsray_rpc_RunTaskRequest, RunTaskRequest__Output as _tsray_rpc_RunTaskRequest__Output } from './tsray/rpc/RunTaskRequest.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from './tsray/rpc/SchedulingStrategy.js';
import type { ShutdownRayletReply as _tsray_rpc_ShutdownRayletReply, ShutdownRayletReply__Output as _tsray_rpc_ShutdownRayletReply__Output } from './tsray/rpc/ShutdownRayletReply.js';
import type { ShutdownRayletRequest as _tsray_rpc_ShutdownRayletRequest, ShutdownRayletRequest__Output as _tsray_rpc_ShutdownRayletRequest__Output } from './tsray/rpc/ShutdownRayletRequest.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from './tsray/rpc/Status.js';
import type { SubmitTasksReply as _tsray_rpc_SubmitTasksReply, SubmitTasksReply__Output as _tsray_rpc_SubmitTasksReply__Output } from './tsray/rpc/SubmitTasksReply.js';
import type { SubmitTasksRequest as _tsray_rpc_SubmitTasksRequest, SubmitTasksRequest__Output as _tsray_rpc_SubmitTasksRequest__Output } from './tsray/rpc/SubmitTasksRequest.js';
import type { TaskAdmission as _tsray_rpc_TaskAdmission, TaskAdmission__Output as _tsray_rpc_TaskAdmission__Output } from './tsray/rpc/TaskAdmission.js';
import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from './tsray/rpc/TaskSpec.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsray: {
    rpc: {
      ActorReply: MessageTypeDefinition<_tsray_rpc_ActorReply, _tsray_rpc_ActorReply__Output>
      ActorRequest: MessageTypeDefinition<_tsray_rpc_ActorRequest, _tsray_rpc_ActorRequest__Output>
      Address: MessageTypeDefinition<_tsray_rpc_Address, _tsray_rpc_Address__Output>
      BundleReply: MessageTypeDefinition<_tsray_rpc_BundleReply, _tsray_rpc_BundleReply__Output>
      BundleRequest: MessageTypeDefinition<_tsray_rpc_BundleRequest, _tsray_rpc_BundleRequest__Output>
      CancelTaskReply: MessageTypeDefinition<_tsray_rpc_CancelTaskReply, _tsray_rpc_CancelTaskReply__Output>
      CancelTaskRequest: MessageTypeDefinition<_tsray_rpc_CancelTaskRequest, _tsray_rpc_CancelTaskRequest__Output>
      CancelWorkerLeaseReply: MessageTypeDefinition<_tsray_rpc_CancelWorkerLeaseReply, _tsray_rpc_CancelWorkerLeaseReply__Output>
      CancelWorkerLeaseRequest: MessageTypeDefinition<_tsray_rpc_CancelWorkerLeaseRequest, _tsray_rpc_CancelWorkerLeaseRequest__Output>
      FunctionDescriptor: MessageTypeDefinition<_tsray_rpc_FunctionDescriptor, _tsray_rpc_FunctionDescriptor__Output>
      GetNodeStatsReply: MessageTypeDefinition<_tsray_rpc_GetNodeStatsReply, _tsray_rpc_GetNodeStatsReply__Output>
      GetNodeStatsRequest: MessageTypeDefinition<_tsray_rpc_GetNodeStatsRequest, _tsray_rpc_GetNodeStatsRequest__Output>
      NodeInfo: MessageTypeDefinition<_tsray_rpc_NodeInfo, _tsray_rpc_NodeInfo__Output>
      NodeManagerService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_NodeManagerServiceClient> & { service: _tsray_rpc_NodeManagerServiceDefinition }
      NodeResources: MessageTypeDefinition<_tsray_rpc_NodeResources, _tsray_rpc_NodeResources__Output>
      RequestWorkerLeaseReply: MessageTypeDefinition<_tsray_rpc_RequestWorkerLeaseReply, _tsray_rpc_RequestWorkerLeaseReply__Output>
      RequestWorkerLeaseRequest: MessageTypeDefinition<_tsray_rpc_RequestWorkerLeaseRequest, _tsray_rpc_RequestWorkerLeaseRequest__Output>
      ResourceAllocation: MessageTypeDefinition<_tsray_rpc_ResourceAllocation, _tsray_rpc_ResourceAllocation__Output>
      ResourceView: MessageTypeDefinition<_tsray_rpc_ResourceView, _tsray_rpc_ResourceView__Output>
      ReturnObject: MessageTypeDefinition<_tsray_rpc_ReturnObject, _tsray_rpc_ReturnObject__Output>
      ReturnWorkerReply: MessageTypeDefinition<_tsray_rpc_ReturnWorkerReply, _tsray_rpc_ReturnWorkerReply__Output>
      ReturnWorkerRequest: MessageTypeDefinition<_tsray_rpc_ReturnWorkerRequest, _tsray_rpc_ReturnWorkerRequest__Output>
      RunTaskReply: MessageTypeDefinition<_tsray_rpc_RunTaskReply, _tsray_rpc_RunTaskReply__Output>
      RunTaskRequest: MessageTypeDefinition<_tsray_rpc_RunTaskRequest, _tsray_rpc_RunTaskRequest__Output>
      SchedulingStrategy: MessageTypeDefinition<_tsray_rpc_SchedulingStrategy, _tsray_rpc_SchedulingStrategy__Output>
      ShutdownRayletReply: MessageTypeDefinition<_tsray_rpc_ShutdownRayletReply, _tsray_rpc_ShutdownRayletReply__Output>
      ShutdownRayletRequest: MessageTypeDefinition<_tsray_rpc_ShutdownRayletRequest, _tsray_rpc_ShutdownRayletRequest__Output>
      Status: MessageTypeDefinition<_tsray_rpc_Status, _tsray_rpc_Status__Output>
      SubmitTasksReply: MessageTypeDefinition<_tsray_rpc_SubmitTasksReply, _tsray_rpc_SubmitTasksReply__Output>
      SubmitTasksRequest: MessageTypeDefinition<_tsray_rpc_SubmitTasksRequest, _tsray_rpc_SubmitTasksRequest__Output>
      TaskAdmission: MessageTypeDefinition<_tsray_rpc_TaskAdmission, _tsray_rpc_TaskAdmission__Output>
      TaskSpec: MessageTypeDefinition<_tsray_rpc_TaskSpec, _tsray_rpc_TaskSpec__Output>
    }
  }
}

