// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BorrowDelta as _tsray_rpc_BorrowDelta, BorrowDelta__Output as _tsray_rpc_BorrowDelta__Output } from './tsray/rpc/BorrowDelta.js';
import type { BorrowGrant as _tsray_rpc_BorrowGrant, BorrowGrant__Output as _tsray_rpc_BorrowGrant__Output } from './tsray/rpc/BorrowGrant.js';
import type { FreeObjectsReply as _tsray_rpc_FreeObjectsReply, FreeObjectsReply__Output as _tsray_rpc_FreeObjectsReply__Output } from './tsray/rpc/FreeObjectsReply.js';
import type { FreeObjectsRequest as _tsray_rpc_FreeObjectsRequest, FreeObjectsRequest__Output as _tsray_rpc_FreeObjectsRequest__Output } from './tsray/rpc/FreeObjectsRequest.js';
import type { ObjectChunk as _tsray_rpc_ObjectChunk, ObjectChunk__Output as _tsray_rpc_ObjectChunk__Output } from './tsray/rpc/ObjectChunk.js';
import type { ObjectManagerServiceClient as _tsray_rpc_ObjectManagerServiceClient, ObjectManagerServiceDefinition as _tsray_rpc_ObjectManagerServiceDefinition } from './tsray/rpc/ObjectManagerService.js';
import type { PullRequest as _tsray_rpc_PullRequest, PullRequest__Output as _tsray_rpc_PullRequest__Output } from './tsray/rpc/PullRequest.js';
import type { UpdateBorrowsReply as _tsray_rpc_UpdateBorrowsReply, UpdateBorrowsReply__Output as _tsray_rpc_UpdateBorrowsReply__Output } from './tsray/rpc/UpdateBorrowsReply.js';
import type { UpdateBorrowsRequest as _tsray_rpc_UpdateBorrowsRequest, UpdateBorrowsRequest__Output as _tsray_rpc_UpdateBorrowsRequest__Output } from './tsray/rpc/UpdateBorrowsRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsray: {
    rpc: {
      BorrowDelta: MessageTypeDefinition<_tsray_rpc_BorrowDelta, _tsray_rpc_BorrowDelta__Output>
      BorrowGrant: MessageTypeDefinition<_tsray_rpc_BorrowGrant, _tsray_rpc_BorrowGrant__Output>
      FreeObjectsReply: MessageTypeDefinition<_tsray_rpc_FreeObjectsReply, _tsray_rpc_FreeObjectsReply__Output>
      FreeObjectsRequest: MessageTypeDefinition<_tsray_rpc_FreeObjectsRequest, _tsray_rpc_FreeObjectsRequest__Output>
      ObjectChunk: MessageTypeDefinition<_tsray_rpc_ObjectChunk, _tsray_rpc_ObjectChunk__Output>
      ObjectManagerService: SubtypeConstructor<typeof grpc.Client, _tsray_rpc_ObjectManagerServiceClient> & { service: _tsray_rpc_ObjectManagerServiceDefinition }
      PullRequest: MessageTypeDefinition<_tsray_rpc_PullRequest, _tsray_rpc_PullRequest__Output>
      UpdateBorrowsReply: MessageTypeDefinition<_tsray_rpc_UpdateBorrowsReply, _tsray_rpc_UpdateBorrowsReply__Output>
      UpdateBorrowsRequest: MessageTypeDefinition<_tsray_rpc_UpdateBorrowsRequest, _tsray_rpc_UpdateBorrowsRequest__Output>
    }
  }
}

