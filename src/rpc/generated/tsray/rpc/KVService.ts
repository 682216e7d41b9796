// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { KVDelReply as _tsray_rpc_KVDelReply, KVDelReply__Output as _tsray_rpc_KVDelReply__Output } from '../../tsray/rpc/KVDelReply.js';
import type { KVDelRequest as _tsray_rpc_KVDelRequest, KVDelRequest__Output as _tsray_rpc_KVDelRequest__Output } from '../../tsray/rpc/KVDelRequest.js';
import type { KVExistsReply as _tsray_rpc_KVExistsReply, KVExistsReply__Output as _tsray_rpc_KVExistsReply__Output } from '../../tsray/rpc/KVExistsReply.js';
import type { KVExistsRequest as _tsray_rpc_KVExistsRequest, KVExistsRequest__Output as _tsray_rpc_KVExistsRequest__Output } from '../../tsray/rpc/KVExistsRequest.js';
import type { KVGetReply as _tsray_rpc_KVGetReply, KVGetReply__Output as _tsray_rpc_KVGetReply__Output } from '../../tsray/rpc/KVGetReply.js';
import type { KVGetRequest as _tsray_rpc_KVGetRequest, KVGetRequest__Output as _tsray_rpc_KVGetRequest__Output } from '../../tsray/rpc/KVGetRequest.js';
import type { KVKeysReply as _tsray_rpc_KVKeysReply, KVKeysReply__Output as _tsray_rpc_KVKeysReply__Output } from '../../tsray/rpc/KVKeysReply.js';
import type { KVKeysRequest as _tsray_rpc_KVKeysRequest, KVKeysRequest__Output as _tsray_rpc_KVKeysRequest__Output } from '../../tsray/rpc/KVKeysRequest.js';
import type { KVPutReply as _tsray_rpc_KVPutReply, KVPutReply__Output as _tsray_rpc_KVPutReply__Output } from '../../tsray/rpc/KVPutReply.js';
import type { KVPutRequest as _tsray_rpc_KVPutRequest, KVPutRequest__Output as _tsray_rpc_KVPutRequest__Output } from '../../tsray/rpc/KVPutRequest.js';

export interface KVServiceClient extends grpc.Client {
  Del(argument: _tsray_rpc_KVDelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  Del(argument: _tsray_rpc_KVDelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  Del(argument: _tsray_rpc_KVDelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  Del(argument: _tsray_rpc_KVDelRequest, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  del(argument: _tsray_rpc_KVDelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  del(argument: _tsray_rpc_KVDelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  del(argument: _tsray_rpc_KVDelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  del(argument: _tsray_rpc_KVDelRequest, callback: grpc.requestCallback<_tsray_rpc_KVDelReply__Output>): grpc.ClientUnaryCall;
  
  Exists(argument: _tsray_rpc_KVExistsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsray_rpc_KVExistsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsray_rpc_KVExistsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsray_rpc_KVExistsRequest, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsray_rpc_KVExistsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsray_rpc_KVExistsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsray_rpc_KVExistsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsray_rpc_KVExistsRequest, callback: grpc.requestCallback<_tsray_rpc_KVExistsReply__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _tsray_rpc_KVGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsray_rpc_KVGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsray_rpc_KVGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsray_rpc_KVGetRequest, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsray_rpc_KVGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsray_rpc_KVGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsray_rpc_KVGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsray_rpc_KVGetRequest, callback: grpc.requestCallback<_tsray_rpc_KVGetReply__Output>): grpc.ClientUnaryCall;
  
  Keys(argument: _tsray_rpc_KVKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  Keys(argument: _tsray_rpc_KVKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  Keys(argument: _tsray_rpc_KVKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  Keys(argument: _tsray_rpc_KVKeysRequest, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  keys(argument: _tsray_rpc_KVKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  keys(argument: _tsray_rpc_KVKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  keys(argument: _tsray_rpc_KVKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  keys(argument: _tsray_rpc_KVKeysRequest, callback: grpc.requestCallback<_tsray_rpc_KVKeysReply__Output>): grpc.ClientUnaryCall;
  
  Put(argument: _tsray_rpc_KVPutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  Put(argument: _tsray_rpc_KVPutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  Put(argument: _tsray_rpc_KVPutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  Put(argument: _tsray_rpc_KVPutRequest, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  put(argument: _tsray_rpc_KVPutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  put(argument: _tsray_rpc_KVPutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  put(argument: _tsray_rpc_KVPutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  put(argument: _tsray_rpc_KVPutRequest, callback: grpc.requestCallback<_tsray_rpc_KVPutReply__Output>): grpc.ClientUnaryCall;
  
}

export interface KVServiceHandlers extends grpc.UntypedServiceImplementation {
  Del: grpc.handleUnaryCall<_tsray_rpc_KVDelRequest__Output, _tsray_rpc_KVDelReply>;
  
  Exists: grpc.handleUnaryCall<_tsray_rpc_KVExistsRequest__Output, _tsray_rpc_KVExistsReply>;
  
  Get: grpc.handleUnaryCall<_tsray_rpc_KVGetRequest__Output, _tsray_rpc_KVGetReply>;
  
  Keys: grpc.handleUnaryCall<_tsray_rpc_KVKeysRequest__Output, _tsray_rpc_KVKeysReply>;
  
  Put: grpc.handleUnaryCall<_tsray_rpc_KVPutRequest__Output, _tsray_rpc_KVPutReply>;
  
}

export interface KVServiceDefinition extends grpc.ServiceDefinition {
  Del: MethodDefinition<_tsray_rpc_KVDelRequest, _tsray_rpc_KVDelReply, _tsray_rpc_KVDelRequest__Output, _tsray_rpc_KVDelReply__Output>
  Exists: MethodDefinition<_tsray_rpc_KVExistsRequest, _tsray_rpc_KVExistsReply, _tsray_rpc_KVExistsRequest__Output, _tsray_rpc_KVExistsReply__Output>
  Get: MethodDefinition<_tsray_rpc_KVGetRequest, _tsray_rpc_KVGetReply, _tsray_rpc_KVGetRequest__Output, _tsray_rpc_KVGetReply__Output>
  Keys: MethodDefinition<_tsray_rpc_KVKeysRequest, _tsray_rpc_KVKeysReply, _tsray_rpc_KVKeysRequest__Output, _tsray_rpc_KVKeysReply__Output>
  Put: MethodDefinition<_tsray_rpc_KVPutRequest, _tsray_rpc_KVPutReply, _tsray_rpc_KVPutRequest__Output, _tsray_rpc_KVPutReply__Output>
}
