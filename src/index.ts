/**
 * tsray: Ray's core (remote functions, objects, and soon actors) for TypeScript.
 *
 * @example
 * ```ts
 * import * as ray from 'tsray';
 * export const square = ray.remote((x: number) => x * x);
 * if (!ray.isWorker()) {
 *   await ray.init();
 *   console.log(await ray.get(square.remote(3))); // 9
 *   await ray.shutdown();
 * }
 * ```
 */
export { init, shutdown, isInitialized, isWorker, type InitOptions } from './api/session.js';
export { remote, RemoteFunction, type RemoteArg, type RemoteArgs, type RemoteResult } from './api/remote-function.js';
export { get, put, wait, cancel, type GetOptions, type WaitOptions, type CancelOptions, type RefValue } from './api/objects.js';
export { ObjectRef } from './common/object-ref.js';
export { actor, getActor, kill, exitActor, ActorClass, type ActorOptions, type Actor, type ActorMethods, type TypedActorMethod } from './api/actor.js';
export { ActorHandle, ActorMethod, type ActorMethodOptions } from './common/actor-handle.js';
export { ObjectRefGenerator } from './api/object-ref-generator.js';
export { getRuntimeContext, clusterResources, availableResources, nodes, objectStoreStats, type RuntimeContext } from './api/runtime-context.js';
export type { RemoteFunctionOptions, SchedulingStrategy } from './api/options.js';
export {
  placementGroup, removePlacementGroup, getPlacementGroup, placementGroupTable,
  type PlacementGroupOptions, type PlacementGroupSchedulingStrategy,
} from './api/placement-group.js';
export {
  PlacementGroup, type PlacementGroupStrategy, type PlacementGroupState, type PlacementGroupTableEntry, type Bundle,
} from './common/placement-group.js';
export type { NodeInfo, ObjectStoreStats } from './common/core-worker.js';
export type { ResourceMap } from './common/resources.js';
export {
  RayError, TaskError, ActorDiedError, ActorUnavailableError, ObjectLostError, OwnerDiedError,
  GetTimeoutError, TaskCancelledError, NodeDiedError, OutOfMemoryError, RuntimeEnvSetupError,
  WorkerCrashedError, TaskUnschedulableError, SerializationError, FunctionNotFoundError,
  ModuleNotAllowedError, InvalidArgumentError, ObjectStoreError, ObjectStoreFullError, VersionMismatchError, ConnectionError, AuthenticationError,
} from './common/errors.js';
