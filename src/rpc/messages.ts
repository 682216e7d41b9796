/**
 * TypeScript shapes of the messages and services in proto/, derived from the types that
 * `npm run gen:proto` generates into ./generated/ (proto-loader-gen-types, with the options
 * proto.ts loads the protos with), so proto/ is the one source of truth: a field, message or
 * method changed there changes these types, and test/unit/proto-types.test.ts fails until the
 * generated files are regenerated.
 *
 * A message type here is the message as @grpc/proto-loader decodes it: camelCase fields, int64
 * as number, enums as their names, every scalar present (defaults filled in), unset sub-messages
 * null, bytes as Buffer (typed Uint8Array here). The names are tsray's (GcsNodeInfo for proto's
 * NodeInfo, ...); the proto's comments are the fields' doc comments.
 *
 * Senders pass the generator's input types (`RequestInputOf`, `ReplyInputOf`, `MessageInput`:
 * every field optional) or `Wire<T>`, a decoded type with every field optional, which code uses
 * for messages it builds or normalizes; a Wire message is always a valid input.
 */
import type { Long, MessageTypeDefinition, MethodDefinition } from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType as CommonProto } from './generated/common.js';
import type { ProtoGrpcType as CoreWorkerProto } from './generated/core_worker.js';
import type { ProtoGrpcType as GcsProto } from './generated/gcs.js';
import type { ProtoGrpcType as ObjectManagerProto } from './generated/object_manager.js';
import type { ProtoGrpcType as RayletProto } from './generated/raylet.js';
import type { _tsray_rpc_ActorTableData_ActorState__Output } from './generated/tsray/rpc/ActorTableData.js';
import type { Channel__Output } from './generated/tsray/rpc/Channel.js';
import type { _tsray_rpc_GetObjectStatusReply_ObjectStatus__Output } from './generated/tsray/rpc/GetObjectStatusReply.js';
import type { _tsray_rpc_NodeInfo_State__Output } from './generated/tsray/rpc/NodeInfo.js';
import type { _tsray_rpc_SchedulingStrategy_Kind__Output } from './generated/tsray/rpc/SchedulingStrategy.js';
import type { _tsray_rpc_TaskSpec_Type__Output } from './generated/tsray/rpc/TaskSpec.js';

// ------------------------------------------------------------------ the generated package

/** Every message, enum and service of package tsray.rpc, by its proto name. */
type Rpc = CommonProto['tsray']['rpc'] &
  GcsProto['tsray']['rpc'] &
  RayletProto['tsray']['rpc'] &
  CoreWorkerProto['tsray']['rpc'] &
  ObjectManagerProto['tsray']['rpc'];

/** The proto names of the messages ("NodeInfo", "TaskSpec", ...). */
export type MessageName = { [N in keyof Rpc]: Rpc[N] extends MessageTypeDefinition<object, object> ? N : never }[keyof Rpc];

/**
 * Message `N` as the decoder yields it (defaults filled in), bytes typed as Uint8Array: the
 * decoder's are Buffers, but records the GCS builds from local callers' messages or restores
 * from storage hold plain Uint8Arrays, so no code may count on Buffer's methods.
 */
export type ProtoMessage<N extends MessageName> = BytesAsUint8Array<Rpc[N] extends MessageTypeDefinition<object, infer O> ? O : never>;

type BytesAsUint8Array<T> = T extends Uint8Array
  ? Uint8Array
  : T extends (infer U)[]
    ? BytesAsUint8Array<U>[]
    : T extends object
      ? { [K in keyof T]: BytesAsUint8Array<T[K]> }
      : T;

/** Arrays in what a sender passes may be readonly: the serializer only reads them. */
type ReadonlyArrays<T> = T extends Uint8Array | string | number | boolean | Long | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? readonly ReadonlyArrays<U>[]
    : { [K in keyof T]: ReadonlyArrays<T[K]> };

/** What the serializer takes for message `N`: every field optional, int64 as number, string or Long, bytes as bytes or base64. */
export type MessageInput<N extends MessageName> = ReadonlyArrays<Rpc[N] extends MessageTypeDefinition<infer I, object> ? I : never>;

/**
 * What a sender may pass for a message of (decoded) type T: any field may be left out, and
 * sub-messages may be null; maps are whole. Always assignable to the generator's input type.
 */
export type Wire<T> = T extends Uint8Array
  ? Uint8Array
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? string extends keyof T
        ? T
        : { [K in keyof T]?: Wire<T[K]> }
      : T;

// ------------------------------------------------------------------ common.proto

export type Status = ProtoMessage<'Status'>;
export type Address = ProtoMessage<'Address'>;
export type NodeState = _tsray_rpc_NodeInfo_State__Output;
/** A node as the GCS records it (Ray's GcsNodeInfo; proto's NodeInfo). */
export type GcsNodeInfo = ProtoMessage<'NodeInfo'>;
export type NodeResources = ProtoMessage<'NodeResources'>;
/** Resource amounts by name ({"CPU": 2, "GPU": 0.5}): proto's map<string, double>. */
export type ResourceAmounts = NodeResources['total'];
export type ResourceView = ProtoMessage<'ResourceView'>;
export type SchedulingKind = _tsray_rpc_SchedulingStrategy_Kind__Output;
export type SchedulingStrategyMsg = ProtoMessage<'SchedulingStrategy'>;
export type FunctionDescriptor = ProtoMessage<'FunctionDescriptor'>;
export type TaskType = _tsray_rpc_TaskSpec_Type__Output;
export type TaskSpec = ProtoMessage<'TaskSpec'>;
export type ReturnObject = ProtoMessage<'ReturnObject'>;

// ------------------------------------------------------------------ gcs.proto: nodes

export type GetClusterInfoRequest = ProtoMessage<'GetClusterInfoRequest'>;
export type GetClusterInfoReply = ProtoMessage<'GetClusterInfoReply'>;
export type RegisterNodeRequest = ProtoMessage<'RegisterNodeRequest'>;
export type RegisterNodeReply = ProtoMessage<'RegisterNodeReply'>;
export type HeartbeatRequest = ProtoMessage<'HeartbeatRequest'>;
export type HeartbeatReply = ProtoMessage<'HeartbeatReply'>;
export type ReportResourcesRequest = ProtoMessage<'ReportResourcesRequest'>;
export type ReportResourcesReply = ProtoMessage<'ReportResourcesReply'>;
export type UnregisterNodeRequest = ProtoMessage<'UnregisterNodeRequest'>;
export type UnregisterNodeReply = ProtoMessage<'UnregisterNodeReply'>;
export type GetAllNodesRequest = ProtoMessage<'GetAllNodesRequest'>;
export type GetAllNodesReply = ProtoMessage<'GetAllNodesReply'>;
export type GetResourceViewRequest = ProtoMessage<'GetResourceViewRequest'>;
export type GetResourceViewReply = ProtoMessage<'GetResourceViewReply'>;

// ------------------------------------------------------------------ gcs.proto: jobs

export type JobTableData = ProtoMessage<'JobTableData'>;
export type AddJobRequest = ProtoMessage<'AddJobRequest'>;
export type AddJobReply = ProtoMessage<'AddJobReply'>;
export type MarkJobFinishedRequest = ProtoMessage<'MarkJobFinishedRequest'>;
export type MarkJobFinishedReply = ProtoMessage<'MarkJobFinishedReply'>;
export type GetAllJobsRequest = ProtoMessage<'GetAllJobsRequest'>;
export type GetAllJobsReply = ProtoMessage<'GetAllJobsReply'>;

// ------------------------------------------------------------------ gcs.proto: actors

export type ActorState = _tsray_rpc_ActorTableData_ActorState__Output;
export type ActorTableData = ProtoMessage<'ActorTableData'>;
export type RegisterActorRequest = ProtoMessage<'RegisterActorRequest'>;
export type RegisterActorReply = ProtoMessage<'RegisterActorReply'>;
export type GetActorRequest = ProtoMessage<'GetActorRequest'>;
export type GetActorReply = ProtoMessage<'GetActorReply'>;
export type ListActorsRequest = ProtoMessage<'ListActorsRequest'>;
export type ListActorsReply = ProtoMessage<'ListActorsReply'>;
export type UpdateActorStateRequest = ProtoMessage<'UpdateActorStateRequest'>;
export type UpdateActorStateReply = ProtoMessage<'UpdateActorStateReply'>;
export type KillActorRequest = ProtoMessage<'KillActorRequest'>;
export type KillActorReply = ProtoMessage<'KillActorReply'>;

// ------------------------------------------------------------------ gcs.proto: KV

export type KVPutRequest = ProtoMessage<'KVPutRequest'>;
export type KVPutReply = ProtoMessage<'KVPutReply'>;
export type KVGetRequest = ProtoMessage<'KVGetRequest'>;
export type KVGetReply = ProtoMessage<'KVGetReply'>;
export type KVDelRequest = ProtoMessage<'KVDelRequest'>;
export type KVDelReply = ProtoMessage<'KVDelReply'>;
export type KVExistsRequest = ProtoMessage<'KVExistsRequest'>;
export type KVExistsReply = ProtoMessage<'KVExistsReply'>;
export type KVKeysRequest = ProtoMessage<'KVKeysRequest'>;
export type KVKeysReply = ProtoMessage<'KVKeysReply'>;

// ------------------------------------------------------------------ gcs.proto: pub/sub

export type Channel = Channel__Output;
export type SubscribeRequest = ProtoMessage<'SubscribeRequest'>;
/** One published message; exactly one payload field is set, named by `payload`. */
export type PubMessage = ProtoMessage<'PubMessage'>;

// ------------------------------------------------------------------ raylet.proto

export type BundleRequest = ProtoMessage<'BundleRequest'>;
export type BundleReply = ProtoMessage<'BundleReply'>;
export type ActorRequest = ProtoMessage<'ActorRequest'>;
export type ActorReply = ProtoMessage<'ActorReply'>;
export type RunTaskRequest = ProtoMessage<'RunTaskRequest'>;
export type RunTaskReply = ProtoMessage<'RunTaskReply'>;
export type ResourceAllocation = ProtoMessage<'ResourceAllocation'>;
export type RequestWorkerLeaseRequest = ProtoMessage<'RequestWorkerLeaseRequest'>;
export type RequestWorkerLeaseReply = ProtoMessage<'RequestWorkerLeaseReply'>;
export type ReturnWorkerRequest = ProtoMessage<'ReturnWorkerRequest'>;
export type ReturnWorkerReply = ProtoMessage<'ReturnWorkerReply'>;
export type CancelWorkerLeaseRequest = ProtoMessage<'CancelWorkerLeaseRequest'>;
export type CancelWorkerLeaseReply = ProtoMessage<'CancelWorkerLeaseReply'>;
export type SubmitTasksRequest = ProtoMessage<'SubmitTasksRequest'>;
export type TaskAdmission = ProtoMessage<'TaskAdmission'>;
export type SubmitTasksReply = ProtoMessage<'SubmitTasksReply'>;
export type CancelTaskRequest = ProtoMessage<'CancelTaskRequest'>;
export type CancelTaskReply = ProtoMessage<'CancelTaskReply'>;
export type GetNodeStatsRequest = ProtoMessage<'GetNodeStatsRequest'>;
export type GetNodeStatsReply = ProtoMessage<'GetNodeStatsReply'>;
export type ShutdownRayletRequest = ProtoMessage<'ShutdownRayletRequest'>;
export type ShutdownRayletReply = ProtoMessage<'ShutdownRayletReply'>;

// ------------------------------------------------------------------ core_worker.proto

export type PushTaskRequest = ProtoMessage<'PushTaskRequest'>;
export type PushTaskReply = ProtoMessage<'PushTaskReply'>;
export type TaskResult = ProtoMessage<'TaskResult'>;
export type ReportTaskResultsRequest = ProtoMessage<'ReportTaskResultsRequest'>;
export type ReportTaskResultsReply = ProtoMessage<'ReportTaskResultsReply'>;
export type ObjectStatus = _tsray_rpc_GetObjectStatusReply_ObjectStatus__Output;
export type GetObjectStatusRequest = ProtoMessage<'GetObjectStatusRequest'>;
export type GetObjectStatusReply = ProtoMessage<'GetObjectStatusReply'>;
export type ObjectLocationInfo = ProtoMessage<'ObjectLocationInfo'>;
export type GetObjectLocationsOwnerRequest = ProtoMessage<'GetObjectLocationsOwnerRequest'>;
export type GetObjectLocationsOwnerReply = ProtoMessage<'GetObjectLocationsOwnerReply'>;
export type ObjectLocationUpdate = ProtoMessage<'ObjectLocationUpdate'>;
export type UpdateObjectLocationBatchRequest = ProtoMessage<'UpdateObjectLocationBatchRequest'>;
export type UpdateObjectLocationBatchReply = ProtoMessage<'UpdateObjectLocationBatchReply'>;
export type KillActorOnWorkerRequest = ProtoMessage<'KillActorOnWorkerRequest'>;
export type KillActorOnWorkerReply = ProtoMessage<'KillActorOnWorkerReply'>;
export type CancelTaskOnWorkerRequest = ProtoMessage<'CancelTaskOnWorkerRequest'>;
export type CancelTaskOnWorkerReply = ProtoMessage<'CancelTaskOnWorkerReply'>;
export type ExitWorkerRequest = ProtoMessage<'ExitWorkerRequest'>;
export type ExitWorkerReply = ProtoMessage<'ExitWorkerReply'>;

// ------------------------------------------------------------------ object_manager.proto

export type PullRequest = ProtoMessage<'PullRequest'>;
export type ObjectChunk = ProtoMessage<'ObjectChunk'>;
export type FreeObjectsRequest = ProtoMessage<'FreeObjectsRequest'>;
export type FreeObjectsReply = ProtoMessage<'FreeObjectsReply'>;
export type BorrowDelta = ProtoMessage<'BorrowDelta'>;
export type BorrowGrant = ProtoMessage<'BorrowGrant'>;
export type UpdateBorrowsRequest = ProtoMessage<'UpdateBorrowsRequest'>;
export type UpdateBorrowsReply = ProtoMessage<'UpdateBorrowsReply'>;

// ------------------------------------------------------------------ method tables

/** Every service of the package ("NodeInfoService", ...). */
type Services = { [S in keyof Rpc as Rpc[S] extends { service: object } ? S : never]: Rpc[S] };
export type ServiceName = keyof Services & string;

/** The generated definition of service S; its methods are its keys (the index signature it inherits left out). */
type ServiceDefinitionOf<S extends ServiceName> = Services[S] extends { service: infer D } ? D : never;
type MethodNamesOf<S extends ServiceName> = keyof {
  [M in keyof ServiceDefinitionOf<S> as string extends M ? never : number extends M ? never : M]: true;
} &
  string;

/** Every method as "Service.Method". */
type MethodName = { [S in ServiceName]: `${S}.${MethodNamesOf<S>}` }[ServiceName];

/** The generated definition of one method: its request and reply types, as sent and as decoded. */
type MethodTypes<M extends MethodName> = M extends `${infer S extends ServiceName}.${infer N}`
  ? ServiceDefinitionOf<S>[N & keyof ServiceDefinitionOf<S>] extends MethodDefinition<infer ReqIn, infer ResIn, infer ReqOut, infer ResOut>
    ? { requestIn: ReqIn; replyIn: ResIn; request: BytesAsUint8Array<ReqOut>; reply: BytesAsUint8Array<ResOut> }
    : never
  : never;

/** Whether a method streams its replies: its generated client returns a readable stream. */
type Streams<M extends MethodName> = M extends `${infer S extends ServiceName}.${infer N}`
  ? InstanceType<Services[S]>[N & keyof InstanceType<Services[S]>] extends (...args: never[]) => grpc.ClientReadableStream<unknown>
    ? true
    : false
  : never;

export type UnaryMethod = { [M in MethodName]: Streams<M> extends true ? never : M }[MethodName];
export type StreamMethod = { [M in MethodName]: Streams<M> extends true ? M : never }[MethodName];

/** Every unary method as "Service.Method": [request, reply], as decoded. */
export type UnaryMethods = { [M in UnaryMethod]: [MethodTypes<M>['request'], MethodTypes<M>['reply']] };
/** Every server-streaming method as "Service.Method": [request, streamed message], as decoded. */
export type StreamMethods = { [M in StreamMethod]: [MethodTypes<M>['request'], MethodTypes<M>['reply']] };

/** A method's request as the server's handler receives it. */
export type RequestOf<M extends UnaryMethod | StreamMethod> = MethodTypes<M>['request'];
/** A method's reply (or streamed message) as the client receives it. */
export type ReplyOf<M extends UnaryMethod | StreamMethod> = MethodTypes<M>['reply'];
/** What a client may send as a method's request. */
export type RequestInputOf<M extends UnaryMethod | StreamMethod> = ReadonlyArrays<MethodTypes<M>['requestIn']>;
/** What a handler may answer (or write to its stream). */
export type ReplyInputOf<M extends UnaryMethod | StreamMethod> = ReadonlyArrays<MethodTypes<M>['replyIn']>;

/**
 * Calls that may be sent again after UNAVAILABLE or DEADLINE_EXCEEDED (the first attempt may have
 * run): reads, and writes the server makes idempotent (registering a node or an actor under an id
 * it already has returns the existing record). A caller can override per call.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<UnaryMethod> = new Set<UnaryMethod>([
  'NodeInfoService.GetClusterInfo',
  'NodeInfoService.RegisterNode',
  'NodeInfoService.Heartbeat',
  'NodeInfoService.ReportResources',
  'NodeInfoService.UnregisterNode',
  'NodeInfoService.GetAllNodes',
  'NodeInfoService.GetResourceView',
  'JobService.MarkJobFinished',
  'JobService.GetAllJobs',
  'ActorService.RegisterActor',
  'ActorService.GetActor',
  'ActorService.ListActors',
  'KVService.Get',
  'KVService.Del',
  'KVService.Exists',
  'KVService.Keys',
  'NodeManagerService.CancelWorkerLease',
  'NodeManagerService.CancelTask',
  'NodeManagerService.GetNodeStats',
  'CoreWorkerService.GetObjectStatus',
  'CoreWorkerService.GetObjectLocationsOwner',
  'CoreWorkerService.CancelTask',
  'ObjectManagerService.FreeObjects',
  // Batches are numbered per borrower: one sent again is applied once.
  'ObjectManagerService.UpdateBorrows',
]);
