// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActorServiceClient as _tsray_rpc_ActorServiceClient, ActorServiceDefinition as _tsray_rpc_ActorServiceDefinition } from './tsray/rpc/ActorService.js';
import type { ActorTableData as _tsray_rpc_ActorTableData, ActorTableData__Output as _tsray_rpc_ActorTableData__Output } from './tsray/rpc/ActorTableData.js';
import type { AddJobReply as _tsray_rpc_AddJobReply, AddJobReply__Output as _tsray_rpc_AddJobReply__Output } from './tsray/rpc/AddJobReply.js';
import type { AddJobRequest as _tsray_rpc_AddJobRequest, AddJobRequest__Output as _tsray_rpc_AddJobRequest__Output } from './tsray/rpc/AddJobRequest.js';
import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from './tsray/rpc/Address.js';
import type { FunctionDescriptor as _tsray_rpc_FunctionDescriptor, FunctionDescriptor__Output as _tsray_rpc_FunctionDescriptor__Output } from './tsray/rpc/FunctionDescriptor.js';
import type { GetActorReply as _tsray_rpc_GetActorReply, GetActorReply__Output as _tsray_rpc_GetActorReply__Output } from './tsray/rpc/GetActorReply.js';
import type { GetActorRequest as _tsray_rpc_GetActorRequest, GetActorRequest__Output as _tsray_rpc_GetActorRequest__Output } from './tsray/rpc/GetActorRequest.js';
import type { GetAllJobsReply as _tsray_rpc_GetAllJobsReply, GetAllJobsReply__Output as _tsray_rpc_GetAllJobsReply__Output } from './tsray/rpc/GetAllJobsReply.js';
import type { GetAllJobsRequest as _tsray_rpc_GetAllJobsRequest, GetAllJobsRequest__Output as _tsray_rpc_GetAllJobsRequest__Output } from './tsray/rpc/GetAllJobsRequest.js';
import type { GetAllNodesReply as _tsray_rpc_GetAllNodesReply, GetAllNodesReply__Output as _tsray_rpc_GetAllNodesReply__Output } from './tsray/rpc/GetAllNodesReply.js';
import type { GetAllNodesRequest as _tsray_rpc_GetAllNodesRequest, GetAllNodesRequest__Output as _tsray_rpc_GetAllNodesRequest__Output } from './tsray/rpc/GetAllNodesRequest.js';
import type { GetClusterInfoReply as _tsray_rpc_GetClusterInfoReply, GetClusterInfoReply__Output as _tsray_rpc_GetClusterInfoReply__Output } from './tsray/rpc/GetClusterInfoReply.js';
import type { GetClusterInfoRequest as _tsray_rpc_GetClusterInfoRequest, GetClusterInfoRequest__Output as _tsray_rpc_GetClusterInfoRequest__Output } from './tsray/rpc/GetClusterInfoRequest.js';
import type { GetResourceViewReply as _tsray_rpc_GetResourceViewReply, GetResourceViewReply__Output as _tsray_rpc_GetResourceViewReply__Output } from './tsray/rpc/GetResourceViewReply.js';
import type { GetResourceViewRequest as _tsray_rpc_GetResourceViewRequest, GetResourceViewRequest__Output as _tsray_rpc_GetResourceViewRequest__Output } from './tsray/rpc/GetResourceViewRequest.js';
import type { HeartbeatReply as _tsray_rpc_HeartbeatReply, HeartbeatReply__Output as _tsray_rpc_HeartbeatReply__Output } from './tsray/rpc/HeartbeatReply.js';
import type { HeartbeatRequest as _tsray_rpc_HeartbeatRequest, HeartbeatRequest__Output as _tsray_rpc_HeartbeatRequest__Output } from './tsray/rpc/HeartbeatRequest.js';
import type { JobServiceClient as _tsray_rpc_JobServiceClient, JobServiceDefinition as _tsray_rpc_JobServiceDefinition } from './tsray/rpc/JobService.js';
import type { JobTableData as _tsray_rpc_JobTableData, JobTableData__Output as _tsray_rpc_JobTableData__Output } from './tsray/rpc/JobTableData.js';
import type { KVDelReply as _tsray_rpc_KVDelReply, KVDelReply__Output as _tsray_rpc_KVDelReply__Output } from './tsray/rpc/KVDelReply.js';
import type { KVDelRequest as _tsray_rpc_KVDelRequest, KVDelRequest__Output as _tsray_rpc_KVDelRequest__Output } from './tsray/rpc/KVDelRequest.js';
import type { KVExistsReply as _tsray_rpc_KVExistsReply, KVExistsReply__Output as _tsray_rpc_KVExistsReply__Output } from './tsray/rpc/KVExistsReply.js';
import type { KVExistsRequest as _tsray_rpc_KVExistsRequest, KVExistsRequest__Output as _tsray_rpc_KVExistsRequest__Output } from './tsray/rpc/KVExistsRequest.js';
import type { KVGetReply as _tsray_rpc_KVGetReply, KVGetReply__Output as _tsray_rpc_KVGetReply__Output } from './tsray/rpc/KVGetReply.js';
import type { KVGetRequest as _tsray_rpc_KVGetRequest, KVGetRequest__Output as _tsray_rpc_KVGetRequest__Output } from './tsray/rpc/KVGetRequest.js';
import type { KVKeysReply as _tsray_rpc_KVKeysReply, KVKeysReply__Output as _tsray_rpc_KVKeysReply__Output } from './tsray/rpc/KVKeysReply.js';
import type { KVKeysRequest as _tsray_rpc_KVKeysRequest, KVKeysRequest__Output as _tsray_rpc_KVKeysRequest__Output } from './tsray/rpc/KVKeysRequest.js';
import type { KVPutReply as _tsray_rpc_KVPutReply, KVPutReply__Output as _tsray_rpc_KVPutReply__Output } from './tsray/rpc/KVPutReply.js';
import type { KVPutRequest as _tsray_rpc_KVPutRequest, KVPutRequest__Output as _tsray_rpc_KVPutRequest__Output } from './tsray/rpc/KVPutRequest.js';
import type { KVServiceClient as _tsray_rpc_KVServiceClient, KVServiceDefinition as _tsray_rpc_KVServiceDefinition } from './tsray/rpc/KVService.js';
import type { KillActorReply as _tsray_rpc_KillActorReply, KillActorReply__Output as _tsray_rpc_KillActorReply__Output } from './tsray/rpc/KillActorReply.js';
import type { KillActorRequest as _tsray_rpc_KillActorRequest, KillActorRequest__Output as _tsray_rpc_KillActorRequest__Output } from './tsray/rpc/KillActorRequest.js';
import type { ListActorsReply as _tsray_rpc_ListActorsReply, ListActorsReply__Output as _tsray_rpc_ListActorsReply__Output } from './tsray/rpc/ListActorsReply.js';
import type { ListActorsRequest as _tsray_rpc_ListActorsRequest, ListActorsRequest__Output as _tsray_rpc_ListActorsRequest__Output } from './tsray/rpc/ListActorsRequest.js';
import type { MarkJobFinishedReply as _tsray_rpc_MarkJobFinishedReply, MarkJobFinishedReply__Output as _tsray_rpc_MarkJobFinishedReply__Output } from './tsray/rpc/MarkJobFinishedReply.js';
import type { MarkJobFinishedRequest as _tsray_rpc_MarkJobFinishedRequest, MarkJobFinishedRequest__Output as _tsray_rpc_MarkJobFinishedRequest__Output } from './tsray/rpc/MarkJobFinishedRequest.js';
import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from './tsray/rpc/NodeInfo.js';
import type { NodeInfoServiceClient as _tsray_rpc_NodeInfoServiceClient, NodeInfoServiceDefinition as _tsray_rpc_NodeInfoServiceDefinition } from './tsray/rpc/NodeInfoService.js';
import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from './tsray/rpc/NodeResources.js';
import type { PubMessage as _tsray_rpc_PubMessage, PubMessage__Output as _tsray_rpc_PubMessage__Output } from './tsray/rpc/PubMessage.js';
import type { PubSubServiceClient as _tsray_rpc_PubSubServiceClient, PubSubServiceDefinition as _tsray_rpc_PubSubServiceDefinition } from './tsray/rpc/PubSubService.js';
import type { RegisterActorReply as _tsray_rpc_RegisterActorReply, RegisterActorReply__Output as _tsray_rpc_RegisterActorReply__Output } from './tsray/rpc/RegisterActorReply.js';
import type { RegisterActorRequest as _tsray_rpc_RegisterActorRequest, RegisterActorRequest__Output as _tsray_rpc_RegisterActorRequest__Output } from './tsray/rpc/RegisterActorRequest.js';
import type { RegisterNodeReply as _tsray_rpc_RegisterNodeReply, RegisterNodeReply__Output as _tsray_rpc_RegisterNodeReply__Output } from './tsray/rpc/RegisterNodeReply.js';
import type { RegisterNodeRequest as _tsray_rpc_RegisterNodeRequest, RegisterNodeRequest__Output as _tsray_rpc_RegisterNodeRequest__Output } from './tsray/rpc/RegisterNodeRequest.js';
import type { ReportResourcesReply as _tsray_rpc_ReportResourcesReply, ReportResourcesReply__Output as _tsray_rpc_ReportResourcesReply__Output } from './tsray/rpc/ReportResourcesReply.js';
import type { ReportResourcesRequest as _tsray_rpc_ReportResourcesRequest, ReportResourcesRequest__Output as _tsray_rpc_ReportResourcesRequest__Output } from './tsray/rpc/ReportResourcesRequest.js';
import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from './tsray/rpc/ResourceView.js';
import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from './tsray/rpc/ReturnObject.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from './tsray/rpc/SchedulingStrategy.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from './tsray/rpc/Status.js';
import type { SubscribeRequest as _tsray_rpc_SubscribeRequest, SubscribeRequest__Output as _tsray_rpc_SubscribeRequest__Output } from './tsray/rpc/SubscribeRequest.js';
import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from './tsray/rpc/TaskSpec.js';
import type { UnregisterNodeReply as _tsray_rpc_UnregisterNodeReply, UnregisterNodeReply__Output as _tsray_rpc_UnregisterNodeReply__Output } from './tsray/rpc/UnregisterNodeReply.js';
import type { UnregisterNodeRequest as _tsray_rpc_UnregisterNodeRequest, UnregisterNodeRequest__Output as _tsray_rpc_UnregisterNodeRequest__Output } from './tsray/rpc/UnregisterNodeRequest.js';
import type { UpdateActorStateReply as _tsray_rpc_UpdateActorStateReply, UpdateActorStateReply__Output as _tsray_rpc_UpdateActorStateReply__Output } from './tsray/rpc/UpdateActorStateReply.js';
import type { UpdateActorStateRequest as _tsray_rpc_UpdateActorStateRequest, UpdateActorStateRequest__Output as _tsray_rpc_UpdateActorStateRequest__Output } from './tsray/rpc/UpdateActorStateRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsray: {
    rpc: {
      ActorService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_ActorServiceClient> & { service: _tsray_rpc_ActorServiceDefinition }
      ActorTableData: MessageTypeDefinition<_tsray_rpc_ActorTableData, _tsray_rpc_ActorTableData__Output>
      AddJobReply: MessageTypeDefinition<_tsray_rpc_AddJobReply, _tsray_rpc_AddJobReply__Output>
      AddJobRequest: MessageTypeDefinition<_tsray_rpc_AddJobRequest, _tsray_rpc_AddJobRequest__Output>
      Address: MessageTypeDefinition<_tsray_rpc_Address, _tsray_rpc_Address__Output>
      Channel: EnumTypeDefinition
      FunctionDescriptor: MessageTypeDefinition<_tsray_rpc_FunctionDescriptor, _tsray_rpc_FunctionDescriptor__Output>
      GetActorReply: MessageTypeDefinition<_tsray_rpc_GetActorReply, _tsray_rpc_GetActorReply__Output>
      GetActorRequest: MessageTypeDefinition<_tsray_rpc_GetActorRequest, _tsray_rpc_GetActorRequest__Output>
      GetAllJobsReply: MessageTypeDefinition<_tsray_rpc_GetAllJobsReply, _tsray_rpc_GetAllJobsReply__Output>
      GetAllJobsRequest: MessageTypeDefinition<_tsray_rpc_GetAllJobsRequest, _tsray_rpc_GetAllJobsRequest__Output>
      GetAllNodesReply: MessageTypeDefinition<_tsray_rpc_GetAllNodesReply, _tsray_rpc_GetAllNodesReply__Output>
      GetAllNodesRequest: MessageTypeDefinition<_tsray_rpc_GetAllNodesRequest, _tsray_rpc_GetAllNodesRequest__Output>
      GetClusterInfoReply: MessageTypeDefinition<_tsray_rpc_GetClusterInfoReply, _tsray_rpc_GetClusterInfoReply__Output>
      GetClusterInfoRequest: MessageTypeDefinition<_tsray_rpc_GetClusterInfoRequest, _tsray_rpc_GetClusterInfoRequest__Output>
      GetResourceViewReply: MessageTypeDefinition<_tsray_rpc_GetResourceViewReply, _tsray_rpc_GetResourceViewReply__Output>
      GetResourceViewRequest: MessageTypeDefinition<_tsray_rpc_GetResourceViewRequest, _tsray_rpc_GetResourceViewRequest__Output>
      HeartbeatReply: MessageTypeDefinition<_tsray_rpc_HeartbeatReply, _tsray_rpc_HeartbeatReply__Output>
      HeartbeatRequest: MessageTypeDefinition<_tsray_rpc_HeartbeatRequest, _tsray_rpc_HeartbeatRequest__Output>
      JobService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_JobServiceClient> & { service: _tsray_rpc_JobServiceDefinition }
      JobTableData: MessageTypeDefinition<_tsray_rpc_JobTableData, _tsray_rpc_JobTableData__Output>
      KVDelReply: MessageTypeDefinition<_tsray_rpc_KVDelReply, _tsray_rpc_KVDelReply__Output>
      KVDelRequest: MessageTypeDefinition<_tsray_rpc_KVDelRequest, _tsray_rpc_KVDelRequest__Output>
      KVExistsReply: MessageTypeDefinition<_tsray_rpc_KVExistsReply, _tsray_rpc_KVExistsReply__Output>
      KVExistsRequest: MessageTypeDefinition<_tsray_rpc_KVExistsRequest, _tsray_rpc_KVExistsRequest__Output>
      KVGetReply: MessageTypeDefinition<_tsray_rpc_KVGetReply, _tsray_rpc_KVGetReply__Output>
      KVGetRequest: MessageTypeDefinition<_tsray_rpc_KVGetRequest, _tsray_rpc_KVGetRequest__Output>
      KVKeysReply: MessageTypeDefinition<_tsray_rpc_KVKeysReply, _tsray_rpc_KVKeysReply__Output>
      KVKeysRequest: MessageTypeDefinition<_tsray_rpc_KVKeysRequest, _tsray_rpc_KVKeysRequest__Output>
      KVPutReply: MessageTypeDefinition<_tsray_rpc_KVPutReply, _tsray_rpc_KVPutReply__Output>
      KVPutRequest: MessageTypeDefinition<_tsray_rpc_KVPutRequest, _tsray_rpc_KVPutRequest__Output>
      KVService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_KVServiceClient> & { service: _tsray_rpc_KVServiceDefinition }
      KillActorReply: MessageTypeDefinition<_tsray_rpc_KillActorReply, _tsray_rpc_KillActorReply__Output>
      KillActorRequest: MessageTypeDefinition<_tsray_rpc_KillActorRequest, _tsray_rpc_KillActorRequest__Output>
      ListActorsReply: MessageTypeDefinition<_tsray_rpc_ListActorsReply, _tsray_rpc_ListActorsReply__Output>
      ListActorsRequest: MessageTypeDefinition<_tsray_rpc_ListActorsRequest, _tsray_rpc_ListActorsRequest__Output>
      MarkJobFinishedReply: MessageTypeDefinition<_tsray_rpc_MarkJobFinishedReply, _tsray_rpc_MarkJobFinishedReply__Output>
      MarkJobFinishedRequest: MessageTypeDefinition<_tsray_rpc_MarkJobFinishedRequest, _tsray_rpc_MarkJobFinishedRequest__Output>
      NodeInfo: MessageTypeDefinition<_tsray_rpc_NodeInfo, _tsray_rpc_NodeInfo__Output>
      NodeInfoService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_NodeInfoServiceClient> & { service: _tsray_rpc_NodeInfoServiceDefinition }
      NodeResources: MessageTypeDefinition<_tsray_rpc_NodeResources, _tsray_rpc_NodeResources__Output>
      PubMessage: MessageTypeDefinition<_tsray_rpc_PubMessage, _tsray_rpc_PubMessage__Output>
      PubSubService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_PubSubServiceClient> & { service: _tsray_rpc_PubSubServiceDefinition }
      RegisterActorReply: MessageTypeDefinition<_tsray_rpc_RegisterActorReply, _tsray_rpc_RegisterActorReply__Output>
      RegisterActorRequest: MessageTypeDefinition<_tsray_rpc_RegisterActorRequest, _tsray_rpc_RegisterActorRequest__Output>
      RegisterNodeReply: MessageTypeDefinition<_tsray_rpc_RegisterNodeReply, _tsray_rpc_RegisterNodeReply__Output>
      RegisterNodeRequest: MessageTypeDefinition<_tsray_rpc_RegisterNodeRequest, _tsray_rpc_RegisterNodeRequest__Output>
      ReportResourcesReply: MessageTypeDefinition<_tsray_rpc_ReportResourcesReply, _tsray_rpc_ReportResourcesReply__Output>
      ReportResourcesRequest: MessageTypeDefinition<_tsray_rpc_ReportResourcesRequest, _tsray_rpc_ReportResourcesRequest__Output>
      ResourceView: MessageTypeDefinition<_tsray_rpc_ResourceView, _tsray_rpc_ResourceView__Output>
      ReturnObject: MessageTypeDefinition<_tsray_rpc_ReturnObject, _tsray_rpc_ReturnObject__Output>
      SchedulingStrategy: MessageTypeDefinition<_tsray_rpc_SchedulingStrategy, _tsray_rpc_SchedulingStrategy__Output>
      Status: MessageTypeDefinition<_tsray_rpc_Status, _tsray_rpc_Status__Output>
      SubscribeRequest: MessageTypeDefinition<_tsray_rpc_SubscribeRequest, _tsray_rpc_SubscribeRequest__Output>
      TaskSpec: MessageTypeDefinition<_tsray_rpc_TaskSpec, _tsray_rpc_TaskSpec__Output>
      UnregisterNodeReply: MessageTypeDefinition<_tsray_rpc_UnregisterNodeReply, _tsray_rpc_UnregisterNodeReply__Output>
      UnregisterNodeRequest: MessageTypeDefinition<_tsray_rpc_UnregisterNodeRequest, _tsray_rpc_UnregisterNodeRequest__Output>
      UpdateActorStateReply: MessageTypeDefinition<_tsray_rpc_UpdateActorStateReply, _tsray_rpc_UpdateActorStateReply__Output>
      UpdateActorStateRequest: MessageTypeDefinition<_tsray_rpc_UpdateActorStateRequest, _tsray_rpc_UpdateActorStateRequest__Output>
    }
  }
}

