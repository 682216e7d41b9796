/**
 * Messages between a node's scheduler (the raylet, in the driver's main thread in embedded mode)
 * and its worker threads. Tasks go out through piscina; everything a worker says back while a
 * task runs (nested submissions, gets, puts, reference counts, yields) goes through one
 * MessagePort per thread, so those messages keep their order relative to each other.
 */

/** Where a remote function lives: the module that defined it and its key there. */
export interface FunctionDescriptor {
  moduleUrl: string;
  key: string;
  /** Name shown in logs and errors. */
  name: string;
}

/** A stored value as it travels: msgpack bytes, and whether they encode a thrown error. */
export interface WireObject {
  data: Uint8Array;
  isError?: boolean;
}

/** What the raylet sends a worker thread to run one task. */
/**
 * The job work belongs to and its namespace (cluster mode): a worker serves many jobs, so its
 * context comes from the work it runs. Absent embedded, where a worker serves its one driver.
 */
export interface JobContext {
  jobId: string;
  namespace: string;
}

export interface ExecuteTask {
  taskId: string;
  attempt: number;
  job?: JobContext;
  fn: FunctionDescriptor;
  /** Packed argument array; top-level ObjectRef arguments are holes filled from `refArgs`. */
  args?: Uint8Array;
  /** Values of top-level ObjectRef arguments: [argument index, packed value]. */
  refArgs?: Array<[number, Uint8Array]>;
  numReturns: number;
  streaming?: boolean;
  /** For an actor method call: the actor and the method. */
  actorId?: string;
  method?: string;
  /** 'process': runs in a process worker rather than a thread. */
  isolation?: 'process';
  /** The resources it holds, when not a task's default `{ CPU: 1 }` (absent for actor calls: the actor's). */
  resources?: Record<string, number>;
  /** The placement group it runs in, if any. */
  pgId?: string;
}

/** What the raylet sends piscina to start an actor host: a long-running task holding actors. */
export interface StartHost {
  hostId: string;
}

/** An actor to construct on a host, once its constructor arguments are ready. */
export interface CreateActor {
  actorId: string;
  /** The class, found like a remote function. */
  fn: FunctionDescriptor;
  args?: Uint8Array;
  refArgs?: Array<[number, Uint8Array]>;
  /** Calls that may run at once: 1 for a sync actor, default 1000 for an async one. */
  maxConcurrency: number | undefined;
  /** Whether it shares its host thread with other actors (long sync methods then warn). */
  shared: boolean;
  /** Its registered name, if any (for warnings and the runtime context). */
  name?: string;
  /** The resources it holds for its lifetime, if any. */
  resources?: Record<string, number>;
  /** The placement group it lives in, if any. */
  pgId?: string;
  /** Set when this creation is a restart (its constructor ran before). */
  restarted?: boolean;
}

/**
 * A task's outcome. Returned through piscina when the task said nothing else while running and
 * its results hold no refs; otherwise posted on the side port (see `SideResult`) so that it is
 * ordered after the task's other messages.
 */
export interface TaskReply {
  returns?: Array<{ data: Uint8Array; nested?: string[]; segments?: string[] }>;
  /** The packed TaskError, and the class names of the user's error (for `retryExceptions`). */
  error?: { data: Uint8Array; classNames: string[] };
}

/** Work placed in a placement group: the group, its bundle (-1: any), and whether children follow. */
export interface PlacementTarget {
  pgId: string;
  bundleIndex: number;
  /** Tasks and actors this one creates without a scheduling strategy go into the group too. */
  captureChildTasks: boolean;
}

/** A placement group's creation, after validation. */
export interface SubmittedPlacementGroup {
  pgId: string;
  bundles: Array<Record<string, number>>;
  strategy: 'PACK' | 'SPREAD' | 'STRICT_PACK' | 'STRICT_SPREAD';
  name?: string;
  namespace: string;
  detached: boolean;
  /** The job that made it (cluster mode): a non-detached group ends with it. */
  job?: JobContext;
}

/** Options of a task submitted from inside a worker, after validation. */
export interface SubmittedTask {
  taskId: string;
  job?: JobContext;
  parentTaskId: string | null;
  fn: FunctionDescriptor;
  args?: Uint8Array;
  argRefs: Array<[number, string]>;
  nestedRefs?: string[];
  /** Shared-memory segments of large arrays in the arguments; freed when the task ends. */
  segments?: string[];
  numReturns: number;
  streaming: boolean;
  resources: Record<string, number>;
  maxRetries: number;
  retryExceptions: boolean | string[];
  /** For an actor method call: the actor and the method. */
  actorId?: string;
  method?: string;
  isolation?: 'process';
  /** SPREAD, or node affinity; absent for DEFAULT (cluster mode picks the node with it). */
  nodeStrategy?: NodeStrategy;
  /** Its placement group; null: another strategy was given, so a parent's group does not capture it. */
  placement?: PlacementTarget | null;
}

/** An actor creation, after validation. */
/** The part of a scheduling strategy that picks a node (cluster mode; one node embedded). */
export type NodeStrategy = 'SPREAD' | { nodeId: string; soft: boolean };

export interface SubmittedActor {
  actorId: string;
  job?: JobContext;
  fn: FunctionDescriptor;
  args?: Uint8Array;
  argRefs: Array<[number, string]>;
  nestedRefs?: string[];
  resources: Record<string, number>;
  /** Gets a thread (and its resources) of its own rather than sharing a host. */
  dedicated: boolean;
  /** 'process': its host is a process worker. */
  isolation?: 'process';
  name?: string;
  namespace: string;
  /** With a name: if a live actor has it, this actor id becomes another name for that one. */
  getIfExists?: boolean;
  detached: boolean;
  maxConcurrency?: number;
  maxRestarts: number;
  maxTaskRetries: number;
  /** As for tasks: its placement group, or null when another strategy was given. */
  placement?: PlacementTarget | null;
  /** The task that created it (a capturing placement group passes on to it). */
  parentTaskId?: string | null;
  /** SPREAD, or node affinity (cluster mode places the actor with it). */
  nodeStrategy?: NodeStrategy;
}

export type WorkerToRaylet =
  | { k: 'refs'; inc: string[]; dec: string[] }
  | { k: 'submit'; task: SubmittedTask }
  | { k: 'put'; id: string; data: Uint8Array; nested?: string[]; segments?: string[] }
  | { k: 'get'; req: number; taskId: string | null; ids: string[]; timeoutMs?: number }
  | { k: 'wait'; req: number; taskId: string | null; ids: string[]; numReturns: number; timeoutMs?: number }
  | { k: 'cancel'; id: string; force: boolean; recursive: boolean }
  | { k: 'yield'; taskId: string; attempt: number; index: number; data: Uint8Array; nested?: string[]; segments?: string[] }
  | { k: 'streamNext'; req: number; taskId: string; index: number; callerTaskId: string | null }
  | { k: 'result'; taskId: string; attempt: number; reply: TaskReply }
  | { k: 'resources'; req: number; which: 'available' | 'cluster' | 'nodes' | 'store' }
  | { k: 'createActor'; actor: SubmittedActor }
  | { k: 'getActor'; req: number; name: string; namespace: string }
  | { k: 'killActor'; actorId: string; noRestart: boolean }
  | { k: 'hostReady'; hostId: string }
  | { k: 'actorCreated'; actorId: string; error?: Uint8Array }
  | { k: 'actorExit'; actorId: string }
  | { k: 'createPg'; pg: SubmittedPlacementGroup }
  | { k: 'removePg'; pgId: string }
  | { k: 'waitPg'; req: number; taskId: string | null; pgId: string; timeoutMs?: number }
  | { k: 'getPg'; req: number; name: string; namespace: string }
  | { k: 'pgTable'; req: number };

export type RayletToWorker =
  | { k: 'reply'; req: number; value?: unknown; error?: Uint8Array }
  | { k: 'cancelTask'; taskId: string }
  | { k: 'createActor'; hostId: string; actor: CreateActor }
  | { k: 'actorCall'; task: ExecuteTask }
  | { k: 'killActor'; actorId: string }
  | { k: 'stopHost'; hostId: string };

import type { MessagePort } from 'node:worker_threads';

/** Values every worker thread is started with. */
export interface WorkerBootData {
  /** Session tag: the prefix of every id this session issues. */
  session: string;
  /** The driver's pid: names the session's shared-memory segments. */
  driverPid: number;
  nodeId: string;
  jobId: string;
  namespace: string;
  logToDriver: boolean;
  /** The session's object store: its arena's prefix and spill folder (absent without the addon). */
  store?: { prefix: string; spillDir: string };
  /**
   * `file:` URL prefixes of the folders whose modules workers may import besides job packages:
   * the embedded driver's project, or a cluster node's code search path (often none).
   */
  codeRoots: string[];
  /**
   * GPU ids a process worker holds for its life (its CUDA_VISIBLE_DEVICES): it only ever runs
   * work assigned exactly these devices. Absent in threads and in processes without GPUs.
   */
  gpuIds?: number[];
}

/** The first message a worker thread posts on piscina's parent port: its side port. */
export interface WorkerHello {
  tsrayHello: true;
  threadId: number;
  port: MessagePort;
}

/** Return ids of a task are `${taskId}.${index}`; streamed items are `${taskId}.g${index}`. */
export function returnId(taskId: string, index: number): string {
  return `${taskId}.${index}`;
}

export function streamItemId(taskId: string, index: number): string {
  return `${taskId}.g${index}`;
}

/** The id that stands for a streaming generator itself: while it is referenced, its items live. */
export function streamId(taskId: string): string {
  return `${taskId}.stream`;
}

/**
 * The id that stands for an actor's handles: counted like an object's refs (handles in threads,
 * in stored objects, calls pending), so an unnamed, non-detached actor ends when it reaches zero.
 */
export function actorHandleId(actorId: string): string {
  return `${actorId}.actor`;
}

/** The task that produces an object, from the object's id; null for `put` objects. */
export function producingTask(objectId: string): string | null {
  const dot = objectId.lastIndexOf('.');
  return dot < 0 ? null : objectId.slice(0, dot);
}
