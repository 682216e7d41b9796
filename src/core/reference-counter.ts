import type { ThreadReferences } from '../common/core-worker.js';

/**
 * Counts the ObjectRef instances alive in one thread. The owner hears only transitions: the
 * thread's first ref to an object (`onFirst`) and the garbage collection of its last one
 * (`onLast`), so a thread holding a million copies of one ref costs the owner one count.
 */
export class LocalReferenceCounter implements ThreadReferences {
  private readonly counts = new Map<string, number>();
  private readonly registry = new FinalizationRegistry<string>((id) => this.release(id));
  private disposed = false;
  /** Refs tracked since `resetCreated()`: a thread that made many may collect garbage early. */
  created = 0;

  constructor(
    private readonly onFirst: (id: string) => void,
    private readonly onLast: (id: string) => void,
  ) {}

  /** Records a new ref instance; it is released when the instance is garbage collected. */
  track(ref: object, id: string): void {
    if (this.disposed) return;
    this.created++;
    const c = this.counts.get(id);
    if (c === undefined) {
      this.counts.set(id, 1);
      this.onFirst(id);
    } else {
      this.counts.set(id, c + 1);
    }
    this.registry.register(ref, id);
  }

  /** Whether this thread holds at least one ref to the object. */
  holds(id: string): boolean {
    return this.counts.has(id);
  }

  get size(): number {
    return this.counts.size;
  }

  private release(id: string): void {
    if (this.disposed) return;
    const c = this.counts.get(id);
    if (c === undefined) return;
    if (c <= 1) {
      this.counts.delete(id);
      this.onLast(id);
    } else {
      this.counts.set(id, c - 1);
    }
  }

  /** Stops counting: refs collected after shutdown must not reach a new session. */
  dispose(): void {
    this.disposed = true;
    this.counts.clear();
  }
}
