/**
 * TypeScript shapes of the messages in proto/, as @grpc/proto-loader decodes them (see
 * proto.ts): camelCase fields, int64 as number, enums as their names, every scalar present
 * (defaults filled in), unset sub-messages null, bytes as Buffer (typed Uint8Array here).
 *
 * Senders pass `Wire<T>`: every field optional, so a message states only what it sets.
 */

/** What a sender may pass for a message of type T: any field may be left out. */
export type Wire<T> = T extends Uint8Array
  ? Uint8Array
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { [K in keyof T]?: Wire<T[K]> | null }
      : T;

export type ResourceAmounts = Record<string, number>;

// ------------------------------------------------------------------ common.proto

export interface Status {
  /** A gRPC status code; 0 is OK. */
  code: number;
  message: string;
  errorKind: string;
}

export interface Address {
  nodeId: string;
  ipAddress: string;
  port: number;
  workerId: string;
}

export type NodeState = 'ALIVE' | 'DEAD';

/** A node as the GCS records it (Ray's GcsNodeInfo). */
export interface GcsNodeInfo {
  nodeId: string;
  nodeManagerAddress: string;
  nodeManagerPort: number;
  objectManagerPort: number;
  nodeName: string;
  isHead: boolean;
  state: NodeState;
  resourcesTotal: ResourceAmounts;
  labels: Record<string, string>;
  startTimeMs: number;
  endTimeMs: number;
  deathReason: string;
  sessionDir: string;
  pid: number;
  protocolVersion: string;
}

export interface NodeResources {
  nodeId: string;
  total: ResourceAmounts;
  available: ResourceAmounts;
  pendingTasks: number;
  version: number;
}

export interface ResourceView {
  nodes: NodeResources[];
  version: number;
}

export type SchedulingKind = 'DEFAULT' | 'SPREAD' | 'NODE_AFFINITY' | 'PLACEMENT_GROUP';

export interface SchedulingStrategyMsg {
  kind: SchedulingKind;
  nodeId: string;
  soft: boolean;
  placementGroupId: string;
  bundleIndex: number;
}

export interface FunctionDescriptor {
  moduleUrl: string;
  key: string;
}

export type TaskType = 'NORMAL_TASK' | 'ACTOR_CREATION_TASK' | 'ACTOR_TASK';

export interface TaskSpec {
  taskId: string;
  jobId: string;
  parentTaskId: string;
  type: TaskType;
  name: string;
  function: FunctionDescriptor | null;
  args: Uint8Array;
  argObjectIds: string[];
  numReturns: number;
  requiredResources: ResourceAmounts;
  maxRetries: number;
  retryExceptions: boolean;
  retryExceptionAllowlist: string[];
  attemptNumber: number;
  schedulingStrategy: SchedulingStrategyMsg | null;
  owner: Address | null;
  actorId: string;
  methodName: string;
  sequenceNumber: number;
  maxRestarts: number;
  maxTaskRetries: number;
  maxConcurrency: number;
  namespace: string;
  isolation: string;
  streamingGenerator: boolean;
  depth: number;
  workingDirHash: string;
  runtimeEnv: Uint8Array;
}

export interface ReturnObject {
  objectId: string;
  data: Uint8Array;
  inPlasma: boolean;
  nodeId: string;
  size: number;
  nestedObjectIds: string[];
}

// ------------------------------------------------------------------ gcs.proto: nodes

export interface GetClusterInfoRequest {}
export interface GetClusterInfoReply {
  protocolVersion: string;
  clusterId: string;
  startTimeMs: number;
}

export interface RegisterNodeRequest {
  node: GcsNodeInfo | null;
  protocolVersion: string;
}
export interface RegisterNodeReply {
  node: GcsNodeInfo | null;
  clusterId: string;
  heartbeatPeriodMs: number;
  nodeDeathTimeoutMs: number;
}

export interface HeartbeatRequest {
  nodeId: string;
  resources: NodeResources | null;
}
export interface HeartbeatReply {
  unknownNode: boolean;
  nodeDead: boolean;
}

export interface ReportResourcesRequest {
  resources: NodeResources | null;
}
export interface ReportResourcesReply {
  unknownNode: boolean;
  nodeDead: boolean;
}

export interface UnregisterNodeRequest {
  nodeId: string;
  reason: string;
}
export interface UnregisterNodeReply {}

export interface GetAllNodesRequest {
  aliveOnly: boolean;
}
export interface GetAllNodesReply {
  nodes: GcsNodeInfo[];
}

export interface GetResourceViewRequest {}
export interface GetResourceViewReply {
  view: ResourceView | null;
}

// ------------------------------------------------------------------ gcs.proto: jobs

export interface JobTableData {
  jobId: string;
  namespace: string;
  driverPid: number;
  driverAddress: Address | null;
  entrypoint: string;
  isDead: boolean;
  startTimeMs: number;
  endTimeMs: number;
  runtimeEnv: Uint8Array;
}

export interface AddJobRequest {
  job: JobTableData | null;
  protocolVersion: string;
}
export interface AddJobReply {
  job: JobTableData | null;
}
export interface MarkJobFinishedRequest {
  jobId: string;
}
export interface MarkJobFinishedReply {}
export interface GetAllJobsRequest {}
export interface GetAllJobsReply {
  jobs: JobTableData[];
}

// ------------------------------------------------------------------ gcs.proto: actors

export type ActorState = 'DEPENDENCIES_UNREADY' | 'PENDING_CREATION' | 'ALIVE' | 'RESTARTING' | 'DEAD';

export interface ActorTableData {
  actorId: string;
  jobId: string;
  name: string;
  namespace: string;
  className: string;
  state: ActorState;
  nodeId: string;
  address: Address | null;
  owner: Address | null;
  detached: boolean;
  maxRestarts: number;
  numRestarts: number;
  requiredResources: ResourceAmounts;
  schedulingStrategy: SchedulingStrategyMsg | null;
  creationTask: TaskSpec | null;
  deathCause: string;
  startTimeMs: number;
  endTimeMs: number;
  pid: number;
  placementMessage: string;
}

export interface RegisterActorRequest {
  actor: ActorTableData | null;
  callerNodeId: string;
  getIfExists: boolean;
  avoidNodeIds: string[];
}
export interface RegisterActorReply {
  actor: ActorTableData | null;
  existed: boolean;
}
export interface GetActorRequest {
  actorId: string;
  name: string;
  namespace: string;
}
export interface GetActorReply {
  actor: ActorTableData | null;
}
export interface ListActorsRequest {
  namespace: string;
  jobId: string;
  includeDead: boolean;
}
export interface ListActorsReply {
  actors: ActorTableData[];
}
export interface UpdateActorStateRequest {
  actorId: string;
  state: ActorState;
  address: Address | null;
  pid: number;
  deathCause: string;
  avoidNodeIds: string[];
}
export interface UpdateActorStateReply {
  actor: ActorTableData | null;
}
export interface KillActorRequest {
  actorId: string;
  noRestart: boolean;
  force: boolean;
}
export interface KillActorReply {
  actor: ActorTableData | null;
}

// ------------------------------------------------------------------ gcs.proto: KV

export interface KVPutRequest {
  namespace: string;
  key: string;
  value: Uint8Array;
  overwrite: boolean;
}
export interface KVPutReply {
  added: boolean;
}
export interface KVGetRequest {
  namespace: string;
  key: string;
}
export interface KVGetReply {
  found: boolean;
  value: Uint8Array;
}
export interface KVDelRequest {
  namespace: string;
  key: string;
  byPrefix: boolean;
}
export interface KVDelReply {
  deleted: number;
}
export interface KVExistsRequest {
  namespace: string;
  key: string;
}
export interface KVExistsReply {
  exists: boolean;
}
export interface KVKeysRequest {
  namespace: string;
  prefix: string;
}
export interface KVKeysReply {
  keys: string[];
}

// ------------------------------------------------------------------ gcs.proto: pub/sub

export type Channel = 'NODE_INFO' | 'RESOURCE_VIEW' | 'ACTOR' | 'JOB';

export interface SubscribeRequest {
  subscriberId: string;
  channels: Channel[];
}

/** One published message; exactly one payload field is set, named by `payload`. */
export interface PubMessage {
  channel: Channel;
  sequence: number;
  payload?: 'nodeInfo' | 'resourceView' | 'actor' | 'job';
  nodeInfo?: GcsNodeInfo | null;
  resourceView?: ResourceView | null;
  actor?: ActorTableData | null;
  job?: JobTableData | null;
}

// ------------------------------------------------------------------ raylet.proto

export interface BundleRequest {
  payload: Uint8Array;
}
export interface BundleReply {
  payload: Uint8Array;
}
export interface ActorRequest {
  payload: Uint8Array;
}
export interface ActorReply {
  payload: Uint8Array;
}
export interface RunTaskRequest {
  payload: Uint8Array;
}
export interface RunTaskReply {
  payload: Uint8Array;
}

export interface ResourceAllocation {
  name: string;
  ids: number[];
  amount: number;
}
export interface RequestWorkerLeaseRequest {
  task: TaskSpec | null;
  grantOrReject: boolean;
  backlogSize: number;
}
export interface RequestWorkerLeaseReply {
  leaseId: string;
  workerAddress: Address | null;
  allocations: ResourceAllocation[];
  retryAtRayletAddress: Address | null;
  rejected: boolean;
  canceled: boolean;
  infeasible: boolean;
  failureMessage: string;
}
export interface ReturnWorkerRequest {
  leaseId: string;
  workerId: string;
  disconnectWorker: boolean;
}
export interface ReturnWorkerReply {
  status: Status | null;
}
export interface CancelWorkerLeaseRequest {
  taskId: string;
}
export interface CancelWorkerLeaseReply {
  success: boolean;
}
export interface SubmitTasksRequest {
  tasks: TaskSpec[];
}
export interface TaskAdmission {
  taskId: string;
  accepted: boolean;
  retryAtRayletAddress: Address | null;
  infeasible: boolean;
  failureMessage: string;
}
export interface SubmitTasksReply {
  admissions: TaskAdmission[];
}
export interface CancelTaskRequest {
  taskId: string;
  force: boolean;
  recursive: boolean;
}
export interface CancelTaskReply {
  attempted: boolean;
}
export interface GetNodeStatsRequest {}
export interface GetNodeStatsReply {
  resources: NodeResources | null;
  runningTasks: number;
  numWorkers: number;
  objectStoreUsedBytes: number;
  objectStoreCapacityBytes: number;
  numObjects: number;
}
export interface ShutdownRayletRequest {
  graceful: boolean;
}
export interface ShutdownRayletReply {}

// ------------------------------------------------------------------ core_worker.proto

export interface PushTaskRequest {
  task: TaskSpec | null;
  intendedWorkerId: string;
  sequenceNumber: number;
}
export interface PushTaskReply {
  returnObjects: ReturnObject[];
  isApplicationError: boolean;
  error: Uint8Array;
  workerExiting: boolean;
  status: Status | null;
}
export interface TaskResult {
  taskId: string;
  attemptNumber: number;
  returnObjects: ReturnObject[];
  isApplicationError: boolean;
  error: Uint8Array;
  status: Status | null;
}
export interface ReportTaskResultsRequest {
  nodeId: string;
  results: TaskResult[];
}
export interface ReportTaskResultsReply {}
export type ObjectStatus = 'CREATED' | 'PENDING' | 'OUT_OF_SCOPE' | 'FREED';
export interface GetObjectStatusRequest {
  objectId: string;
  ownerWorkerId: string;
}
export interface GetObjectStatusReply {
  status: ObjectStatus;
  object: ReturnObject | null;
  nodeIds: string[];
  objectSize: number;
}
export interface ObjectLocationInfo {
  objectId: string;
  nodeIds: string[];
  objectSize: number;
  primaryNodeId: string;
  spilledUrl: string;
  spilledNodeId: string;
}
export interface GetObjectLocationsOwnerRequest {
  objectIds: string[];
}
export interface GetObjectLocationsOwnerReply {
  locations: ObjectLocationInfo[];
}
export interface ObjectLocationUpdate {
  objectId: string;
  added: boolean;
  size: number;
  spilledUrl: string;
}
export interface UpdateObjectLocationBatchRequest {
  nodeId: string;
  updates: ObjectLocationUpdate[];
}
export interface UpdateObjectLocationBatchReply {}
export interface KillActorOnWorkerRequest {
  actorId: string;
  force: boolean;
  reason: string;
}
export interface KillActorOnWorkerReply {}
export interface CancelTaskOnWorkerRequest {
  taskId: string;
  force: boolean;
  recursive: boolean;
}
export interface CancelTaskOnWorkerReply {
  attempted: boolean;
}
export interface ExitWorkerRequest {
  force: boolean;
}
export interface ExitWorkerReply {
  success: boolean;
}

// ------------------------------------------------------------------ object_manager.proto

export interface PullRequest {
  objectId: string;
  requesterNodeId: string;
  offset: number;
  chunkSize: number;
}
export interface ObjectChunk {
  objectId: string;
  offset: number;
  totalSize: number;
  data: Uint8Array;
  metadata: Uint8Array;
  chunkIndex: number;
  numChunks: number;
  bufferIndex: number;
}
export interface FreeObjectsRequest {
  objectIds: string[];
}
export interface FreeObjectsReply {}
export interface BorrowDelta {
  objectId: string;
  delta: number;
}
export interface BorrowGrant {
  objectId: string;
  borrowerNodeId: string;
}
export interface UpdateBorrowsRequest {
  borrowerNodeId: string;
  seq: number;
  deltas: BorrowDelta[];
  grants: BorrowGrant[];
}
export interface UpdateBorrowsReply {}

// ------------------------------------------------------------------ method tables

/** Every unary method as "Service.Method": [request, reply]. */
export interface UnaryMethods {
  'NodeInfoService.GetClusterInfo': [GetClusterInfoRequest, GetClusterInfoReply];
  'NodeInfoService.RegisterNode': [RegisterNodeRequest, RegisterNodeReply];
  'NodeInfoService.Heartbeat': [HeartbeatRequest, HeartbeatReply];
  'NodeInfoService.ReportResources': [ReportResourcesRequest, ReportResourcesReply];
  'NodeInfoService.UnregisterNode': [UnregisterNodeRequest, UnregisterNodeReply];
  'NodeInfoService.GetAllNodes': [GetAllNodesRequest, GetAllNodesReply];
  'NodeInfoService.GetResourceView': [GetResourceViewRequest, GetResourceViewReply];
  'JobService.AddJob': [AddJobRequest, AddJobReply];
  'JobService.MarkJobFinished': [MarkJobFinishedRequest, MarkJobFinishedReply];
  'JobService.GetAllJobs': [GetAllJobsRequest, GetAllJobsReply];
  'ActorService.RegisterActor': [RegisterActorRequest, RegisterActorReply];
  'ActorService.GetActor': [GetActorRequest, GetActorReply];
  'ActorService.ListActors': [ListActorsRequest, ListActorsReply];
  'ActorService.UpdateActorState': [UpdateActorStateRequest, UpdateActorStateReply];
  'ActorService.KillActor': [KillActorRequest, KillActorReply];
  'KVService.Put': [KVPutRequest, KVPutReply];
  'KVService.Get': [KVGetRequest, KVGetReply];
  'KVService.Del': [KVDelRequest, KVDelReply];
  'KVService.Exists': [KVExistsRequest, KVExistsReply];
  'KVService.Keys': [KVKeysRequest, KVKeysReply];
  'NodeManagerService.RunTask': [RunTaskRequest, RunTaskReply];
  'NodeManagerService.CreateActor': [ActorRequest, ActorReply];
  'NodeManagerService.PrepareBundles': [BundleRequest, BundleReply];
  'NodeManagerService.ReleaseBundles': [BundleRequest, BundleReply];
  'NodeManagerService.CallActor': [ActorRequest, ActorReply];
  'NodeManagerService.KillActor': [ActorRequest, ActorReply];
  'NodeManagerService.RequestWorkerLease': [RequestWorkerLeaseRequest, RequestWorkerLeaseReply];
  'NodeManagerService.ReturnWorker': [ReturnWorkerRequest, ReturnWorkerReply];
  'NodeManagerService.CancelWorkerLease': [CancelWorkerLeaseRequest, CancelWorkerLeaseReply];
  'NodeManagerService.SubmitTasks': [SubmitTasksRequest, SubmitTasksReply];
  'NodeManagerService.CancelTask': [CancelTaskRequest, CancelTaskReply];
  'NodeManagerService.GetNodeStats': [GetNodeStatsRequest, GetNodeStatsReply];
  'NodeManagerService.ShutdownRaylet': [ShutdownRayletRequest, ShutdownRayletReply];
  'CoreWorkerService.PushTask': [PushTaskRequest, PushTaskReply];
  'CoreWorkerService.ReportTaskResults': [ReportTaskResultsRequest, ReportTaskResultsReply];
  'CoreWorkerService.GetObjectStatus': [GetObjectStatusRequest, GetObjectStatusReply];
  'CoreWorkerService.GetObjectLocationsOwner': [GetObjectLocationsOwnerRequest, GetObjectLocationsOwnerReply];
  'CoreWorkerService.UpdateObjectLocationBatch': [UpdateObjectLocationBatchRequest, UpdateObjectLocationBatchReply];
  'CoreWorkerService.KillActor': [KillActorOnWorkerRequest, KillActorOnWorkerReply];
  'CoreWorkerService.CancelTask': [CancelTaskOnWorkerRequest, CancelTaskOnWorkerReply];
  'CoreWorkerService.Exit': [ExitWorkerRequest, ExitWorkerReply];
  'ObjectManagerService.FreeObjects': [FreeObjectsRequest, FreeObjectsReply];
  'ObjectManagerService.UpdateBorrows': [UpdateBorrowsRequest, UpdateBorrowsReply];
}

/** Every server-streaming method as "Service.Method": [request, streamed message]. */
export interface StreamMethods {
  'PubSubService.Subscribe': [SubscribeRequest, PubMessage];
  'ObjectManagerService.Pull': [PullRequest, ObjectChunk];
}

export type UnaryMethod = keyof UnaryMethods;
export type StreamMethod = keyof StreamMethods;
export type RequestOf<M extends UnaryMethod | StreamMethod> = M extends UnaryMethod
  ? UnaryMethods[M][0]
  : M extends StreamMethod
    ? StreamMethods[M][0]
    : never;
export type ReplyOf<M extends UnaryMethod | StreamMethod> = M extends UnaryMethod
  ? UnaryMethods[M][1]
  : M extends StreamMethod
    ? StreamMethods[M][1]
    : never;

export type ServiceName =
  | 'NodeInfoService'
  | 'JobService'
  | 'ActorService'
  | 'KVService'
  | 'PubSubService'
  | 'NodeManagerService'
  | 'CoreWorkerService'
  | 'ObjectManagerService';

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
