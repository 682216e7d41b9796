import { ObjectRef } from '../common/object-ref.js';
import { ObjectRefGenerator } from './object-ref-generator.js';
import { registerRemote } from '../core/function-registry.js';
import { taskResources, validateTaskOptions, type RemoteFunctionOptions } from './options.js';
import { requireCoreWorker } from './session.js';
import { placementOf } from './placement-group.js';
import { InvalidArgumentError } from '../common/errors.js';
import { assertSerializable, packChecked } from '../serialization/serializer.js';
import { returnId, type FunctionDescriptor, type PlacementTarget, type SubmittedTask } from '../common/protocol.js';

/** An argument of a remote call: the value, or a ref to it (resolved before the task runs). */
export type RemoteArg<T> = T | ObjectRef<T>;
export type RemoteArgs<A extends unknown[]> = { [K in keyof A]: RemoteArg<A[K]> };

/** One ref per element of a tuple type (a homomorphic mapped type keeps tuples tuples). */
export type RefsOf<T> = { [K in keyof T]: ObjectRef<T[K]> };

/** What `.remote()` returns for a function returning R with N return values. */
export type RemoteResult<R, N extends number> =
  R extends AsyncGenerator<infer Y, any, any> | Generator<infer Y, any, any> ? ObjectRefGenerator<Y>
  : N extends 1 ? ObjectRef<Awaited<R>>
  : Awaited<R> extends readonly unknown[] ? RefsOf<Awaited<R>>
  : ObjectRef<unknown>[];

const EMPTY_REFS: Array<[number, string]> = [];

function isGeneratorFunction(fn: Function): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === '[object AsyncGeneratorFunction]' || tag === '[object GeneratorFunction]';
}

/**
 * A function that runs as a task on the cluster. Made by `ray.remote(fn)`; call `.remote(...args)`.
 *
 * @example
 * ```ts
 * const square = ray.remote((x: number) => x * x);
 * const ref = square.remote(3);            // ObjectRef<number>, at once
 * await ray.get(ref);                       // 9
 * await ray.get(square.options({ numCpus: 2 }).remote(4));
 * ```
 */
export class RemoteFunction<A extends unknown[], R, N extends number = 1> {
  private readonly streaming: boolean;
  private readonly resources: Record<string, number>;
  private readonly placement: PlacementTarget | null | undefined;

  /** @internal */
  constructor(
    readonly fn: (...args: A) => R,
    readonly descriptor: FunctionDescriptor,
    private readonly opts: RemoteFunctionOptions,
  ) {
    this.streaming = isGeneratorFunction(fn);
    this.resources = taskResources(opts);
    // Checked here, where the options are given: work that no bundle could hold is an error now.
    this.placement = placementOf(opts.schedulingStrategy, this.resources, `Task ${descriptor.name}`);
  }

  /** Submits the task and returns its result ref(s) at once. */
  remote(...args: RemoteArgs<A>): RemoteResult<R, N> {
    const cw = requireCoreWorker();
    const taskId = cw.newTaskId();
    const name = this.descriptor.name;
    let argRefs = EMPTY_REFS;
    let data: Uint8Array | undefined;
    let nested: string[] | undefined;
    let segments: string[] | undefined;
    if (args.length > 0) {
      let values: unknown[] = args;
      let cyclic = false;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a instanceof ObjectRef) {
          if (argRefs === EMPTY_REFS) {
            argRefs = [];
            values = args.slice();
          }
          argRefs.push([i, a.id]);
          values[i] = null;
        } else if (typeof a === 'object' && a !== null || typeof a === 'function' || typeof a === 'symbol') {
          if (assertSerializable(a, `argument ${i} of ${name}()`)) cyclic = true;
        }
      }
      ({ data, nested, segments } = packChecked(values, `the arguments of ${name}()`, cyclic));
    }
    const numReturns = this.opts.numReturns ?? 1;
    const spec: SubmittedTask = {
      taskId,
      parentTaskId: cw.currentTaskId(),
      fn: this.descriptor,
      args: data,
      argRefs,
      nestedRefs: nested,
      segments,
      numReturns,
      streaming: this.streaming,
      resources: this.resources,
      maxRetries: this.opts.maxRetries ?? 3,
      retryExceptions: this.opts.retryExceptions ?? false,
      isolation: this.opts.isolation === 'process' ? 'process' : undefined,
      nodeStrategy: nodeStrategyOf(this.opts.schedulingStrategy),
    };
    if (this.placement !== undefined) spec.placement = this.placement;
    // Refs exist (and count) before the submission, so results are never unreferenced.
    let result: unknown;
    if (this.streaming) result = new ObjectRefGenerator(taskId);
    else if (numReturns === 1) result = new ObjectRef(returnId(taskId, 0));
    else {
      const refs = new Array<ObjectRef<unknown>>(numReturns);
      for (let i = 0; i < numReturns; i++) refs[i] = new ObjectRef(returnId(taskId, i));
      result = refs;
    }
    cw.submit(spec);
    return result as RemoteResult<R, N>;
  }

  /** A copy of this remote function with options overridden for its calls. */
  options<const O extends RemoteFunctionOptions>(options: O): RemoteFunction<A, R, O extends { numReturns: infer M extends number } ? M : N> {
    validateTaskOptions(options, `options of ${this.descriptor.name}`);
    if (options.name !== undefined && options.name !== this.descriptor.name) {
      throw new InvalidArgumentError(`options of ${this.descriptor.name}: name cannot be changed by .options(); pass it to ray.remote(fn, { name }).`);
    }
    return new RemoteFunction(this.fn, this.descriptor, { ...this.opts, ...options }) as never;
  }
}

/**
 * Makes a function remote: `.remote(...args)` runs it as a task on a worker. Define remote
 * functions at the top level of a module; workers import that module to find them.
 *
 * @example
 * ```ts
 * export const add = ray.remote((a: number, b: number) => a + b);
 * export const fetchAll = ray.remote(async function fetchAll(urls: string[]) { ... }, { maxRetries: 5 });
 * ```
 */
export function remote<A extends unknown[], R, const O extends RemoteFunctionOptions = {}>(
  fn: (...args: A) => R,
  options?: O,
): RemoteFunction<A, R, O extends { numReturns: infer M extends number } ? M : 1> {
  if (typeof fn !== 'function') throw new InvalidArgumentError(`ray.remote: expected a function, got ${fn === null ? 'null' : typeof fn}. For classes use ray.actor(Class).`);
  const opts: RemoteFunctionOptions = options ?? {};
  validateTaskOptions(opts, `options of ray.remote(${fn.name || 'anonymous'})`);
  const descriptor = registerRemote(fn, opts.name, 'function');
  const rf = new RemoteFunction(fn, descriptor, opts);
  lendRemoteMembers(fn, rf);
  return rf as never;
}

/**
 * Gives the plain function `.remote` and `.options` of its remote function. A named function
 * expression sees itself under its name, not the const it is assigned to, so in
 * `const fib = ray.remote(async function fib(n) { ... fib.remote(n - 1) ... })` the inner `fib`
 * is the plain function: these members make that recursive call work. The first remote
 * function made of a function keeps them; a function's own members of those names are kept.
 */
function lendRemoteMembers(fn: Function, rf: RemoteFunction<any, any, any>): void {
  for (const member of ['remote', 'options'] as const) {
    if (Object.prototype.hasOwnProperty.call(fn, member)) continue;
    Object.defineProperty(fn, member, { value: rf[member].bind(rf), configurable: true, writable: true, enumerable: false });
  }
}

/** The part of a scheduling strategy that picks a node (cluster mode; one node embedded). */
export function nodeStrategyOf(strategy: RemoteFunctionOptions['schedulingStrategy']): SubmittedTask['nodeStrategy'] {
  if (strategy === 'SPREAD') return 'SPREAD';
  if (typeof strategy === 'object' && strategy !== null && 'nodeId' in strategy) return { nodeId: strategy.nodeId, soft: strategy.soft === true };
  return undefined;
}
