import { requireCoreWorker } from './session.js';
import { runtimeState } from '../common/runtime-state.js';
import { ActorHandle } from '../common/actor-handle.js';
import { InvalidArgumentError } from '../common/errors.js';
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
  /** The placement group the running task or actor is in; null outside one (and in the driver). */
  getPlacementGroupId(): string | null;
  /** Inside an actor: its name, '' when it has none; null elsewhere (Ray's `get_actor_name`). */
  getActorName(): string | null;
  /**
   * The resources the running task holds (an actor's: what it holds for its lifetime, `{}` for a
   * light actor), e.g. `{ CPU: 1 }`; `{}` in the driver.
   */
  getAssignedResources(): Record<string, number>;
  /** Inside an actor: a handle to itself. Throws InvalidArgumentError elsewhere. */
  readonly currentActor: ActorHandle<unknown>;
  /** Inside an actor: whether it was restarted (its constructor ran again after a crash). */
  readonly wasCurrentActorReconstructed: boolean;
}

export function getRuntimeContext(): RuntimeContext {
  const cw = requireCoreWorker();
  const c = cw.context();
  const work = c.work;
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
    getPlacementGroupId: () => work?.placementGroupId ?? null,
    getActorName: () => (c.actorId !== null ? work?.actor?.name ?? '' : null),
    getAssignedResources: () => ({ ...(work?.resources ?? {}) }),
    get currentActor(): ActorHandle<unknown> {
      const fn = work?.actor?.fn;
      if (c.actorId === null || !fn) throw new InvalidArgumentError('getRuntimeContext().currentActor is only available inside an actor method.');
      return new ActorHandle(c.actorId, fn);
    },
    wasCurrentActorReconstructed: work?.actor?.restarted ?? false,
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
