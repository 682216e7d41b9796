// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddJobReply as _tsray_rpc_AddJobReply, AddJobReply__Output as _tsray_rpc_AddJobReply__Output } from '../../tsray/rpc/AddJobReply.js';
import type { AddJobRequest as _tsray_rpc_AddJobRequest, AddJobRequest__Output as _tsray_rpc_AddJobRequest__Output } from '../../tsray/rpc/AddJobRequest.js';
import type { GetAllJobsReply as _tsray_rpc_GetAllJobsReply, GetAllJobsReply__Output as _tsray_rpc_GetAllJobsReply__Output } from '../../tsray/rpc/GetAllJobsReply.js';
import type { GetAllJobsRequest as _tsray_rpc_GetAllJobsRequest, GetAllJobsRequest__Output as _tsray_rpc_GetAllJobsRequest__Output } from '../../tsray/rpc/GetAllJobsRequest.js';
import type { MarkJobFinishedReply as _tsray_rpc_MarkJobFinishedReply, MarkJobFinishedReply__Output as _tsray_rpc_MarkJobFinishedReply__Output } from '../../tsray/rpc/MarkJobFinishedReply.js';
import type { MarkJobFinishedRequest as _tsray_rpc_MarkJobFinishedRequest, MarkJobFinishedRequest__Output as _tsray_rpc_MarkJobFinishedRequest__Output } from '../../tsray/rpc/MarkJobFinishedRequest.js';

export interface JobServiceClient extends grpc.Client {
  AddJob(argument: _tsray_rpc_AddJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  AddJob(argument: _tsray_rpc_AddJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  AddJob(argument: _tsray_rpc_AddJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  AddJob(argument: _tsray_rpc_AddJobRequest, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  addJob(argument: _tsray_rpc_AddJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  addJob(argument: _tsray_rpc_AddJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  addJob(argument: _tsray_rpc_AddJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  addJob(argument: _tsray_rpc_AddJobRequest, callback: grpc.requestCallback<_tsray_rpc_AddJobReply__Output>): grpc.ClientUnaryCall;
  
  GetAllJobs(argument: _tsray_rpc_GetAllJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  GetAllJobs(argument: _tsray_rpc_GetAllJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  GetAllJobs(argument: _tsray_rpc_GetAllJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  GetAllJobs(argument: _tsray_rpc_GetAllJobsRequest, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  getAllJobs(argument: _tsray_rpc_GetAllJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  getAllJobs(argument: _tsray_rpc_GetAllJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  getAllJobs(argument: _tsray_rpc_GetAllJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  getAllJobs(argument: _tsray_rpc_GetAllJobsRequest, callback: grpc.requestCallback<_tsray_rpc_GetAllJobsReply__Output>): grpc.ClientUnaryCall;
  
  MarkJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  MarkJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  MarkJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  MarkJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  markJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  markJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  markJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  markJobFinished(argument: _tsray_rpc_MarkJobFinishedRequest, callback: grpc.requestCallback<_tsray_rpc_MarkJobFinishedReply__Output>): grpc.ClientUnaryCall;
  
}

export interface JobServiceHandlers extends grpc.UntypedServiceImplementation {
  AddJob: grpc.handleUnaryCall<_tsray_rpc_AddJobRequest__Output, _tsray_rpc_AddJobReply>;
  
  GetAllJobs: grpc.handleUnaryCall<_tsray_rpc_GetAllJobsRequest__Output, _tsray_rpc_GetAllJobsReply>;
  
  MarkJobFinished: grpc.handleUnaryCall<_tsray_rpc_MarkJobFinishedRequest__Output, _tsray_rpc_MarkJobFinishedReply>;
  
}

export interface JobServiceDefinition extends grpc.ServiceDefinition {
  AddJob: MethodDefinition<_tsray_rpc_AddJobRequest, _tsray_rpc_AddJobReply, _tsray_rpc_AddJobRequest__Output, _tsray_rpc_AddJobReply__Output>
  GetAllJobs: MethodDefinition<_tsray_rpc_GetAllJobsRequest, _tsray_rpc_GetAllJobsReply, _tsray_rpc_GetAllJobsRequest__Output, _tsray_rpc_GetAllJobsReply__Output>
  MarkJobFinished: MethodDefinition<_tsray_rpc_MarkJobFinishedRequest, _tsray_rpc_MarkJobFinishedReply, _tsray_rpc_MarkJobFinishedRequest__Output, _tsray_rpc_MarkJobFinishedReply__Output>
}
