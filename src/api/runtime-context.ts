import { requireCoreWorker } from './session.js';
import { runtimeState } from '../core/runtime-state.js';
import type { NodeInfo } from '../core/core-worker.js';
import type { ResourceMap } from '../raylet/resources.js';

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
  /** GPU ids assigned to this task or actor (empty when it holds none). */
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

/** The cluster's nodes with their resources and liveness. */
export function nodes(): Promise<NodeInfo[]> {
  return requireCoreWorker().nodes();
}
