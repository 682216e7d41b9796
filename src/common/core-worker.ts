import type { FunctionDescriptor, SubmittedActor, SubmittedTask } from './protocol.js';
import type { ResourceMap } from './resources.js';
import type { PlacementGroupClient } from './placement-group.js';

/** What `ray.getRuntimeContext()` reports. */
export interface RuntimeContextData {
  jobId: string;
  nodeId: string;
  namespace: string;
  workerId: string;
  /** The task running in this thread, or null in the driver. */
  taskId: string | null;
  /** The actor this thread hosts, or null. */
  actorId: string | null;
  gpuIds: number[];
  /** What the running task or actor was given and where it runs (see WorkContext); absent in the driver. */
  work?: WorkContext;
}

/** What the running task or actor knows of itself, for the runtime context. */
export interface WorkContext {
  /** The resources it holds: a task's while it runs, an actor's for its lifetime. */
  resources: Record<string, number>;
  placementGroupId: string | null;
  /** For an actor: its class, its name ('' when unnamed), and whether it was restarted. */
  actor?: { fn: FunctionDescriptor; name: string; restarted: boolean };
}

/** A node in `ray.nodes()`. */
export interface NodeInfo {
  nodeId: string;
  alive: boolean;
  address: string;
  resources: ResourceMap;
  isHead: boolean;
}

/** What `ray.objectStoreStats()` reports: the node's shared-memory store. */
export interface ObjectStoreStats {
  /** Bytes the store may hold in memory (`objectStoreMemory`). */
  capacity: number;
  /** Bytes of the arena in use (objects, and freed objects readers still map). */
  used: number;
  /** Bytes of objects in segments of their own, written while the arena was full. */
  fallback: number;
  /** Objects with buffers in the store (in memory or spilled). */
  objects: number;
  /** Objects with at least one buffer only on disk. */
  spilled: number;
  /**
   * Cluster mode: objects this node pulled from other nodes. `pulls` counts transfers,
   * `pulledBytes` their buffers' bytes, and `deduplicated` requests that joined a pull of the
   * same object already under way instead of starting another.
   */
  transfers?: { pulls: number; pulledBytes: number; deduplicated: number };
}

/**
 * The ObjectRefs and actor handles alive in one thread, counted (core/reference-counter.ts):
 * each registers itself when it is made.
 */
export interface ThreadReferences {
  /** Records a new ref instance; it is released when the instance is garbage collected. */
  track(ref: object, id: string): void;
  /** Whether this thread holds at least one ref to the object. */
  holds(id: string): boolean;
}

/**
 * One thread's view of the runtime (Ray's core worker): the driver's, or a worker thread's proxy
 * to it. The public API calls only this interface.
 */
export interface CoreWorker {
  readonly references: ThreadReferences;
  /** Placement groups: create, remove, wait, look up by name, list. */
  readonly placementGroups: PlacementGroupClient;
  context(): RuntimeContextData;
  /** The task running in this thread (null in the driver): the parent of tasks it submits. */
  currentTaskId(): string | null;
  newTaskId(): string;
  newPutId(): string;
  submit(task: SubmittedTask): void;
  /** Stores packed bytes under a new put id (the caller made the ObjectRef). */
  put(id: string, packed: { data: Uint8Array; nested?: string[]; segments?: string[] }): void;
  get(ids: string[], timeoutMs: number | undefined): Promise<unknown[]>;
  /** Resolves with a ready flag per id once `numReturns` are ready or the timeout passes. */
  wait(ids: string[], numReturns: number, timeoutMs: number | undefined): Promise<boolean[]>;
  cancel(objectId: string, force: boolean, recursive: boolean): void;
  /** Whether a streaming task has yielded item `index` (true) or ended before it (false). */
  streamNext(taskId: string, index: number): Promise<boolean>;
  /** Creates an actor; a duplicate name throws (in the driver) or kills it at birth (in a worker). */
  createActor(spec: SubmittedActor): void;
  /** The live actor registered under a name, with its class's descriptor; null if none. */
  getActor(name: string, namespace: string): Promise<{ actorId: string; fn: FunctionDescriptor } | null>;
  killActor(actorId: string, noRestart: boolean): void;
  availableResources(): Promise<ResourceMap>;
  clusterResources(): Promise<ResourceMap>;
  nodes(): Promise<NodeInfo[]>;
  objectStoreStats(): Promise<ObjectStoreStats>;
  shutdown(): Promise<void>;
}
