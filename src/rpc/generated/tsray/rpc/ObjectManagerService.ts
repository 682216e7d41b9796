// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FreeObjectsReply as _tsray_rpc_FreeObjectsReply, FreeObjectsReply__Output as _tsray_rpc_FreeObjectsReply__Output } from '../../tsray/rpc/FreeObjectsReply.js';
import type { FreeObjectsRequest as _tsray_rpc_FreeObjectsRequest, FreeObjectsRequest__Output as _tsray_rpc_FreeObjectsRequest__Output } from '../../tsray/rpc/FreeObjectsRequest.js';
import type { ObjectChunk as _tsray_rpc_ObjectChunk, ObjectChunk__Output as _tsray_rpc_ObjectChunk__Output } from '../../tsray/rpc/ObjectChunk.js';
import type { PullRequest as _tsray_rpc_PullRequest, PullRequest__Output as _tsray_rpc_PullRequest__Output } from '../../tsray/rpc/PullRequest.js';
import type { UpdateBorrowsReply as _tsray_rpc_UpdateBorrowsReply, UpdateBorrowsReply__Output as _tsray_rpc_UpdateBorrowsReply__Output } from '../../tsray/rpc/UpdateBorrowsReply.js';
import type { UpdateBorrowsRequest as _tsray_rpc_UpdateBorrowsRequest, UpdateBorrowsRequest__Output as _tsray_rpc_UpdateBorrowsRequest__Output } from '../../tsray/rpc/UpdateBorrowsRequest.js';

export interface ObjectManagerServiceClient extends grpc.Client {
  FreeObjects(argument: _tsray_rpc_FreeObjectsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  FreeObjects(argument: _tsray_rpc_FreeObjectsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  FreeObjects(argument: _tsray_rpc_FreeObjectsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  FreeObjects(argument: _tsray_rpc_FreeObjectsRequest, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  freeObjects(argument: _tsray_rpc_FreeObjectsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  freeObjects(argument: _tsray_rpc_FreeObjectsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  freeObjects(argument: _tsray_rpc_FreeObjectsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  freeObjects(argument: _tsray_rpc_FreeObjectsRequest, callback: grpc.requestCallback<_tsray_rpc_FreeObjectsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams an object (waiting until it is sealed there); ObjectLostError when the node does
   * not hold it.
   */
  Pull(argument: _tsray_rpc_PullRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_ObjectChunk__Output>;
  Pull(argument: _tsray_rpc_PullRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_ObjectChunk__Output>;
  /**
   * Streams an object (waiting until it is sealed there); ObjectLostError when the node does
   * not hold it.
   */
  pull(argument: _tsray_rpc_PullRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_ObjectChunk__Output>;
  pull(argument: _tsray_rpc_PullRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_ObjectChunk__Output>;
  
  UpdateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  UpdateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  UpdateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  UpdateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  updateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  updateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  updateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  updateBorrows(argument: _tsray_rpc_UpdateBorrowsRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateBorrowsReply__Output>): grpc.ClientUnaryCall;
  
}

export interface ObjectManagerServiceHandlers extends grpc.UntypedServiceImplementation {
  FreeObjects: grpc.handleUnaryCall<_tsray_rpc_FreeObjectsRequest__Output, _tsray_rpc_FreeObjectsReply>;
  
  /**
   * Streams an object (waiting until it is sealed there); ObjectLostError when the node does
   * not hold it.
   */
  Pull: grpc.handleServerStreamingCall<_tsray_rpc_PullRequest__Output, _tsray_rpc_ObjectChunk>;
  
  UpdateBorrows: grpc.handleUnaryCall<_tsray_rpc_UpdateBorrowsRequest__Output, _tsray_rpc_UpdateBorrowsReply>;
  
}

export interface ObjectManagerServiceDefinition extends grpc.ServiceDefinition {
  FreeObjects: MethodDefinition<_tsray_rpc_FreeObjectsRequest, _tsray_rpc_FreeObjectsReply, _tsray_rpc_FreeObjectsRequest__Output, _tsray_rpc_FreeObjectsReply__Output>
  Pull: MethodDefinition<_tsray_rpc_PullRequest, _tsray_rpc_ObjectChunk, _tsray_rpc_PullRequest__Output, _tsray_rpc_ObjectChunk__Output>
  UpdateBorrows: MethodDefinition<_tsray_rpc_UpdateBorrowsRequest, _tsray_rpc_UpdateBorrowsReply, _tsray_rpc_UpdateBorrowsRequest__Output, _tsray_rpc_UpdateBorrowsReply__Output>
}
