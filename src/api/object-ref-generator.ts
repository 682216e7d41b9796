import { ObjectRef } from '../common/object-ref.js';
import { requireCoreWorker } from './session.js';
import { streamId, streamItemId } from '../common/protocol.js';

/**
 * What `.remote()` of a remote async generator returns: an async iterable of ObjectRefs, each
 * available as soon as the generator yields it (Ray's streaming generator). An exception thrown
 * by the generator arrives as a last ref whose `get` throws it.
 *
 * @example
 * ```ts
 * const gen = ray.remote(async function* (n: number) { for (let i = 0; i < n; i++) yield i; });
 * for await (const ref of gen.remote(3)) console.log(await ray.get(ref)); // 0 1 2
 * ```
 */
export class ObjectRefGenerator<T = unknown> implements AsyncIterableIterator<ObjectRef<T>> {
  private index = 0;
  /** Keeps the stream's items alive while this generator is reachable. */
  private readonly streamRef: ObjectRef<void>;

  /** @internal */
  constructor(readonly taskId: string) {
    this.streamRef = new ObjectRef<void>(streamId(taskId));
  }

  /** The ref standing for the whole stream; `ray.cancel` of it cancels the generator task. */
  get ref(): ObjectRef<void> {
    return this.streamRef;
  }

  async next(): Promise<IteratorResult<ObjectRef<T>, undefined>> {
    const i = this.index++;
    const has = await requireCoreWorker().streamNext(this.taskId, i);
    if (!has) return { done: true, value: undefined };
    return { done: false, value: new ObjectRef<T>(streamItemId(this.taskId, i)) };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
