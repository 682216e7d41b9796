import { InvalidArgumentError } from '../common/errors.js';
import { gpuAmountProblem } from '../raylet/gpu-assignment.js';
import { isPlacementGroupStrategy, validatePlacementGroupStrategy, type PlacementGroupSchedulingStrategy } from './placement-group.js';

export type { PlacementGroupSchedulingStrategy } from './placement-group.js';

/**
 * How the scheduler picks a node for a task or actor: Ray's DEFAULT, SPREAD, node affinity, or a
 * placement group's bundle (`{ placementGroup: pg, bundleIndex: 0 }`).
 */
export type SchedulingStrategy = 'DEFAULT' | 'SPREAD' | { nodeId: string; soft?: boolean } | PlacementGroupSchedulingStrategy;

/** Checks a `schedulingStrategy` option. */
export function validateSchedulingStrategy(where: string, schedulingStrategy: unknown): void {
  if (isPlacementGroupStrategy(schedulingStrategy)) return validatePlacementGroupStrategy(where, schedulingStrategy);
  if (schedulingStrategy !== undefined && schedulingStrategy !== 'DEFAULT' && schedulingStrategy !== 'SPREAD' &&
      !(typeof schedulingStrategy === 'object' && schedulingStrategy !== null && typeof (schedulingStrategy as { nodeId?: unknown }).nodeId === 'string')) {
    bad(where, `schedulingStrategy must be 'DEFAULT', 'SPREAD', { nodeId, soft } or { placementGroup, bundleIndex, captureChildTasks }, got ${JSON.stringify(schedulingStrategy)}.`);
  }
}

/**
 * Options of a remote function, given to `ray.remote(fn, options)` or `.options(...)`.
 *
 * @example
 * ```ts
 * const f = ray.remote(train, { numCpus: 2, maxRetries: 0 });
 * f.options({ resources: { TPU: 1 } }).remote(batch);
 * ```
 */
export interface RemoteFunctionOptions {
  /** CPUs the task holds while it runs (default 1). */
  numCpus?: number;
  /**
   * GPUs the task holds while it runs (default 0): a whole number of devices, or a fraction
   * below 1 that shares one device with other fractions (1.5 is invalid). The task runs in a
   * process worker whose `CUDA_VISIBLE_DEVICES` lists its devices; see `getGpuIds()`.
   */
  numGpus?: number;
  /** Custom resources the task holds, e.g. `{ TPU: 1 }`. */
  resources?: Record<string, number>;
  /** Bytes of memory the task reserves on its node (scheduling only). */
  memory?: number;
  /** Retries when the worker dies (and on exceptions, per `retryExceptions`); -1 is unlimited. Default 3. */
  maxRetries?: number;
  /** Retry on exceptions too: `true`, or only for these error class names. Default false. */
  retryExceptions?: boolean | string[];
  /** How many ObjectRefs `.remote()` returns; the function returns an array of that length. */
  numReturns?: number;
  schedulingStrategy?: SchedulingStrategy;
  /** The key workers find the function by, and its name in logs and errors. */
  name?: string;
  /**
   * 'process' runs the task in a process worker (its own memory, crash and exit), not a thread.
   * A task holding GPUs always runs in a process.
   */
  isolation?: 'thread' | 'process';
}

const TASK_OPTION_KEYS = ['numCpus', 'numGpus', 'resources', 'memory', 'maxRetries', 'retryExceptions', 'numReturns', 'schedulingStrategy', 'name', 'isolation'] as const;

export function validateIsolation(where: string, isolation: unknown): void {
  if (isolation !== undefined && isolation !== 'thread' && isolation !== 'process') {
    throw new InvalidArgumentError(`Invalid ${where}: isolation must be 'thread' or 'process', got ${JSON.stringify(isolation)}.`);
  }
}

function bad(where: string, msg: string): never {
  throw new InvalidArgumentError(`Invalid ${where}: ${msg}`);
}

/** `numGpus` is a whole number of devices or a fraction of one (Ray rejects 1.5, as here). */
export function validateNumGpus(where: string, v: unknown): void {
  nonNegative(where, 'numGpus', v);
  const problem = v === undefined ? null : gpuAmountProblem(v as number);
  if (problem !== null) bad(where, `${problem}.`);
}

function nonNegative(where: string, key: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(where, `${key} must be a number >= 0, got ${JSON.stringify(v)}.`);
}

/** Rejects unknown keys (likely typos) with the list of valid ones. */
export function checkKeys(where: string, options: object, valid: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) bad(where, `expected an options object, got ${JSON.stringify(options)}.`);
  for (const k of Object.keys(options)) {
    if (!valid.includes(k)) bad(where, `unknown option "${k}". Valid options: ${valid.join(', ')}.`);
  }
}

/**
 * Checks a `resources` map. `demand`: the resources a task or actor asks for, where (as in Ray)
 * an amount above 1 must be a whole number; a node's own resources may be any amount.
 */
export function validateResources(where: string, resources: unknown, demand = false): void {
  if (resources === undefined) return;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) bad(where, `resources must be an object like { TPU: 1 }, got ${JSON.stringify(resources)}.`);
  for (const [k, v] of Object.entries(resources)) {
    if (k === 'CPU' || k === 'GPU') bad(where, `set ${k} with ${k === 'CPU' ? 'numCpus' : 'numGpus'}, not in resources.`);
    nonNegative(where, `resources.${k}`, v);
    if (demand) wholeAboveOne(where, `resources.${k}`, v as number);
  }
}

/** Ray's rule for requested amounts: a fraction of one unit, or whole units (1.5 CPUs is invalid). */
function wholeAboveOne(where: string, key: string, v: number | undefined): void {
  if (v !== undefined && v > 1 && !Number.isInteger(v)) bad(where, `${key} above 1 must be a whole number (a fraction is allowed only below 1), got ${v}.`);
}

/** `numCpus` of a task or actor: a number >= 0, whole above 1. */
export function validateNumCpus(where: string, v: unknown): void {
  nonNegative(where, 'numCpus', v);
  wholeAboveOne(where, 'numCpus', v as number | undefined);
}

export function validateTaskOptions(options: RemoteFunctionOptions, where = 'remote function options'): void {
  checkKeys(where, options, TASK_OPTION_KEYS);
  validateNumCpus(where, options.numCpus);
  validateNumGpus(where, options.numGpus);
  nonNegative(where, 'memory', options.memory);
  validateResources(where, options.resources, true);
  const { maxRetries, retryExceptions, numReturns, schedulingStrategy, name } = options;
  if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < -1)) bad(where, `maxRetries must be an integer >= -1 (-1 retries forever), got ${JSON.stringify(maxRetries)}.`);
  if (retryExceptions !== undefined && typeof retryExceptions !== 'boolean' &&
      !(Array.isArray(retryExceptions) && retryExceptions.every((n) => typeof n === 'string'))) {
    bad(where, `retryExceptions must be true, false, or a list of error class names, got ${JSON.stringify(retryExceptions)}.`);
  }
  if (numReturns !== undefined && (!Number.isInteger(numReturns) || numReturns < 1)) bad(where, `numReturns must be an integer >= 1, got ${JSON.stringify(numReturns)}.`);
  validateSchedulingStrategy(where, schedulingStrategy);
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) bad(where, `name must be a non-empty string, got ${JSON.stringify(name)}.`);
  validateIsolation(where, options.isolation);
}

/** The resources a task holds while it runs, by Ray's names. */
export function taskResources(options: RemoteFunctionOptions): Record<string, number> {
  const out: Record<string, number> = { CPU: options.numCpus ?? 1 };
  if (options.numGpus) out.GPU = options.numGpus;
  if (options.memory) out.memory = options.memory;
  if (options.resources) Object.assign(out, options.resources);
  return out;
}
