import { runtimeState } from '../common/runtime-state.js';
import {
  PLACEMENT_GROUP_STRATEGIES, PlacementGroup, placementGroups, type Bundle, type PlacementGroupStrategy, type PlacementGroupTableEntry,
} from '../common/placement-group.js';
import { gpuAmountProblem } from '../raylet/gpu-assignment.js';
import { bundleFitProblem } from '../scheduler/bundle-placement.js';
import type { PlacementTarget } from '../common/protocol.js';
import { InvalidArgumentError, RayError } from '../common/errors.js';

/**
 * Options of `ray.placementGroup(bundles, options)`.
 *
 * @example
 * ```ts
 * ray.placementGroup([{ CPU: 1 }, { CPU: 1 }], { strategy: 'SPREAD', name: 'workers' });
 * ```
 */
export interface PlacementGroupOptions {
  /** How bundles are spread over nodes (default 'PACK', as in Ray). */
  strategy?: PlacementGroupStrategy;
  /** Register the group under this name (unique per namespace), for `ray.getPlacementGroup`. */
  name?: string;
  /** 'detached' keeps the group past its creator (in embedded mode: until shutdown). */
  lifetime?: 'detached' | 'non_detached';
}

const OPTION_KEYS = ['strategy', 'name', 'lifetime'];

function invalid(where: string, msg: string): never {
  throw new InvalidArgumentError(`Invalid ${where}: ${msg}`);
}

/** Checks a bundle list as Ray does: a non-empty list of non-empty resource maps. */
function validateBundles(where: string, bundles: unknown): Bundle[] {
  if (!Array.isArray(bundles) || bundles.length === 0) invalid(where, `bundles must be a non-empty array of resource maps like [{ CPU: 1 }, { CPU: 1, GPU: 1 }], got ${JSON.stringify(bundles)}.`);
  return bundles.map((b: unknown, i) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) invalid(where, `bundle ${i} must be a resource map like { CPU: 1 }, got ${JSON.stringify(b)}.`);
    const out: Bundle = {};
    for (const [name, amount] of Object.entries(b)) {
      if (name === '') invalid(where, `bundle ${i} has a resource with an empty name.`);
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) invalid(where, `bundle ${i}: ${name} must be a number >= 0, got ${JSON.stringify(amount)}.`);
      if (name === 'GPU') {
        const problem = gpuAmountProblem(amount);
        if (problem !== null) invalid(where, `bundle ${i}: ${problem.replace('numGpus', 'GPU')}.`);
      }
      if (amount > 0) out[name] = amount;
    }
    if (Object.keys(out).length === 0) invalid(where, `bundle ${i} is empty: a bundle must reserve some resource (Ray rejects empty bundles too), got ${JSON.stringify(b)}.`);
    return out;
  });
}

function validateOptions(where: string, options: unknown): asserts options is PlacementGroupOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) invalid(where, `expected an options object, got ${JSON.stringify(options)}.`);
  for (const k of Object.keys(options)) if (!OPTION_KEYS.includes(k)) invalid(where, `unknown option "${k}". Valid options: ${OPTION_KEYS.join(', ')}.`);
  const { strategy, name, lifetime } = options as PlacementGroupOptions;
  if (strategy !== undefined && !PLACEMENT_GROUP_STRATEGIES.includes(strategy)) {
    invalid(where, `strategy must be one of ${PLACEMENT_GROUP_STRATEGIES.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(strategy)}.`);
  }
  if (name !== undefined && (typeof name !== 'string' || name === '')) invalid(where, `name must be a non-empty string, got ${JSON.stringify(name)}.`);
  if (lifetime !== undefined && lifetime !== 'detached' && lifetime !== 'non_detached') {
    invalid(where, `lifetime must be 'detached' or 'non_detached', got ${JSON.stringify(lifetime)}.`);
  }
}

/**
 * Reserves bundles of resources as a group (Ray's placement group), atomically: all bundles or
 * none. Returns its handle at once; the group is placed when the resources are there (at once
 * when they are free), and stays pending until then, its reason in `ray.placementGroupTable()`.
 * Tasks and actors run in a bundle with `schedulingStrategy: { placementGroup, bundleIndex }`,
 * using the bundle's resources rather than the node's free ones.
 *
 * Strategies: 'PACK' (fewest nodes, best effort; the default), 'SPREAD' (distinct nodes, best
 * effort), 'STRICT_PACK' (one node), 'STRICT_SPREAD' (a different node per bundle).
 *
 * @example
 * ```ts
 * const pg = ray.placementGroup([{ CPU: 1 }, { CPU: 1, GPU: 1 }], { strategy: 'PACK', name: 'trainer' });
 * await pg.ready();
 * const ref = train.options({ numGpus: 1, schedulingStrategy: { placementGroup: pg, bundleIndex: 1 } }).remote();
 * ray.removePlacementGroup(pg);
 * ```
 */
export function placementGroup(bundles: Bundle[], options: PlacementGroupOptions = {}): PlacementGroup {
  const where = 'ray.placementGroup() arguments';
  const specs = validateBundles(where, bundles);
  validateOptions(where, options);
  const cw = runtimeState().coreWorker;
  if (!cw) throw new RayError('tsray is not initialized: call `await ray.init()` first (in the driver, before creating placement groups).');
  const strategy = options.strategy ?? 'PACK';
  const pgId = `PG${cw.newTaskId()}`;
  cw.placementGroups.create({
    pgId,
    bundles: specs,
    strategy,
    name: options.name,
    namespace: cw.context().namespace,
    detached: options.lifetime === 'detached',
  });
  return new PlacementGroup(pgId, specs, strategy);
}

/**
 * Removes a placement group: its bundles go back to their nodes, actors in it are killed (their
 * calls then fail with ActorDiedError), and its tasks end: queued and running ones fail with
 * TaskCancelledError (running ones have their worker terminated), later ones with
 * TaskUnschedulableError. Removing a group twice does nothing.
 *
 * @example
 * ```ts
 * ray.removePlacementGroup(pg);
 * ```
 */
export function removePlacementGroup(pg: PlacementGroup): void {
  if (!(pg instanceof PlacementGroup)) throw new InvalidArgumentError(`ray.removePlacementGroup: expected a PlacementGroup, got ${JSON.stringify(pg)}.`);
  placementGroups().remove(pg.id);
}

/**
 * The live placement group registered under `name` in a namespace (default: the job's).
 * Throws InvalidArgumentError when there is none.
 *
 * @example
 * ```ts
 * const pg = await ray.getPlacementGroup('trainer');
 * ```
 */
export async function getPlacementGroup(name: string, options: { namespace?: string } = {}): Promise<PlacementGroup> {
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError(`ray.getPlacementGroup: name must be a non-empty string, got ${JSON.stringify(name)}.`);
  const cw = runtimeState().coreWorker;
  if (!cw) throw new RayError('tsray is not initialized: call `await ray.init()` first.');
  const namespace = options.namespace ?? cw.context().namespace;
  const spec = await cw.placementGroups.lookup(name, namespace);
  if (!spec) throw new InvalidArgumentError(`ray.getPlacementGroup: no placement group named "${name}" in namespace "${namespace}".`);
  return new PlacementGroup(spec.pgId, spec.bundles, spec.strategy);
}

/**
 * The placement groups of the cluster by id (removed ones for a while too), or one group's
 * entry: state, bundles, the node of each bundle, and while pending the reason it does not fit.
 *
 * @example
 * ```ts
 * const { state, reason } = await ray.placementGroupTable(pg);   // 'PENDING', 'waiting for resources: ...'
 * ```
 */
export function placementGroupTable(): Promise<Record<string, PlacementGroupTableEntry>>;
export function placementGroupTable(pg: PlacementGroup): Promise<PlacementGroupTableEntry>;
export async function placementGroupTable(pg?: PlacementGroup): Promise<Record<string, PlacementGroupTableEntry> | PlacementGroupTableEntry> {
  if (pg !== undefined && !(pg instanceof PlacementGroup)) throw new InvalidArgumentError(`ray.placementGroupTable: expected a PlacementGroup or nothing, got ${JSON.stringify(pg)}.`);
  const entries = await placementGroups().table();
  if (pg === undefined) return Object.fromEntries(entries.map((e) => [e.placementGroupId, e]));
  const entry = entries.find((e) => e.placementGroupId === pg.id);
  if (!entry) throw new InvalidArgumentError(`ray.placementGroupTable: placement group ${pg.id} is not known to this cluster (removed long ago, or from another session).`);
  return entry;
}

/** `schedulingStrategy` that runs work in a placement group's bundle. */
export interface PlacementGroupSchedulingStrategy {
  placementGroup: PlacementGroup;
  /** The bundle to run in; -1 or absent: any bundle with room. */
  bundleIndex?: number;
  /** Tasks and actors this work creates without a scheduling strategy go into the group too. */
  captureChildTasks?: boolean;
}

const STRATEGY_KEYS = ['placementGroup', 'bundleIndex', 'captureChildTasks'];

/** Whether a scheduling strategy names a placement group (then it is validated as one). */
export function isPlacementGroupStrategy(s: unknown): s is PlacementGroupSchedulingStrategy {
  return typeof s === 'object' && s !== null && 'placementGroup' in s;
}

/** Checks a placement-group scheduling strategy's shape (not yet the resources: see `placementOf`). */
export function validatePlacementGroupStrategy(where: string, s: PlacementGroupSchedulingStrategy): void {
  for (const k of Object.keys(s)) if (!STRATEGY_KEYS.includes(k)) invalid(where, `unknown schedulingStrategy key "${k}". Valid keys: ${STRATEGY_KEYS.join(', ')}.`);
  if (!(s.placementGroup instanceof PlacementGroup)) invalid(where, `schedulingStrategy.placementGroup must be a PlacementGroup (from ray.placementGroup), got ${JSON.stringify(s.placementGroup)}.`);
  const i = s.bundleIndex;
  if (i !== undefined && (!Number.isInteger(i) || i < -1 || i >= s.placementGroup.bundleCount)) {
    invalid(where, `schedulingStrategy.bundleIndex must be -1 (any bundle) or an index below the group's ${s.placementGroup.bundleCount} bundles, got ${JSON.stringify(i)}.`);
  }
  if (s.captureChildTasks !== undefined && typeof s.captureChildTasks !== 'boolean') invalid(where, 'schedulingStrategy.captureChildTasks must be true or false.');
}

/**
 * Where work with these options and resources runs: its placement target when the strategy names
 * a group (throwing InvalidArgumentError when no bundle could ever hold the resources), null for
 * another explicit strategy (a capturing parent's group then does not apply), undefined for none.
 */
export function placementOf(strategy: unknown, resources: Bundle, what: string): PlacementTarget | null | undefined {
  if (strategy === undefined) return undefined;
  if (!isPlacementGroupStrategy(strategy)) return null;
  const pg = strategy.placementGroup;
  const bundleIndex = strategy.bundleIndex ?? -1;
  const problem = bundleFitProblem(pg.bundleSpecs, bundleIndex, resources);
  if (problem !== null) {
    const targets = bundleIndex >= 0 ? [pg.bundleSpecs[bundleIndex]!] : pg.bundleSpecs;
    const cpuHint = (resources.CPU ?? 0) > 0 && targets.every((b) => !((b.CPU ?? 0) > 0)) ? ' Tasks take 1 CPU by default: pass numCpus: 0 to run in a bundle without CPUs.' : '';
    throw new InvalidArgumentError(`${what} cannot run in placement group ${pg.id}: ${problem}.${cpuHint}`);
  }
  return { pgId: pg.id, bundleIndex, captureChildTasks: strategy.captureChildTasks === true };
}
