import type { ResourcePool, ResourceRequest } from './resources.js';
import type { BundleTarget } from './bundle-reservations.js';

/** A first-in first-out queue with O(1) push and shift. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Moves up to `n` items from the head while `pred` holds. */
  takeWhile(n: number, pred: (item: T) => boolean, out: T[]): number {
    let taken = 0;
    while (taken < n && this.length > 0 && pred(this.items[this.head]!)) {
      out.push(this.shift()!);
      taken++;
    }
    return taken;
  }

  /** Up to `n` items from the head, into `out`. */
  first(n: number, out: T[]): void {
    const end = Math.min(this.head + n, this.items.length);
    for (let i = this.head; i < end; i++) out.push(this.items[i]!);
  }

  /** Takes the items in `drop` out of the first `n`, keeping the others' order: O(n). */
  removeAmongFirst(n: number, drop: ReadonlySet<T>): number {
    const end = Math.min(this.head + n, this.items.length);
    let w = end;
    for (let r = end - 1; r >= this.head; r--) {
      const item = this.items[r]!;
      if (!drop.has(item)) this.items[--w] = item;
    }
    const removed = w - this.head;
    for (let i = this.head; i < w; i++) this.items[i] = undefined;
    this.head = w;
    return removed;
  }

  remove(item: T): boolean {
    const i = this.items.indexOf(item, this.head);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
}

export interface Schedulable {
  readonly request: ResourceRequest;
  /** Set for work inside a placement group: it takes its resources from a bundle, not the node. */
  readonly bundle?: BundleTarget | undefined;
}

/** Work in a bundle queues apart from the same shape outside it: they draw on different pools. */
function queueKey(task: Schedulable): string {
  const b = task.bundle;
  return b === undefined ? task.request.key : `${task.request.key}@${b.pgId}#${b.bundleIndex}`;
}

/**
 * The raylet's local queue: tasks whose arguments are ready wait here until the node has their
 * resources. Tasks queue per resource shape (Ray's scheduling classes), so a big request at the
 * head does not block small ones behind it, and each shape keeps its submission order.
 */
export class LocalScheduler<T extends Schedulable> {
  private readonly queues = new Map<string, Fifo<T>>();
  private dispatching = false;
  private again = false;
  private queued = 0;

  constructor(
    private readonly pool: ResourcePool,
    private readonly start: (task: T) => void,
    /**
     * A further test a request must pass to start: the pool counts GPUs as one total, but a
     * fraction needs its share free on a single device.
     */
    private readonly admits: (request: ResourceRequest) => boolean = () => true,
    /** Takes a bundle task's resources from its bundle; false when the bundle has no room now. */
    private readonly claim: (task: T) => boolean = () => false,
  ) {}

  get pending(): number {
    return this.queued;
  }

  enqueue(task: T): void {
    const key = queueKey(task);
    let q = this.queues.get(key);
    if (!q) {
      q = new Fifo<T>();
      this.queues.set(key, q);
    }
    q.push(task);
    this.queued++;
    this.dispatch();
  }

  /** Queued tasks of one shape. */
  pendingOf(request: ResourceRequest): number {
    return this.queues.get(request.key)?.length ?? 0;
  }

  /**
   * Moves up to `n` tasks of a shape from the head of its queue into `out`, while `pred`
   * holds, without taking resources: they join a lease already holding them.
   */
  takeHead(request: ResourceRequest, n: number, pred: (task: T) => boolean, out: T[]): void {
    const q = this.queues.get(request.key);
    if (q) this.queued -= q.takeWhile(n, pred, out);
  }

  /** Takes a queued task out (cancellation). Returns whether it was queued. */
  remove(task: T): boolean {
    const removed = this.queues.get(queueKey(task))?.remove(task) ?? false;
    if (removed) this.queued--;
    return removed;
  }

  /**
   * Queued tasks that cannot start with what the node has free now: every task of a shape whose
   * head does not fit (a shape's tasks ask for the same). Bundle work is left out: it runs only
   * where its bundle is. Candidates for spillback, at most `limit` of each shape from its head
   * (a pass costs what it may move, not the queue's length); `takeBlocked` takes those sent
   * elsewhere.
   */
  blocked(limit: number): T[] {
    const out: T[] = [];
    for (const q of this.queues.values()) {
      const head = q.peek();
      if (head === undefined || head.bundle !== undefined) continue;
      if (this.pool.fits(head.request) && this.admits(head.request)) continue;
      q.first(limit, out);
    }
    return out;
  }

  /** Takes these tasks, listed by `blocked(limit)` just before, out of the queue. */
  takeBlocked(tasks: readonly T[], limit: number): void {
    const byQueue = new Map<Fifo<T>, Set<T>>();
    for (const t of tasks) {
      const q = this.queues.get(queueKey(t));
      if (!q) continue;
      let set = byQueue.get(q);
      if (!set) byQueue.set(q, (set = new Set()));
      set.add(t);
    }
    for (const [q, set] of byQueue) this.queued -= q.removeAmongFirst(limit, set);
  }

  /** Takes every queued task of a placement group out (the group was removed). */
  takeGroup(pgId: string): T[] {
    const out: T[] = [];
    const marker = `@${pgId}#`;
    for (const [key, q] of this.queues) {
      if (!key.includes(marker)) continue;
      this.queues.delete(key);
      this.queued -= q.length;
      while (q.length > 0) out.push(q.shift()!);
    }
    return out;
  }

  /** Starts every queued task that fits; call it whenever resources are released. */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.again = false;
        for (const q of this.queues.values()) {
          let head: T | undefined;
          while ((head = q.peek()) !== undefined && this.take(head)) {
            q.shift();
            this.queued--;
            this.start(head);
          }
        }
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
  }

  /** Takes the task's resources if they are free now. */
  private take(task: T): boolean {
    if (task.bundle !== undefined) return this.claim(task);
    if (!this.pool.fits(task.request) || !this.admits(task.request)) return false;
    this.pool.acquire(task.request);
    return true;
  }
}
