import { runtimeState } from './runtime-state.js';

const BRAND = Symbol.for('tsray.ObjectRef');

/**
 * A reference to a value in the cluster: the result of a task, or a value given to `ray.put`.
 * Read it with `await ray.get(ref)`. A ref is deliberately not a thenable, so async code can
 * return refs without them being unwrapped.
 *
 * The value stays alive while any ObjectRef to it exists in any thread, inside another stored
 * value, or as an argument of a task that has not finished.
 *
 * @example
 * ```ts
 * const ref: ray.ObjectRef<number> = square.remote(3);
 * console.log(await ray.get(ref)); // 9
 * ```
 */
export class ObjectRef<T = unknown> {
  /** The object's id, unique within the cluster. */
  readonly id: string;
  /** Type-level only: the type of the value this ref resolves to. */
  declare readonly __valueType?: T;

  /** @internal Refs are made by tsray (`.remote()`, `ray.put`), not by users. */
  constructor(id: string) {
    this.id = id;
    Object.defineProperty(this, BRAND, { value: true });
    const cw = runtimeState().coreWorker;
    if (cw) cw.references.track(this, id);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }

  toString(): string {
    return `ObjectRef(${this.id})`;
  }

  toJSON(): { objectRef: string } {
    return { objectRef: this.id };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
