import { ActorHandle, setActorCallSubmitter, type ActorMethodOptions } from '../common/actor-handle.js';
import { ObjectRef } from '../common/object-ref.js';
import { ObjectRefGenerator } from './object-ref-generator.js';
import { registerRemote } from '../core/function-registry.js';
import { checkKeys, validateIsolation, validateNumCpus, validateNumGpus, validateResources, validateSchedulingStrategy, type SchedulingStrategy } from './options.js';
import { placementOf } from './placement-group.js';
import { requireCoreWorker } from './session.js';
import { InvalidArgumentError } from '../common/errors.js';
import { nodeStrategyOf, type RemoteArgs, type RemoteResult } from './remote-function.js';
import { runtimeState } from '../common/runtime-state.js';
import { assertSerializable, packChecked } from '../serialization/serializer.js';
import { returnId, type SubmittedActor, type SubmittedTask } from '../common/protocol.js';

/**
 * Options of an actor class, given to `ray.actor(Class, options)` or `.options(...)`.
 *
 * @example
 * ```ts
 * const c = Counter.options({ name: 'c1', namespace: 'ns', maxConcurrency: 8 }).remote();
 * ```
 */
export interface ActorOptions {
  /** Register the actor under this name (unique per namespace), for `ray.getActor`. */
  name?: string;
  /** Namespace of the name (default: the job's). */
  namespace?: string;
  /** With `name`: return the live actor of that name if there is one, instead of an error. */
  getIfExists?: boolean;
  /** 'detached' keeps the actor past its creator (in embedded mode: until shutdown). */
  lifetime?: 'detached' | 'non_detached';
  /** Times the actor is started again after its worker crashes or its node dies (default 0; -1: forever). */
  maxRestarts?: number;
  /** Times a call in flight when the actor crashed is sent again to the restarted actor (default 0). */
  maxTaskRetries?: number;
  /** Calls that may run at once (default 1, or 1000 when the class has async methods). */
  maxConcurrency?: number;
  /** CPUs held for the actor's lifetime. 0 (the default) puts it on a shared host thread. */
  numCpus?: number;
  /**
   * GPUs held for the actor's lifetime: a whole number, or a fraction below 1 sharing a device.
   * The actor lives in a process worker whose `CUDA_VISIBLE_DEVICES` lists its devices.
   */
  numGpus?: number;
  resources?: Record<string, number>;
  memory?: number;
  /** 'process' hosts the actor in a process worker of its own (its own memory, crash and exit). */
  isolation?: 'thread' | 'process';
  /**
   * Where the actor runs; `{ placementGroup: pg, bundleIndex }` holds its resources from that
   * bundle (it gets a thread of its own) and ends when the group is removed.
   */
  schedulingStrategy?: SchedulingStrategy;
}

const ACTOR_OPTION_KEYS = ['name', 'namespace', 'getIfExists', 'lifetime', 'maxRestarts', 'maxTaskRetries', 'maxConcurrency', 'numCpus', 'numGpus', 'resources', 'memory', 'isolation', 'schedulingStrategy'] as const;

type AnyFn = (...args: any[]) => any;
type MethodNames<T> = { [K in keyof T]: T[K] extends AnyFn ? K : never }[keyof T] & string;

/** A method through a handle: `.remote(...args)` returns the ref(s) of its result. */
export interface TypedActorMethod<A extends unknown[], R> {
  remote(...args: RemoteArgs<A>): RemoteResult<R, 1>;
  options(options: ActorMethodOptions): { remote(...args: RemoteArgs<A>): unknown };
}

/** The methods of an actor of class instance type T, as seen through a handle. */
export type ActorMethods<T> = {
  readonly [K in MethodNames<T>]: T[K] extends (...args: infer A) => infer R ? TypedActorMethod<A, R> : never;
};

/** A typed handle to an actor whose instances are T: `ActorHandle<T>` plus its methods. */
export type Actor<T> = ActorHandle<T> & ActorMethods<T>;

function validateActorOptions(options: ActorOptions, where: string): void {
  checkKeys(where, options, ACTOR_OPTION_KEYS);
  for (const key of ['numCpus', 'numGpus', 'memory'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new InvalidArgumentError(`Invalid ${where}: ${key} must be a number >= 0, got ${JSON.stringify(v)}.`);
  }
  validateNumCpus(where, options.numCpus);
  validateNumGpus(where, options.numGpus);
  validateResources(where, options.resources, true);
  validateIsolation(where, options.isolation);
  validateSchedulingStrategy(where, options.schedulingStrategy);
  for (const key of ['maxRestarts', 'maxTaskRetries'] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < -1)) throw new InvalidArgumentError(`Invalid ${where}: ${key} must be an integer >= -1, got ${JSON.stringify(v)}.`);
  }
  if (options.maxConcurrency !== undefined && (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1)) {
    throw new InvalidArgumentError(`Invalid ${where}: maxConcurrency must be an integer >= 1, got ${JSON.stringify(options.maxConcurrency)}.`);
  }
  if (options.getIfExists !== undefined && typeof options.getIfExists !== 'boolean') {
    throw new InvalidArgumentError(`Invalid ${where}: getIfExists must be true or false.`);
  }
  if (options.lifetime !== undefined && options.lifetime !== 'detached' && options.lifetime !== 'non_detached') {
    throw new InvalidArgumentError(`Invalid ${where}: lifetime must be 'detached' or 'non_detached', got ${JSON.stringify(options.lifetime)}.`);
  }
  for (const key of ['name', 'namespace'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) throw new InvalidArgumentError(`Invalid ${where}: ${key} must be a non-empty string.`);
  }
}

/** `getIfExists` finds an actor by its name: without one it means nothing (Ray rejects it too). */
function requireNameForGetIfExists(options: ActorOptions, where: string): void {
  if (options.getIfExists && options.name === undefined) {
    throw new InvalidArgumentError(`Invalid ${where}: getIfExists needs a name (it returns the live actor of that name); pass { name, getIfExists: true }.`);
  }
}

/** Packs call or constructor arguments: top-level refs become dependencies (see remote-function). */
function packArgs(args: unknown[], what: string): { data?: Uint8Array; nested?: string[]; segments?: string[]; argRefs: Array<[number, string]> } {
  if (args.length === 0) return { argRefs: [] };
  const argRefs: Array<[number, string]> = [];
  const values = args.slice();
  let cyclic = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof ObjectRef) {
      argRefs.push([i, a.id]);
      values[i] = null;
    } else {
      if (assertSerializable(a, `argument ${i} of ${what}`)) cyclic = true;
    }
  }
  const { data, nested, segments } = packChecked(values, `the arguments of ${what}`, cyclic);
  return { data, nested, segments, argRefs };
}

/**
 * A class whose instances live on workers. Made by `ray.actor(Class)`; `.remote(...args)`
 * creates one and returns its handle at once.
 */
export class ActorClass<C extends new (...args: any[]) => any> {
  /** @internal */
  constructor(
    readonly cls: C,
    readonly descriptor: SubmittedActor['fn'],
    private readonly opts: ActorOptions,
  ) {}

  remote(...args: RemoteArgs<ConstructorParameters<C>>): Actor<InstanceType<C>> {
    const cw = requireCoreWorker();
    const o = this.opts;
    const actorId = `A${cw.newTaskId()}`;
    const { data, nested, argRefs } = packArgs(args, `${this.descriptor.name}'s constructor`);
    const resources: Record<string, number> = {};
    if (o.numCpus) resources.CPU = o.numCpus;
    if (o.numGpus) resources.GPU = o.numGpus;
    if (o.memory) resources.memory = o.memory;
    if (o.resources) Object.assign(resources, o.resources);
    const placement = placementOf(o.schedulingStrategy, resources, `Actor ${this.descriptor.name}`);
    // The handle exists (and counts) before the actor does, so it is never unreferenced.
    const handle = new ActorHandle(actorId, this.descriptor) as Actor<InstanceType<C>>;
    cw.createActor({
      actorId,
      fn: this.descriptor,
      args: data,
      argRefs,
      nestedRefs: nested,
      resources,
      // An actor in a placement group holds its bundle's resources on a host of its own.
      dedicated: Object.keys(resources).length > 0 || o.isolation === 'process' || !!placement,
      isolation: o.isolation === 'process' ? 'process' : undefined,
      name: o.name,
      namespace: o.namespace ?? cw.context().namespace,
      getIfExists: o.getIfExists,
      detached: o.lifetime === 'detached',
      nodeStrategy: nodeStrategyOf(o.schedulingStrategy),
      maxConcurrency: o.maxConcurrency,
      maxRestarts: o.maxRestarts ?? 0,
      maxTaskRetries: o.maxTaskRetries ?? 0,
      ...(placement !== undefined && { placement }),
      parentTaskId: cw.currentTaskId(),
    });
    return handle;
  }

  options(options: ActorOptions): ActorClass<C> {
    const where = `options of actor ${this.descriptor.name}`;
    validateActorOptions(options, where);
    const merged = { ...this.opts, ...options };
    requireNameForGetIfExists(merged, where);
    return new ActorClass(this.cls, this.descriptor, merged);
  }
}

/**
 * Makes a class an actor class: `.remote(...ctorArgs)` constructs an instance on a worker, and
 * its methods run there, in order, on its state. Define actor classes at a module's top level.
 *
 * @example
 * ```ts
 * export const Counter = ray.actor(class Counter { n = 0; inc(by = 1) { return this.n += by; } });
 * const c = Counter.remote();
 * await ray.get(c.inc.remote(5)); // 5
 * ```
 */
export function actor<C extends new (...args: any[]) => any>(cls: C, options: ActorOptions = {}): ActorClass<C> {
  if (typeof cls !== 'function' || !cls.prototype) throw new InvalidArgumentError('ray.actor: expected a class.');
  const where = `options of ray.actor(${cls.name || 'anonymous'})`;
  validateActorOptions(options, where);
  requireNameForGetIfExists(options, where);
  const descriptor = registerRemote(cls, undefined, 'actor class');
  return new ActorClass(cls, descriptor, options);
}

/**
 * Whether a method of the handle's class is a generator (its calls stream). Where this thread
 * knows the class, a name it has no method of fails here, at the call (as in Ray).
 */
function isStreamingMethod(handle: ActorHandle<unknown>, method: string): boolean {
  const { moduleUrl, key } = handle.descriptor;
  const cls = (runtimeState().functions.get(`${moduleUrl}#${key}`) as { target?: { prototype?: Record<string, unknown> } } | undefined)?.target;
  const fn = cls?.prototype?.[method];
  if (cls?.prototype && (typeof fn !== 'function' || method === 'constructor')) {
    throw new InvalidArgumentError(`Actor ${handle.descriptor.name} has no method "${method}".`);
  }
  const tag = typeof fn === 'function' ? Object.prototype.toString.call(fn) : '';
  return tag === '[object AsyncGeneratorFunction]' || tag === '[object GeneratorFunction]';
}

setActorCallSubmitter((handle, method, args, options) => {
  const cw = requireCoreWorker();
  const streaming = isStreamingMethod(handle, method);
  const taskId = cw.newTaskId();
  const what = `${handle.descriptor.name}.${method}()`;
  const { data, nested, segments, argRefs } = packArgs(args, what);
  const numReturns = options.numReturns ?? 1;
  const spec: SubmittedTask = {
    taskId,
    parentTaskId: cw.currentTaskId(),
    fn: handle.descriptor,
    args: data,
    argRefs,
    nestedRefs: nested,
    segments,
    numReturns,
    streaming,
    resources: NO_RESOURCES,
    maxRetries: 0,
    retryExceptions: false,
    actorId: handle.actorId,
    method,
  };
  let result: unknown;
  if (streaming) result = new ObjectRefGenerator(taskId);
  else if (numReturns === 1) result = new ObjectRef(returnId(taskId, 0));
  else result = Array.from({ length: numReturns }, (_, i) => new ObjectRef(returnId(taskId, i)));
  cw.submit(spec);
  return result;
});

/** Actor calls hold no resources: the actor holds them for its lifetime. */
const NO_RESOURCES: Record<string, number> = {};

/**
 * The live actor registered under a name.
 *
 * @example
 * ```ts
 * const c = await ray.getActor<Counter>('c1', { namespace: 'ns' });
 * ```
 */
export async function getActor<T = any>(name: string, options: { namespace?: string } = {}): Promise<Actor<T>> {
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('ray.getActor: name must be a non-empty string.');
  const cw = requireCoreWorker();
  const namespace = options.namespace ?? cw.context().namespace;
  const found = await cw.getActor(name, namespace);
  if (!found) throw new InvalidArgumentError(`ray.getActor: no live actor named "${name}" in namespace "${namespace}".`);
  return new ActorHandle(found.actorId, found.fn) as Actor<T>;
}

/**
 * Kills an actor: calls in flight and queued fail with ActorDiedError, and its resources return.
 *
 * @example
 * ```ts
 * await ray.kill(handle);
 * ```
 */
export async function kill(handle: ActorHandle<unknown>, options: { noRestart?: boolean } = {}): Promise<void> {
  if (!(handle instanceof ActorHandle)) throw new InvalidArgumentError('ray.kill: expected an actor handle.');
  requireCoreWorker().killActor(handle.actorId, options.noRestart ?? true);
}

/** Ends the calling actor gracefully after its current call: later calls fail with ActorDiedError. */
export function exitActor(): void {
  const exit = runtimeState().exitActor;
  if (!exit) throw new InvalidArgumentError('ray.exitActor() can only be called inside an actor method.');
  exit();
}
