// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ActorReply as _tsray_rpc_ActorReply, ActorReply__Output as _tsray_rpc_ActorReply__Output } from '../../tsray/rpc/ActorReply.js';
import type { ActorRequest as _tsray_rpc_ActorRequest, ActorRequest__Output as _tsray_rpc_ActorRequest__Output } from '../../tsray/rpc/ActorRequest.js';
import type { BundleReply as _tsray_rpc_BundleReply, BundleReply__Output as _tsray_rpc_BundleReply__Output } from '../../tsray/rpc/BundleReply.js';
import type { BundleRequest as _tsray_rpc_BundleRequest, BundleRequest__Output as _tsray_rpc_BundleRequest__Output } from '../../tsray/rpc/BundleRequest.js';
import type { CancelTaskReply as _tsray_rpc_CancelTaskReply, CancelTaskReply__Output as _tsray_rpc_CancelTaskReply__Output } from '../../tsray/rpc/CancelTaskReply.js';
import type { CancelTaskRequest as _tsray_rpc_CancelTaskRequest, CancelTaskRequest__Output as _tsray_rpc_CancelTaskRequest__Output } from '../../tsray/rpc/CancelTaskRequest.js';
import type { CancelWorkerLeaseReply as _tsray_rpc_CancelWorkerLeaseReply, CancelWorkerLeaseReply__Output as _tsray_rpc_CancelWorkerLeaseReply__Output } from '../../tsray/rpc/CancelWorkerLeaseReply.js';
import type { CancelWorkerLeaseRequest as _tsray_rpc_CancelWorkerLeaseRequest, CancelWorkerLeaseRequest__Output as _tsray_rpc_CancelWorkerLeaseRequest__Output } from '../../tsray/rpc/CancelWorkerLeaseRequest.js';
import type { GetNodeStatsReply as _tsray_rpc_GetNodeStatsReply, GetNodeStatsReply__Output as _tsray_rpc_GetNodeStatsReply__Output } from '../../tsray/rpc/GetNodeStatsReply.js';
import type { GetNodeStatsRequest as _tsray_rpc_GetNodeStatsRequest, GetNodeStatsRequest__Output as _tsray_rpc_GetNodeStatsRequest__Output } from '../../tsray/rpc/GetNodeStatsRequest.js';
import type { RequestWorkerLeaseReply as _tsray_rpc_RequestWorkerLeaseReply, RequestWorkerLeaseReply__Output as _tsray_rpc_RequestWorkerLeaseReply__Output } from '../../tsray/rpc/RequestWorkerLeaseReply.js';
import type { RequestWorkerLeaseRequest as _tsray_rpc_RequestWorkerLeaseRequest, RequestWorkerLeaseRequest__Output as _tsray_rpc_RequestWorkerLeaseRequest__Output } from '../../tsray/rpc/RequestWorkerLeaseRequest.js';
import type { ReturnWorkerReply as _tsray_rpc_ReturnWorkerReply, ReturnWorkerReply__Output as _tsray_rpc_ReturnWorkerReply__Output } from '../../tsray/rpc/ReturnWorkerReply.js';
import type { ReturnWorkerRequest as _tsray_rpc_ReturnWorkerRequest, ReturnWorkerRequest__Output as _tsray_rpc_ReturnWorkerRequest__Output } from '../../tsray/rpc/ReturnWorkerRequest.js';
import type { RunTaskReply as _tsray_rpc_RunTaskReply, RunTaskReply__Output as _tsray_rpc_RunTaskReply__Output } from '../../tsray/rpc/RunTaskReply.js';
import type { RunTaskRequest as _tsray_rpc_RunTaskRequest, RunTaskRequest__Output as _tsray_rpc_RunTaskRequest__Output } from '../../tsray/rpc/RunTaskRequest.js';
import type { ShutdownRayletReply as _tsray_rpc_ShutdownRayletReply, ShutdownRayletReply__Output as _tsray_rpc_ShutdownRayletReply__Output } from '../../tsray/rpc/ShutdownRayletReply.js';
import type { ShutdownRayletRequest as _tsray_rpc_ShutdownRayletRequest, ShutdownRayletRequest__Output as _tsray_rpc_ShutdownRayletRequest__Output } from '../../tsray/rpc/ShutdownRayletRequest.js';
import type { SubmitTasksReply as _tsray_rpc_SubmitTasksReply, SubmitTasksReply__Output as _tsray_rpc_SubmitTasksReply__Output } from '../../tsray/rpc/SubmitTasksReply.js';
import type { SubmitTasksRequest as _tsray_rpc_SubmitTasksRequest, SubmitTasksRequest__Output as _tsray_rpc_SubmitTasksRequest__Output } from '../../tsray/rpc/SubmitTasksRequest.js';

export interface NodeManagerServiceClient extends grpc.Client {
  CallActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CallActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CallActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CallActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  callActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  callActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  callActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  callActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  
  CancelTask(argument: _tsray_rpc_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _tsray_rpc_CancelTaskRequest, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _tsray_rpc_CancelTaskRequest, callback: grpc.requestCallback<_tsray_rpc_CancelTaskReply__Output>): grpc.ClientUnaryCall;
  
  CancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  CancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  CancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  CancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  cancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  cancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  cancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  cancelWorkerLease(argument: _tsray_rpc_CancelWorkerLeaseRequest, callback: grpc.requestCallback<_tsray_rpc_CancelWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  
  CreateActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CreateActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CreateActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  CreateActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  createActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  createActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  createActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  createActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  
  GetNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  GetNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  getNodeStats(argument: _tsray_rpc_GetNodeStatsRequest, callback: grpc.requestCallback<_tsray_rpc_GetNodeStatsReply__Output>): grpc.ClientUnaryCall;
  
  KillActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_ActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_ActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_ActorRequest, callback: grpc.requestCallback<_tsray_rpc_ActorReply__Output>): grpc.ClientUnaryCall;
  
  PrepareBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  PrepareBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  PrepareBundles(argument: _tsray_rpc_BundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  PrepareBundles(argument: _tsray_rpc_BundleRequest, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  prepareBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  prepareBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  prepareBundles(argument: _tsray_rpc_BundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  prepareBundles(argument: _tsray_rpc_BundleRequest, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  
  ReleaseBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  ReleaseBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  ReleaseBundles(argument: _tsray_rpc_BundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  ReleaseBundles(argument: _tsray_rpc_BundleRequest, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  releaseBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  releaseBundles(argument: _tsray_rpc_BundleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  releaseBundles(argument: _tsray_rpc_BundleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  releaseBundles(argument: _tsray_rpc_BundleRequest, callback: grpc.requestCallback<_tsray_rpc_BundleReply__Output>): grpc.ClientUnaryCall;
  
  RequestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  RequestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  RequestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  RequestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  requestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  requestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  requestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  requestWorkerLease(argument: _tsray_rpc_RequestWorkerLeaseRequest, callback: grpc.requestCallback<_tsray_rpc_RequestWorkerLeaseReply__Output>): grpc.ClientUnaryCall;
  
  ReturnWorker(argument: _tsray_rpc_ReturnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  ReturnWorker(argument: _tsray_rpc_ReturnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  ReturnWorker(argument: _tsray_rpc_ReturnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  ReturnWorker(argument: _tsray_rpc_ReturnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  returnWorker(argument: _tsray_rpc_ReturnWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  returnWorker(argument: _tsray_rpc_ReturnWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  returnWorker(argument: _tsray_rpc_ReturnWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  returnWorker(argument: _tsray_rpc_ReturnWorkerRequest, callback: grpc.requestCallback<_tsray_rpc_ReturnWorkerReply__Output>): grpc.ClientUnaryCall;
  
  RunTask(argument: _tsray_rpc_RunTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  RunTask(argument: _tsray_rpc_RunTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  RunTask(argument: _tsray_rpc_RunTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  RunTask(argument: _tsray_rpc_RunTaskRequest, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  runTask(argument: _tsray_rpc_RunTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  runTask(argument: _tsray_rpc_RunTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  runTask(argument: _tsray_rpc_RunTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  runTask(argument: _tsray_rpc_RunTaskRequest, callback: grpc.requestCallback<_tsray_rpc_RunTaskReply__Output>): grpc.ClientUnaryCall;
  
  ShutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  ShutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  ShutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  ShutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  shutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  shutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  shutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  shutdownRaylet(argument: _tsray_rpc_ShutdownRayletRequest, callback: grpc.requestCallback<_tsray_rpc_ShutdownRayletReply__Output>): grpc.ClientUnaryCall;
  
  SubmitTasks(argument: _tsray_rpc_SubmitTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  SubmitTasks(argument: _tsray_rpc_SubmitTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  SubmitTasks(argument: _tsray_rpc_SubmitTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  SubmitTasks(argument: _tsray_rpc_SubmitTasksRequest, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  submitTasks(argument: _tsray_rpc_SubmitTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  submitTasks(argument: _tsray_rpc_SubmitTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  submitTasks(argument: _tsray_rpc_SubmitTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  submitTasks(argument: _tsray_rpc_SubmitTasksRequest, callback: grpc.requestCallback<_tsray_rpc_SubmitTasksReply__Output>): grpc.ClientUnaryCall;
  
}

export interface NodeManagerServiceHandlers extends grpc.UntypedServiceImplementation {
  CallActor: grpc.handleUnaryCall<_tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply>;
  
  CancelTask: grpc.handleUnaryCall<_tsray_rpc_CancelTaskRequest__Output, _tsray_rpc_CancelTaskReply>;
  
  CancelWorkerLease: grpc.handleUnaryCall<_tsray_rpc_CancelWorkerLeaseRequest__Output, _tsray_rpc_CancelWorkerLeaseReply>;
  
  CreateActor: grpc.handleUnaryCall<_tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply>;
  
  GetNodeStats: grpc.handleUnaryCall<_tsray_rpc_GetNodeStatsRequest__Output, _tsray_rpc_GetNodeStatsReply>;
  
  KillActor: grpc.handleUnaryCall<_tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply>;
  
  PrepareBundles: grpc.handleUnaryCall<_tsray_rpc_BundleRequest__Output, _tsray_rpc_BundleReply>;
  
  ReleaseBundles: grpc.handleUnaryCall<_tsray_rpc_BundleRequest__Output, _tsray_rpc_BundleReply>;
  
  RequestWorkerLease: grpc.handleUnaryCall<_tsray_rpc_RequestWorkerLeaseRequest__Output, _tsray_rpc_RequestWorkerLeaseReply>;
  
  ReturnWorker: grpc.handleUnaryCall<_tsray_rpc_ReturnWorkerRequest__Output, _tsray_rpc_ReturnWorkerReply>;
  
  RunTask: grpc.handleUnaryCall<_tsray_rpc_RunTaskRequest__Output, _tsray_rpc_RunTaskReply>;
  
  ShutdownRaylet: grpc.handleUnaryCall<_tsray_rpc_ShutdownRayletRequest__Output, _tsray_rpc_ShutdownRayletReply>;
  
  SubmitTasks: grpc.handleUnaryCall<_tsray_rpc_SubmitTasksRequest__Output, _tsray_rpc_SubmitTasksReply>;
  
}

export interface NodeManagerServiceDefinition extends grpc.ServiceDefinition {
  CallActor: MethodDefinition<_tsray_rpc_ActorRequest, _tsray_rpc_ActorReply, _tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply__Output>
  CancelTask: MethodDefinition<_tsray_rpc_CancelTaskRequest, _tsray_rpc_CancelTaskReply, _tsray_rpc_CancelTaskRequest__Output, _tsray_rpc_CancelTaskReply__Output>
  CancelWorkerLease: MethodDefinition<_tsray_rpc_CancelWorkerLeaseRequest, _tsray_rpc_CancelWorkerLeaseReply, _tsray_rpc_CancelWorkerLeaseRequest__Output, _tsray_rpc_CancelWorkerLeaseReply__Output>
  CreateActor: MethodDefinition<_tsray_rpc_ActorRequest, _tsray_rpc_ActorReply, _tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply__Output>
  GetNodeStats: MethodDefinition<_tsray_rpc_GetNodeStatsRequest, _tsray_rpc_GetNodeStatsReply, _tsray_rpc_GetNodeStatsRequest__Output, _tsray_rpc_GetNodeStatsReply__Output>
  KillActor: MethodDefinition<_tsray_rpc_ActorRequest, _tsray_rpc_ActorReply, _tsray_rpc_ActorRequest__Output, _tsray_rpc_ActorReply__Output>
  PrepareBundles: MethodDefinition<_tsray_rpc_BundleRequest, _tsray_rpc_BundleReply, _tsray_rpc_BundleRequest__Output, _tsray_rpc_BundleReply__Output>
  ReleaseBundles: MethodDefinition<_tsray_rpc_BundleRequest, _tsray_rpc_BundleReply, _tsray_rpc_BundleRequest__Output, _tsray_rpc_BundleReply__Output>
  RequestWorkerLease: MethodDefinition<_tsray_rpc_RequestWorkerLeaseRequest, _tsray_rpc_RequestWorkerLeaseReply, _tsray_rpc_RequestWorkerLeaseRequest__Output, _tsray_rpc_RequestWorkerLeaseReply__Output>
  ReturnWorker: MethodDefinition<_tsray_rpc_ReturnWorkerRequest, _tsray_rpc_ReturnWorkerReply, _tsray_rpc_ReturnWorkerRequest__Output, _tsray_rpc_ReturnWorkerReply__Output>
  RunTask: MethodDefinition<_tsray_rpc_RunTaskRequest, _tsray_rpc_RunTaskReply, _tsray_rpc_RunTaskRequest__Output, _tsray_rpc_RunTaskReply__Output>
  ShutdownRaylet: MethodDefinition<_tsray_rpc_ShutdownRayletRequest, _tsray_rpc_ShutdownRayletReply, _tsray_rpc_ShutdownRayletRequest__Output, _tsray_rpc_ShutdownRayletReply__Output>
  SubmitTasks: MethodDefinition<_tsray_rpc_SubmitTasksRequest, _tsray_rpc_SubmitTasksReply, _tsray_rpc_SubmitTasksRequest__Output, _tsray_rpc_SubmitTasksReply__Output>
}
