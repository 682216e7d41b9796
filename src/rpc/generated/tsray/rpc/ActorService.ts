// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetActorReply as _tsray_rpc_GetActorReply, GetActorReply__Output as _tsray_rpc_GetActorReply__Output } from '../../tsray/rpc/GetActorReply.js';
import type { GetActorRequest as _tsray_rpc_GetActorRequest, GetActorRequest__Output as _tsray_rpc_GetActorRequest__Output } from '../../tsray/rpc/GetActorRequest.js';
import type { KillActorReply as _tsray_rpc_KillActorReply, KillActorReply__Output as _tsray_rpc_KillActorReply__Output } from '../../tsray/rpc/KillActorReply.js';
import type { KillActorRequest as _tsray_rpc_KillActorRequest, KillActorRequest__Output as _tsray_rpc_KillActorRequest__Output } from '../../tsray/rpc/KillActorRequest.js';
import type { ListActorsReply as _tsray_rpc_ListActorsReply, ListActorsReply__Output as _tsray_rpc_ListActorsReply__Output } from '../../tsray/rpc/ListActorsReply.js';
import type { ListActorsRequest as _tsray_rpc_ListActorsRequest, ListActorsRequest__Output as _tsray_rpc_ListActorsRequest__Output } from '../../tsray/rpc/ListActorsRequest.js';
import type { RegisterActorReply as _tsray_rpc_RegisterActorReply, RegisterActorReply__Output as _tsray_rpc_RegisterActorReply__Output } from '../../tsray/rpc/RegisterActorReply.js';
import type { RegisterActorRequest as _tsray_rpc_RegisterActorRequest, RegisterActorRequest__Output as _tsray_rpc_RegisterActorRequest__Output } from '../../tsray/rpc/RegisterActorRequest.js';
import type { UpdateActorStateReply as _tsray_rpc_UpdateActorStateReply, UpdateActorStateReply__Output as _tsray_rpc_UpdateActorStateReply__Output } from '../../tsray/rpc/UpdateActorStateReply.js';
import type { UpdateActorStateRequest as _tsray_rpc_UpdateActorStateRequest, UpdateActorStateRequest__Output as _tsray_rpc_UpdateActorStateRequest__Output } from '../../tsray/rpc/UpdateActorStateRequest.js';

export interface ActorServiceClient extends grpc.Client {
  GetActor(argument: _tsray_rpc_GetActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  GetActor(argument: _tsray_rpc_GetActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  GetActor(argument: _tsray_rpc_GetActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  GetActor(argument: _tsray_rpc_GetActorRequest, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  getActor(argument: _tsray_rpc_GetActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  getActor(argument: _tsray_rpc_GetActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  getActor(argument: _tsray_rpc_GetActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  getActor(argument: _tsray_rpc_GetActorRequest, callback: grpc.requestCallback<_tsray_rpc_GetActorReply__Output>): grpc.ClientUnaryCall;
  
  KillActor(argument: _tsray_rpc_KillActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  KillActor(argument: _tsray_rpc_KillActorRequest, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  killActor(argument: _tsray_rpc_KillActorRequest, callback: grpc.requestCallback<_tsray_rpc_KillActorReply__Output>): grpc.ClientUnaryCall;
  
  ListActors(argument: _tsray_rpc_ListActorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  ListActors(argument: _tsray_rpc_ListActorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  ListActors(argument: _tsray_rpc_ListActorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  ListActors(argument: _tsray_rpc_ListActorsRequest, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  listActors(argument: _tsray_rpc_ListActorsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  listActors(argument: _tsray_rpc_ListActorsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  listActors(argument: _tsray_rpc_ListActorsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  listActors(argument: _tsray_rpc_ListActorsRequest, callback: grpc.requestCallback<_tsray_rpc_ListActorsReply__Output>): grpc.ClientUnaryCall;
  
  RegisterActor(argument: _tsray_rpc_RegisterActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  RegisterActor(argument: _tsray_rpc_RegisterActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  RegisterActor(argument: _tsray_rpc_RegisterActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  RegisterActor(argument: _tsray_rpc_RegisterActorRequest, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  registerActor(argument: _tsray_rpc_RegisterActorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  registerActor(argument: _tsray_rpc_RegisterActorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  registerActor(argument: _tsray_rpc_RegisterActorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  registerActor(argument: _tsray_rpc_RegisterActorRequest, callback: grpc.requestCallback<_tsray_rpc_RegisterActorReply__Output>): grpc.ClientUnaryCall;
  
  UpdateActorState(argument: _tsray_rpc_UpdateActorStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  UpdateActorState(argument: _tsray_rpc_UpdateActorStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  UpdateActorState(argument: _tsray_rpc_UpdateActorStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  UpdateActorState(argument: _tsray_rpc_UpdateActorStateRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  updateActorState(argument: _tsray_rpc_UpdateActorStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  updateActorState(argument: _tsray_rpc_UpdateActorStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  updateActorState(argument: _tsray_rpc_UpdateActorStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  updateActorState(argument: _tsray_rpc_UpdateActorStateRequest, callback: grpc.requestCallback<_tsray_rpc_UpdateActorStateReply__Output>): grpc.ClientUnaryCall;
  
}

export interface ActorServiceHandlers extends grpc.UntypedServiceImplementation {
  GetActor: grpc.handleUnaryCall<_tsray_rpc_GetActorRequest__Output, _tsray_rpc_GetActorReply>;
  
  KillActor: grpc.handleUnaryCall<_tsray_rpc_KillActorRequest__Output, _tsray_rpc_KillActorReply>;
  
  ListActors: grpc.handleUnaryCall<_tsray_rpc_ListActorsRequest__Output, _tsray_rpc_ListActorsReply>;
  
  RegisterActor: grpc.handleUnaryCall<_tsray_rpc_RegisterActorRequest__Output, _tsray_rpc_RegisterActorReply>;
  
  UpdateActorState: grpc.handleUnaryCall<_tsray_rpc_UpdateActorStateRequest__Output, _tsray_rpc_UpdateActorStateReply>;
  
}

export interface ActorServiceDefinition extends grpc.ServiceDefinition {
  GetActor: MethodDefinition<_tsray_rpc_GetActorRequest, _tsray_rpc_GetActorReply, _tsray_rpc_GetActorRequest__Output, _tsray_rpc_GetActorReply__Output>
  KillActor: MethodDefinition<_tsray_rpc_KillActorRequest, _tsray_rpc_KillActorReply, _tsray_rpc_KillActorRequest__Output, _tsray_rpc_KillActorReply__Output>
  ListActors: MethodDefinition<_tsray_rpc_ListActorsRequest, _tsray_rpc_ListActorsReply, _tsray_rpc_ListActorsRequest__Output, _tsray_rpc_ListActorsReply__Output>
  RegisterActor: MethodDefinition<_tsray_rpc_RegisterActorRequest, _tsray_rpc_RegisterActorReply, _tsray_rpc_RegisterActorRequest__Output, _tsray_rpc_RegisterActorReply__Output>
  UpdateActorState: MethodDefinition<_tsray_rpc_UpdateActorStateRequest, _tsray_rpc_UpdateActorStateReply, _tsray_rpc_UpdateActorStateRequest__Output, _tsray_rpc_UpdateActorStateReply__Output>
}
