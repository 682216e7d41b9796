// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from './tsray/rpc/Address.js';
import type { FunctionDescriptor as _tsray_rpc_FunctionDescriptor, FunctionDescriptor__Output as _tsray_rpc_FunctionDescriptor__Output } from './tsray/rpc/FunctionDescriptor.js';
import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from './tsray/rpc/NodeInfo.js';
import type { NodeResources as _tsray_rpc_NodeResources, NodeResources__Output as _tsray_rpc_NodeResources__Output } from './tsray/rpc/NodeResources.js';
import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from './tsray/rpc/ResourceView.js';
import type { ReturnObject as _tsray_rpc_ReturnObject, ReturnObject__Output as _tsray_rpc_ReturnObject__Output } from './tsray/rpc/ReturnObject.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from './tsray/rpc/SchedulingStrategy.js';
import type { Status as _tsray_rpc_Status, Status__Output as _tsray_rpc_Status__Output } from './tsray/rpc/Status.js';
import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from './tsray/rpc/TaskSpec.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsray: {
    rpc: {
      Address: MessageTypeDefinition<_tsray_rpc_Address, _tsray_rpc_Address__Output>
      FunctionDescriptor: MessageTypeDefinition<_tsray_rpc_FunctionDescriptor, _tsray_rpc_FunctionDescriptor__Output>
      NodeInfo: MessageTypeDefinition<_tsray_rpc_NodeInfo, _tsray_rpc_NodeInfo__Output>
      NodeResources: MessageTypeDefinition<_tsray_rpc_NodeResources, _tsray_rpc_NodeResources__Output>
      ResourceView: MessageTypeDefinition<_tsray_rpc_ResourceView, _tsray_rpc_ResourceView__Output>
      ReturnObject: MessageTypeDefinition<_tsray_rpc_ReturnObject, _tsray_rpc_ReturnObject__Output>
      SchedulingStrategy: MessageTypeDefinition<_tsray_rpc_SchedulingStrategy, _tsray_rpc_SchedulingStrategy__Output>
      Status: MessageTypeDefinition<_tsray_rpc_Status, _tsray_rpc_Status__Output>
      TaskSpec: MessageTypeDefinition<_tsray_rpc_TaskSpec, _tsray_rpc_TaskSpec__Output>
    }
  }
}

