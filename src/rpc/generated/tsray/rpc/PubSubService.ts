// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PubMessage as _tsray_rpc_PubMessage, PubMessage__Output as _tsray_rpc_PubMessage__Output } from '../../tsray/rpc/PubMessage.js';
import type { SubscribeRequest as _tsray_rpc_SubscribeRequest, SubscribeRequest__Output as _tsray_rpc_SubscribeRequest__Output } from '../../tsray/rpc/SubscribeRequest.js';

export interface PubSubServiceClient extends grpc.Client {
  /**
   * Streams messages until the subscriber cancels or the GCS shuts down (the stream then ends
   * with OK; subscribers reconnect and receive a fresh snapshot).
   */
  Subscribe(argument: _tsray_rpc_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_PubMessage__Output>;
  Subscribe(argument: _tsray_rpc_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_PubMessage__Output>;
  /**
   * Streams messages until the subscriber cancels or the GCS shuts down (the stream then ends
   * with OK; subscribers reconnect and receive a fresh snapshot).
   */
  subscribe(argument: _tsray_rpc_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_PubMessage__Output>;
  subscribe(argument: _tsray_rpc_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsray_rpc_PubMessage__Output>;
  
}

export interface PubSubServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Streams messages until the subscriber cancels or the GCS shuts down (the stream then ends
   * with OK; subscribers reconnect and receive a fresh snapshot).
   */
  Subscribe: grpc.handleServerStreamingCall<_tsray_rpc_SubscribeRequest__Output, _tsray_rpc_PubMessage>;
  
}

export interface PubSubServiceDefinition extends grpc.ServiceDefinition {
  Subscribe: MethodDefinition<_tsray_rpc_SubscribeRequest, _tsray_rpc_PubMessage, _tsray_rpc_SubscribeRequest__Output, _tsray_rpc_PubMessage__Output>
}
