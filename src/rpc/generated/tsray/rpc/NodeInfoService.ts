// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetAllNodesReply as _tsray_rpc_GetAllNodesReply, GetAllNodesReply__Output as _tsray_rpc_GetAllNodesReply__Output } from '../../tsray/rpc/GetAllNodesReply.js';
import type { GetAllNodesRequest as _tsray_rpc_GetAllNodesRequest, GetAllNodesRequest__Output as _tsray_rpc_GetAllNodesRequest__Output } from '../../tsray/rpc/GetAllNodesRequest.js';
import type { GetClusterInfoReply as _tsray_rpc_GetClusterInfoReply, GetClusterInfoReply__Output as _tsray_rpc_GetClusterInfoReply__Output } from '../../tsray/rpc/GetClusterInfoReply.js';
import type { GetClusterInfoRequest as _tsray_rpc_GetClusterInfoRequest, GetClusterInfoRequest__Output as _tsray_rpc_GetClusterInfoRequest__Output } from '../../tsray/rpc/GetClusterInfoRequest.js';
import type { GetResourceViewReply as _tsray_rpc_GetResourceViewReply, GetResourceViewReply__Output as _tsray_rpc_GetResourceViewReply__Output } from '../../tsray/rpc/GetResourceViewReply.js';
import type { GetResourceViewRequest as _tsray_rpc_GetResourceViewRequest, GetResourceViewRequest__Output as _tsray_rpc_GetResourceViewRequest__Output } from '../../tsray/rpc/GetResourceViewRequest.js';
import type { HeartbeatReply as _tsray_rpc_HeartbeatReply, HeartbeatReply__Output as _tsray_rpc_HeartbeatReply__Output } from '../../tsray/rpc/HeartbeatReply.js';
import type { HeartbeatRequest as _tsray_rpc_HeartbeatRequest, HeartbeatRequest__Output as _tsray_rpc_HeartbeatRequest__Output } from '../../tsray/rpc/HeartbeatRequest.js';
import type { RegisterNodeReply as _tsray_rpc_RegisterNodeReply, RegisterNodeReply__Output as _tsray_rpc_RegisterNodeReply__Output } from '../../tsray/rpc/RegisterNodeReply.js';
import type { RegisterNodeRequest as _tsray_rpc_RegisterNodeRequest, RegisterNodeRequest__Output as _tsray_rpc_RegisterNodeRequest__Output } from '../../tsray/rpc/RegisterNodeRequest.js';
import type { ReportResourcesReply as _tsray_rpc_ReportResourcesReply, ReportResourcesReply__Output as _tsray_rpc_ReportResourcesReply__Output } from '../../tsray/rpc/ReportResourcesReply.js';
import type { ReportResourcesRequest as _tsray_rpc_ReportResourcesRequest, ReportResourcesRequest__Output as _tsray_rpc_ReportResourcesRequest__Output } from '../../tsray/rpc/ReportResourcesRequest.js';
import type { UnregisterNodeReply as _tsray_rpc_UnregisterNodeReply, UnregisterNodeReply__Output as _tsray_rpc_UnregisterNodeReply__Output } from '../../tsray/rpc/UnregisterNodeReply.js';
import type { UnregisterNodeRequest as _tsray_rpc_UnregisterNodeRequest, UnregisterNodeRequest__Output as _tsray_rpc_UnregisterNodeRequest__Output } from '../../tsray/rpc/UnregisterNodeRequest.js';

export interface NodeInfoServiceClient extends grpc.Client {
  GetAllNodes(argument: _tsray_rpc_GetAllNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  GetAllNodes(argument: _tsray_rpc_GetAllNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  GetAllNodes(argument: _tsray_rpc_GetAllNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  GetAllNodes(argument: _tsray_rpc_GetAllNodesRequest, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  getAllNodes(argument: _tsray_rpc_GetAllNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  getAllNodes(argument: _tsray_rpc_GetAllNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  getAllNodes(argument: _tsray_rpc_GetAllNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  getAllNodes(argument: _tsray_rpc_GetAllNodesRequest, callback: grpc.requestCallback<_tsray_rpc_GetAllNodesReply__Output>): grpc.ClientUnaryCall;
  
  GetClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  GetClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  GetClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  GetClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  getClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  getClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  getClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  getClusterInfo(argument: _tsray_rpc_GetClusterInfoRequest, callback: grpc.requestCallback<_tsray_rpc_GetClusterInfoReply__Output>): grpc.ClientUnaryCall;
  
  GetResourceView(argument: _tsray_rpc_GetResourceViewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  GetResourceView(argument: _tsray_rpc_GetResourceViewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  GetResourceView(argument: _tsray_rpc_GetResourceViewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  GetResourceView(argument: _tsray_rpc_GetResourceViewRequest, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  getResourceView(argument: _tsray_rpc_GetResourceViewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  getResourceView(argument: _tsray_rpc_GetResourceViewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  getResourceView(argument: _tsray_rpc_GetResourceViewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  getResourceView(argument: _tsray_rpc_GetResourceViewRequest, callback: grpc.requestCallback<_tsray_rpc_GetResourceViewReply__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _tsray_rpc_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsray_rpc_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsray_rpc_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsray_rpc_HeartbeatRequest, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsray_rpc_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsray_rpc_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsray_rpc_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsray_rpc_HeartbeatRequest, callback: grpc.requestCallback<_tsray_rpc_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
  RegisterNode(argument: _tsray_rpc_RegisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _tsray_rpc_RegisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _tsray_rpc_RegisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _tsray_rpc_RegisterNodeRequest, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _tsray_rpc_RegisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _tsray_rpc_RegisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _tsray_rpc_RegisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _tsray_rpc_RegisterNodeRequest, callback: grpc.requestCallback<_tsray_rpc_RegisterNodeReply__Output>): grpc.ClientUnaryCall;
  
  ReportResources(argument: _tsray_rpc_ReportResourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  ReportResources(argument: _tsray_rpc_ReportResourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  ReportResources(argument: _tsray_rpc_ReportResourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  ReportResources(argument: _tsray_rpc_ReportResourcesRequest, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  reportResources(argument: _tsray_rpc_ReportResourcesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  reportResources(argument: _tsray_rpc_ReportResourcesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  reportResources(argument: _tsray_rpc_ReportResourcesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  reportResources(argument: _tsray_rpc_ReportResourcesRequest, callback: grpc.requestCallback<_tsray_rpc_ReportResourcesReply__Output>): grpc.ClientUnaryCall;
  
  UnregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  UnregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  UnregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  UnregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  unregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  unregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  unregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  unregisterNode(argument: _tsray_rpc_UnregisterNodeRequest, callback: grpc.requestCallback<_tsray_rpc_UnregisterNodeReply__Output>): grpc.ClientUnaryCall;
  
}

export interface NodeInfoServiceHandlers extends grpc.UntypedServiceImplementation {
  GetAllNodes: grpc.handleUnaryCall<_tsray_rpc_GetAllNodesRequest__Output, _tsray_rpc_GetAllNodesReply>;
  
  GetClusterInfo: grpc.handleUnaryCall<_tsray_rpc_GetClusterInfoRequest__Output, _tsray_rpc_GetClusterInfoReply>;
  
  GetResourceView: grpc.handleUnaryCall<_tsray_rpc_GetResourceViewRequest__Output, _tsray_rpc_GetResourceViewReply>;
  
  Heartbeat: grpc.handleUnaryCall<_tsray_rpc_HeartbeatRequest__Output, _tsray_rpc_HeartbeatReply>;
  
  RegisterNode: grpc.handleUnaryCall<_tsray_rpc_RegisterNodeRequest__Output, _tsray_rpc_RegisterNodeReply>;
  
  ReportResources: grpc.handleUnaryCall<_tsray_rpc_ReportResourcesRequest__Output, _tsray_rpc_ReportResourcesReply>;
  
  UnregisterNode: grpc.handleUnaryCall<_tsray_rpc_UnregisterNodeRequest__Output, _tsray_rpc_UnregisterNodeReply>;
  
}

export interface NodeInfoServiceDefinition extends grpc.ServiceDefinition {
  GetAllNodes: MethodDefinition<_tsray_rpc_GetAllNodesRequest, _tsray_rpc_GetAllNodesReply, _tsray_rpc_GetAllNodesRequest__Output, _tsray_rpc_GetAllNodesReply__Output>
  GetClusterInfo: MethodDefinition<_tsray_rpc_GetClusterInfoRequest, _tsray_rpc_GetClusterInfoReply, _tsray_rpc_GetClusterInfoRequest__Output, _tsray_rpc_GetClusterInfoReply__Output>
  GetResourceView: MethodDefinition<_tsray_rpc_GetResourceViewRequest, _tsray_rpc_GetResourceViewReply, _tsray_rpc_GetResourceViewRequest__Output, _tsray_rpc_GetResourceViewReply__Output>
  Heartbeat: MethodDefinition<_tsray_rpc_HeartbeatRequest, _tsray_rpc_HeartbeatReply, _tsray_rpc_HeartbeatRequest__Output, _tsray_rpc_HeartbeatReply__Output>
  RegisterNode: MethodDefinition<_tsray_rpc_RegisterNodeRequest, _tsray_rpc_RegisterNodeReply, _tsray_rpc_RegisterNodeRequest__Output, _tsray_rpc_RegisterNodeReply__Output>
  ReportResources: MethodDefinition<_tsray_rpc_ReportResourcesRequest, _tsray_rpc_ReportResourcesReply, _tsray_rpc_ReportResourcesRequest__Output, _tsray_rpc_ReportResourcesReply__Output>
  UnregisterNode: MethodDefinition<_tsray_rpc_UnregisterNodeRequest, _tsray_rpc_UnregisterNodeReply, _tsray_rpc_UnregisterNodeRequest__Output, _tsray_rpc_UnregisterNodeReply__Output>
}
