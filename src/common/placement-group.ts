import { InvalidArgumentError, RayError } from './errors.js';
import type { SubmittedPlacementGroup } from './protocol.js';
import type { ResourceMap } from './resources.js';
import { runtimeState } from './runtime-state.js';

/**
 * Placement groups as every layer names them: the handle users hold (a class, so `instanceof`
 * works in any thread or process), its table row, and how a thread's core worker reaches them.
 */

/** Ray's four placement strategies. */
export type PlacementGroupStrategy = 'PACK' | 'SPREAD' | 'STRICT_PACK' | 'STRICT_SPREAD';

export const PLACEMENT_GROUP_STRATEGIES: readonly PlacementGroupStrategy[] = ['PACK', 'SPREAD', 'STRICT_PACK', 'STRICT_SPREAD'];

/** A bundle: resources reserved together on one node, by Ray's names (`{ CPU: 1, GPU: 1 }`). */
export type Bundle = Record<string, number>;

/** A placement group's state: waiting for resources, reserved, or gone. */
export type PlacementGroupState = 'PENDING' | 'CREATED' | 'REMOVED';

/** One row of `ray.placementGroupTable()`. */
export interface PlacementGroupTableEntry {
  placementGroupId: string;
  /** Its name, if it was given one. */
  name: string | undefined;
  namespace: string;
  strategy: PlacementGroupStrategy;
  state: PlacementGroupState;
  /** The bundles as requested, by index. */
  bundles: ResourceMap[];
  /** The node holding each bundle (null while the group is pending). */
  bundlesToNodeId: Array<string | null>;
  lifetime: 'detached' | 'non_detached';
  /** PENDING: why it does not fit yet. REMOVED: why, when it was not removed by the user. */
  reason?: string;
}

/** What waiting on a group ended with: placed, gone (and why), or still pending at the timeout. */
export type PlacementGroupWaitResult =
  | { state: 'CREATED' }
  | { state: 'REMOVED'; reason: string }
  | { state: 'PENDING' };

/**
 * Placement groups as one thread's core worker reaches them: in the driver of an embedded
 * cluster, the manager itself; in a worker, messages to it.
 */
export interface PlacementGroupClient {
  /** Registers a group and places it if it fits. A taken name throws (in the driver). */
  create(spec: SubmittedPlacementGroup): void;
  remove(pgId: string): void;
  /** Resolves once the group is placed or removed, or after `timeoutMs` (never, if undefined). */
  wait(pgId: string, timeoutMs: number | undefined): Promise<PlacementGroupWaitResult>;
  /** The live group registered under a name in a namespace, or null. */
  lookup(name: string, namespace: string): Promise<SubmittedPlacementGroup | null>;
  table(): Promise<PlacementGroupTableEntry[]>;
}

const BRAND = Symbol.for('tsray.PlacementGroup');

/** @internal The thread's placement groups, through its core worker. */
export function placementGroups(): PlacementGroupClient {
  const cw = runtimeState().coreWorker;
  if (!cw) throw new RayError('tsray is not initialized: call `await ray.init()` first (in the driver, before creating placement groups).');
  return cw.placementGroups;
}

/**
 * A handle to a placement group: a set of bundles of resources reserved atomically across the
 * cluster's nodes. Made by `ray.placementGroup(...)` or `ray.getPlacementGroup(name)`; it can be
 * passed to tasks and actors, which may schedule work into it too.
 *
 * @example
 * ```ts
 * const pg = ray.placementGroup([{ CPU: 1, GPU: 1 }]);
 * await pg.ready();
 * train.options({ numGpus: 1, schedulingStrategy: { placementGroup: pg, bundleIndex: 0 } }).remote();
 * ```
 */
export class PlacementGroup {
  readonly id: string;
  /** The bundles as requested, by index. */
  readonly bundleSpecs: ReadonlyArray<Readonly<Bundle>>;
  readonly strategy: PlacementGroupStrategy;

  /** @internal Made by `ray.placementGroup`, `ray.getPlacementGroup` or deserialization. */
  constructor(id: string, bundleSpecs: ReadonlyArray<Readonly<Bundle>>, strategy: PlacementGroupStrategy) {
    this.id = id;
    this.bundleSpecs = bundleSpecs;
    this.strategy = strategy;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }

  get bundleCount(): number {
    return this.bundleSpecs.length;
  }

  /**
   * Resolves once every bundle is reserved. Rejects if the group is removed first. Inside a task,
   * waiting lends the task's CPU out, as `ray.get` does.
   *
   * @example
   * ```ts
   * await pg.ready();
   * ```
   */
  async ready(): Promise<void> {
    const r = await placementGroups().wait(this.id, undefined);
    if (r.state === 'REMOVED') throw new RayError(`Placement group ${this.id} will never be ready: ${r.reason}.`);
  }

  /**
   * Whether the group is placed within `timeoutMs` (default 30 s, as Ray's): true once it is,
   * false at the timeout or if it was removed.
   *
   * @example
   * ```ts
   * if (!(await pg.wait(1000))) console.log(await ray.placementGroupTable(pg));
   * ```
   */
  async wait(timeoutMs = 30_000): Promise<boolean> {
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new InvalidArgumentError(`pg.wait: timeoutMs must be a number >= 0, got ${JSON.stringify(timeoutMs)}.`);
    return (await placementGroups().wait(this.id, timeoutMs)).state === 'CREATED';
  }

  toString(): string {
    return `PlacementGroup(${this.id}, ${this.strategy}, ${this.bundleSpecs.length} bundles)`;
  }

  toJSON(): { placementGroupId: string; strategy: PlacementGroupStrategy; bundles: ReadonlyArray<Readonly<Bundle>> } {
    return { placementGroupId: this.id, strategy: this.strategy, bundles: this.bundleSpecs };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
