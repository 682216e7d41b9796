import { runtimeState } from '../common/runtime-state.js';
import type { CoreWorker } from '../common/core-worker.js';
import { DriverCoreWorker } from '../core/driver-core-worker.js';
import { ConnectionError, InvalidArgumentError, RayError } from '../common/errors.js';
import { localHeadAddress } from '../cluster/node-folders.js';
import { checkKeys, validateResources } from './options.js';
import { acceleratorResource, nodeGpus } from '../raylet/gpu-detection.js';
import { probeGpus } from '../raylet/gpu-probe.js';

/**
 * Options of `ray.init()`.
 *
 * @example
 * ```ts
 * await ray.init({ numCpus: 4, resources: { TPU: 2 }, logToDriver: false });
 * ```
 */
export interface InitOptions {
  /** Join a running cluster at host:port, or 'auto'. Default: start an embedded one. */
  address?: string;
  /** CPUs of the embedded node (default: the machine's available parallelism). */
  numCpus?: number;
  /**
   * GPUs of the embedded node, a whole number. Default: those `nvidia-smi` finds, narrowed by
   * `CUDA_VISIBLE_DEVICES`. Past the detected devices it adds fake ones, so code that requests
   * GPUs runs (and tests) on machines without any.
   */
  numGpus?: number;
  /** Custom resources of the embedded node, e.g. `{ TPU: 4 }`. */
  resources?: Record<string, number>;
  /** Namespace for named actors (default: a fresh anonymous one). */
  namespace?: string;
  /**
   * Bytes of the node's shared-memory object store (default 30% of RAM, at most what /dev/shm
   * holds). Past 80% of it, least recently used objects are spilled to disk.
   */
  objectStoreMemory?: number;
  /** Folder the store spills objects to (default: the session's temp folder). */
  objectSpillingDirectory?: string;
  /** Print `console.log`/`console.error` of tasks on the driver's terminal (default true). */
  logToDriver?: boolean;
  /** Runtime environment of the job's workers (e.g. `{ workingDir }`); used in cluster mode. */
  runtimeEnv?: Record<string, unknown>;
  /** V8 heap cap of each worker thread in MiB (at least 32): a task past it kills only its thread (and is retried). */
  workerHeapLimitMb?: number;
}

const INIT_KEYS = ['address', 'numCpus', 'numGpus', 'resources', 'namespace', 'objectStoreMemory', 'objectSpillingDirectory', 'logToDriver', 'runtimeEnv', 'workerHeapLimitMb'] as const;

/** The core worker of this thread, or a clear error if tsray is not initialized. */
export function requireCoreWorker(): CoreWorker {
  const cw = runtimeState().coreWorker;
  if (!cw) throw new RayError('tsray is not initialized: call `await ray.init()` first (in the driver, before submitting tasks or putting objects).');
  return cw;
}

/** The smallest worker heap that boots a worker (measured: 8 MiB never starts one, 16 does). */
const MIN_WORKER_HEAP_MB = 32;

function validateInit(options: InitOptions): void {
  const where = 'ray.init() options';
  checkKeys(where, options, INIT_KEYS);
  for (const key of ['numCpus', 'numGpus', 'objectStoreMemory', 'workerHeapLimitMb'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new InvalidArgumentError(`Invalid ${where}: ${key} must be a number >= 0, got ${JSON.stringify(v)}.`);
    }
  }
  if (options.workerHeapLimitMb !== undefined && options.workerHeapLimitMb < MIN_WORKER_HEAP_MB) {
    throw new InvalidArgumentError(`Invalid ${where}: workerHeapLimitMb must be at least ${MIN_WORKER_HEAP_MB} (a worker's runtime needs that much heap to start), got ${options.workerHeapLimitMb}.`);
  }
  if (options.numGpus !== undefined && !Number.isInteger(options.numGpus)) {
    throw new InvalidArgumentError(`Invalid ${where}: numGpus must be a whole number of devices, got ${options.numGpus}.`);
  }
  validateResources(where, options.resources);
  for (const key of ['namespace', 'objectSpillingDirectory'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw new InvalidArgumentError(`Invalid ${where}: ${key} must be a non-empty string, got ${JSON.stringify(v)}.`);
    }
  }
}

/**
 * Starts tsray. With no address it starts an embedded cluster in this process: an in-memory GCS,
 * one node with the given resources, and a pool of worker threads.
 *
 * @example
 * ```ts
 * import * as ray from 'tsray';
 * if (!ray.isWorker()) await ray.init({ numCpus: 2 });
 * ```
 */
export async function init(options: InitOptions = {}): Promise<void> {
  const state = runtimeState();
  if (state.isWorker) {
    throw new RayError('ray.init() was called inside a tsray worker. Guard it with `if (!ray.isWorker())`, or keep remote functions in modules that do not call init().');
  }
  if (state.coreWorker) {
    throw new RayError('tsray is already initialized in this process: call `await ray.shutdown()` before calling ray.init() again.');
  }
  validateInit(options);
  const address = options.address ?? process.env.TSRAY_ADDRESS;
  if (address) {
    state.coreWorker = await joinCluster(address, options);
    return;
  }
  // Detection runs even with numGpus given: the devices it finds come first, with their model.
  const gpus = nodeGpus(await probeGpus(), options.numGpus);
  if (state.coreWorker) {
    throw new RayError('tsray is already initialized in this process: call `await ray.shutdown()` before calling ray.init() again.');
  }
  const resources = gpus.acceleratorType === undefined ? options.resources
    : { [acceleratorResource(gpus.acceleratorType)]: 1, ...options.resources };
  state.coreWorker = new DriverCoreWorker({ ...options, numGpus: gpus.ids.length, gpuIds: gpus.ids, resources });
}

/** Node options belong to `tsray start` when joining a cluster (Ray refuses them too). */
const NODE_OPTIONS = ['numCpus', 'numGpus', 'resources', 'objectStoreMemory', 'objectSpillingDirectory', 'workerHeapLimitMb'] as const;

async function joinCluster(address: string, options: InitOptions): Promise<CoreWorker> {
  const given = NODE_OPTIONS.filter((k) => options[k] !== undefined);
  if (given.length > 0) {
    throw new InvalidArgumentError(
      `Invalid ray.init() options: ${given.join(', ')} describe a node, and the nodes of the cluster at "${address}" exist already. ` +
      'Set them with `tsray start` (e.g. --num-cpus), or call ray.init() without an address for an embedded cluster.');
  }
  let resolved = address;
  if (address === 'auto') {
    const local = localHeadAddress();
    if (!local) {
      throw new ConnectionError('ray.init({ address: "auto" }) found no tsray cluster started on this machine. Start one with `tsray start --head`, or pass its address.');
    }
    resolved = local;
  } else if (!/^[^:\s]+:\d+$/.test(address)) {
    throw new InvalidArgumentError(`Invalid cluster address "${address}": expected HOST:PORT (e.g. 127.0.0.1:6380) or "auto".`);
  }
  const workingDir = options.runtimeEnv?.workingDir;
  if (workingDir !== undefined && typeof workingDir !== 'string') {
    throw new InvalidArgumentError(`Invalid ray.init() options: runtimeEnv.workingDir must be a folder path, got ${JSON.stringify(workingDir)}.`);
  }
  // Loaded only to join a cluster: gRPC and packaging cost an embedded session's start nothing.
  const { ClusterDriverCoreWorker } = await import('../core/cluster-driver-core-worker.js');
  const core = await ClusterDriverCoreWorker.connect(resolved, { namespace: options.namespace, workingDir });
  if (runtimeState().coreWorker) {
    await core.shutdown();
    throw new RayError('tsray is already initialized in this process: call `await ray.shutdown()` before calling ray.init() again.');
  }
  return core;
}

/** Whether `ray.init()` has run (and `shutdown` has not). */
export function isInitialized(): boolean {
  return runtimeState().coreWorker !== null && !runtimeState().isWorker;
}

/** True inside a tsray worker thread or process; use it to guard a module's `ray.init()`. */
export function isWorker(): boolean {
  return runtimeState().isWorker;
}

/** Stops everything `init` started: workers, the node and its objects. Safe to call twice. */
export async function shutdown(): Promise<void> {
  const state = runtimeState();
  if (state.isWorker) throw new RayError('ray.shutdown() cannot be called inside a tsray worker.');
  const cw = state.coreWorker;
  if (!cw) return;
  state.coreWorker = null;
  await cw.shutdown();
}
