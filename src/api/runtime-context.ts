import { requireCoreWorker } from './session.js';
import { runtimeState } from '../common/runtime-state.js';
import type { NodeInfo, ObjectStoreStats } from '../common/core-worker.js';
import type { ResourceMap } from '../common/resources.js';

/**
 * Facts about where the calling code runs: job, node, task, actor, worker and namespace.
 *
 * @example
 * ```ts
 * const ctx = ray.getRuntimeContext();
 * console.log(ctx.nodeId, ctx.taskId, ctx.getGpuIds());
 * ```
 */
export interface RuntimeContext {
  readonly jobId: string;
  readonly nodeId: string;
  /** The running task's id; null in the driver. */
  readonly taskId: string | null;
  /** The actor's id inside an actor; null elsewhere. */
  readonly actorId: string | null;
  readonly workerId: string;
  readonly namespace: string;
  /**
   * GPU device ids assigned to the running task or actor: the ids its process's
   * `CUDA_VISIBLE_DEVICES` lists. Empty in the driver and in work that holds no GPUs.
   */
  getGpuIds(): number[];
  /** Whether the running task has been cancelled (non-force `ray.cancel`). */
  wasCurrentTaskCancelled(): boolean;
}

export function getRuntimeContext(): RuntimeContext {
  const cw = requireCoreWorker();
  const c = cw.context();
  return {
    jobId: c.jobId,
    nodeId: c.nodeId,
    taskId: c.taskId,
    actorId: c.actorId,
    workerId: c.workerId,
    namespace: c.namespace,
    getGpuIds: () => [...c.gpuIds],
    wasCurrentTaskCancelled: () => {
      const cur = (runtimeState().coreWorker as { current?: { taskId: string; cancelled: boolean } | null } | null)?.current;
      return !!cur && cur.taskId === c.taskId && cur.cancelled;
    },
  };
}

/** Resources of the whole cluster, by name. */
export function clusterResources(): Promise<ResourceMap> {
  return requireCoreWorker().clusterResources();
}

/** Resources not held by running tasks and actors right now, by name. */
export function availableResources(): Promise<ResourceMap> {
  return requireCoreWorker().availableResources();
}

/**
 * The node's shared-memory object store: capacity, bytes in use, and how many objects are
 * spilled to disk (Ray's `ray memory --stats-only`).
 *
 * @example
 * ```ts
 * const { used, capacity, spilled } = await ray.objectStoreStats();
 * ```
 */
export function objectStoreStats(): Promise<ObjectStoreStats> {
  return requireCoreWorker().objectStoreStats();
}

/** The cluster's nodes with their resources and liveness. */
export function nodes(): Promise<NodeInfo[]> {
  return requireCoreWorker().nodes();
}
