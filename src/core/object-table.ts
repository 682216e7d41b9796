import { GetTimeoutError } from '../common/errors.js';
import { returnId, type WireObject } from '../common/protocol.js';

/** A sealed object: its bytes, whether they encode an error, and the refs nested inside it. */
export interface StoredObject extends WireObject {
  nested?: string[];
  /** Shared-memory segments holding its large arrays, unlinked when it is freed. */
  segments?: string[];
}

/**
 * Objects owned by other nodes (cluster mode). The table keeps entries for them as for its own:
 * holders here count refs, and a sealed value is a local copy. The owner is told while this
 * node holds any ref (so it keeps the object), and a waiter here has the copy fetched.
 */
export interface ForeignObjects {
  /** Whether another node owns the object. */
  isForeign(id: string): boolean;
  /** This node's first ref to a foreign object (+1), or its last one gone (-1). */
  borrowed(id: string, delta: 1 | -1): void;
  /** Someone here waits for a foreign object: fetch a copy (once) and seal it here. */
  want(id: string): void;
}

/**
 * Where a task result is kept when it stayed on the node that made it (Ray keeps data where it
 * is made; its owner records the location): the owner has its metadata, that node its buffers.
 */
export interface ObjectLocation {
  nodeId: string;
  /** host:port of that node's object manager. */
  address: string;
  /** The value's serialized form (its buffers are out of band, on that node). */
  data: Uint8Array;
  /** Bytes of its buffers. */
  bytes: number;
}

/** Fetches located objects someone here waits for (cluster mode: see RemoteTasks). */
export interface LocatedObjects {
  /** Someone here waits for an object kept on another node: bring a copy here (once). */
  want(id: string, at: ObjectLocation): void;
  /** Whether the node keeping it is still thought alive. */
  reachable(at: ObjectLocation): boolean;
}

interface Entry {
  /** Holders: ObjectRefs in threads (one per holding thread), tasks holding it as an argument,
   *  stored objects containing it, and streams holding their items. */
  refs: number;
  value: StoredObject | undefined;
  waiters: Array<() => void> | undefined;
  /** Set while its value is kept on another node only (see `locate`). */
  location?: ObjectLocation;
  /** Holds that are not refs: a copy kept here for its owner elsewhere (see `pin`). */
  pins?: number;
  /** Waiting for it to be sealed or located, without wanting a copy here (see `whenAvailable`). */
  watchers?: Array<() => void>;
}

/**
 * The owner's table of objects (Ray's reference counter and in-memory store in one): each object
 * is pending until sealed, is referenced by a count of holders, and is freed when the count
 * reaches zero after it is sealed. Freeing an object releases the refs nested inside it.
 *
 * Pure bookkeeping, no I/O: the core worker drives it.
 */
export class ObjectTable {
  private readonly entries = new Map<string, Entry>();
  /** Called when an object is freed (streams release their items, segments are unlinked). */
  onFree: ((id: string, value: StoredObject | undefined) => void) | undefined;
  /** Called when an object is sealed (the store learns of its buffers). */
  onSeal: ((id: string, value: StoredObject) => void) | undefined;
  /** Called before an object's bytes are read here or sent to a reader (the store restores it). */
  onRead: ((id: string) => void) | undefined;
  /** Set in cluster mode: objects other nodes own. */
  foreign: ForeignObjects | undefined;
  /** Set in cluster mode: fetches results kept on the nodes that made them. */
  located: LocatedObjects | undefined;
  /** Called when an object kept elsewhere is freed (that node may free its copy). */
  onFreeLocated: ((id: string, at: ObjectLocation) => void) | undefined;

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Declares an object that a task will produce. */
  createPending(id: string): void {
    if (!this.entries.has(id)) this.entries.set(id, { refs: 0, value: undefined, waiters: undefined });
  }

  addRef(id: string): void {
    const e = this.entries.get(id);
    if (e) {
      if (e.refs++ === 0 && this.foreign?.isForeign(id)) this.foreign.borrowed(id, 1);
      return;
    }
    // A ref to an object that is not known yet (its producer's submission is in flight)
    // creates it pending, so the count is not lost.
    this.entries.set(id, { refs: 1, value: undefined, waiters: undefined });
    if (this.foreign?.isForeign(id)) this.foreign.borrowed(id, 1);
  }

  removeRef(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    const last = e.refs === 1;
    if (--e.refs <= 0 && (e.value !== undefined || e.location) && !e.pins) this.free(id, e);
    if (last && this.foreign?.isForeign(id)) {
      // A pending copy nobody holds or waits for goes: its fetch, if any, is freed on arrival.
      if (e.value === undefined && !e.waiters?.length && this.entries.get(id) === e) this.entries.delete(id);
      this.foreign.borrowed(id, -1);
    }
  }

  /** Stores an object's value and wakes its waiters. A value nobody references is dropped. */
  seal(id: string, value: StoredObject): void {
    let e = this.entries.get(id);
    if (!e) {
      e = { refs: 0, value: undefined, waiters: undefined };
      this.entries.set(id, e);
    }
    if (e.value !== undefined) return; // first outcome wins (a late retry's or a cancelled task's)
    e.value = value;
    e.location = undefined;
    this.onSeal?.(id, value);
    if (value.nested) for (const n of value.nested) this.addRef(n);
    const waiters = e.waiters;
    e.waiters = undefined;
    if (waiters) for (const w of waiters) w();
    this.notifyWatchers(e);
    if (e.refs <= 0 && !e.pins && this.entries.get(id) === e) this.free(id, e);
  }

  /**
   * Records that a pending result is kept on another node: it stays pending here (readers wait
   * for a copy, fetched when someone waits), but tasks sent elsewhere can take it from there.
   * A result nobody references is dropped (and that node told).
   */
  locate(id: string, at: ObjectLocation): void {
    const e = this.entries.get(id);
    if (!e || e.value !== undefined) return;
    e.location = at;
    if (e.refs <= 0 && !e.pins) {
      this.free(id, e);
      return;
    }
    if (e.waiters?.length) this.located?.want(id, at);
    this.notifyWatchers(e);
  }

  private notifyWatchers(e: Entry): void {
    const watchers = e.watchers;
    e.watchers = undefined;
    if (watchers) for (const w of watchers) w();
  }

  /** Where an object is kept, while it is kept on another node only. */
  location(id: string): ObjectLocation | undefined {
    return this.entries.get(id)?.location;
  }

  /** Forgets where a result was kept (that node died): it is pending until made again. */
  unlocate(id: string): void {
    const e = this.entries.get(id);
    if (e) e.location = undefined;
  }

  /** Sealed here, or kept on a node thought alive. */
  isAvailable(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    return e.value !== undefined || (e.location !== undefined && this.located?.reachable(e.location) !== false);
  }

  /**
   * Calls `cb` once the object is available (sealed, or kept on a live node), without fetching
   * a copy of one kept elsewhere. Returns a canceller.
   */
  whenAvailable(id: string, cb: () => void): () => void {
    if (this.isAvailable(id)) {
      cb();
      return () => {};
    }
    const e = this.entries.get(id);
    // Kept on a node that is gone (it is fetched, or made again), or owned elsewhere: a copy here.
    if (!e || e.location || this.foreign?.isForeign(id)) return this.whenReady(id, cb);
    (e.watchers ??= []).push(cb);
    return () => {
      const i = e.watchers?.indexOf(cb) ?? -1;
      if (i >= 0) e.watchers!.splice(i, 1);
    };
  }

  /** Keeps a copy here that is no one's ref (a result kept for its owner elsewhere) until `unpin`. */
  pin(id: string): void {
    let e = this.entries.get(id);
    if (!e) {
      e = { refs: 0, value: undefined, waiters: undefined };
      this.entries.set(id, e);
    }
    e.pins = (e.pins ?? 0) + 1;
  }

  unpin(id: string): void {
    const e = this.entries.get(id);
    if (!e?.pins) return;
    if (--e.pins === 0 && e.refs <= 0 && e.value !== undefined) this.free(id, e);
  }

  /** The sealed value, or undefined while pending (or unknown). */
  value(id: string): StoredObject | undefined {
    return this.entries.get(id)?.value;
  }

  /** The sealed value, about to be read (here, or by a reader it is sent to). */
  read(id: string): StoredObject | undefined {
    const v = this.entries.get(id)?.value;
    if (v?.segments) this.onRead?.(id);
    return v;
  }

  isReady(id: string): boolean {
    return this.entries.get(id)?.value !== undefined;
  }

  /** Calls `cb` once the object is sealed (at once if it is). Returns a canceller. */
  whenReady(id: string, cb: () => void): () => void {
    let e = this.entries.get(id);
    if (!e) {
      e = { refs: 0, value: undefined, waiters: undefined };
      this.entries.set(id, e);
    }
    if (e.value !== undefined) {
      cb();
      return () => {};
    }
    (e.waiters ??= []).push(cb);
    if (e.location) this.located?.want(id, e.location);
    else if (this.foreign?.isForeign(id)) this.foreign.want(id);
    const entry = e;
    return () => {
      const i = entry.waiters?.indexOf(cb) ?? -1;
      if (i >= 0) entry.waiters!.splice(i, 1);
    };
  }

  /**
   * Resolves once every object is sealed, or as soon as one of them is sealed as an error (Ray's
   * `get` raises at the first error, not after the rest); rejects with GetTimeoutError past the
   * timeout.
   */
  whenAllReady(ids: string[], timeoutMs: number | undefined): Promise<void> {
    if (this.firstError(ids)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let missing = 0;
      const cancels: Array<() => void> = [];
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        for (const c of cancels) c();
        resolve();
      };
      const one = (id: string): void => {
        if (--missing === 0 || this.entries.get(id)?.value?.isError) finish();
      };
      for (const id of ids) {
        if (!this.isReady(id)) {
          missing++;
          cancels.push(this.whenReady(id, () => one(id)));
        }
      }
      if (missing === 0) return resolve();
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          for (const c of cancels) c();
          const pending = ids.filter((id) => !this.isReady(id));
          reject(new GetTimeoutError(`ray.get timed out after ${timeoutMs} ms: ${pending.length} of ${ids.length} object(s) not ready (first: ${pending[0]}).`));
        }, timeoutMs);
      }
    });
  }

  /** The first of the objects (in the given order) that is sealed as an error, if any. */
  firstError(ids: readonly string[]): StoredObject | undefined {
    for (const id of ids) {
      const v = this.entries.get(id)?.value;
      if (v?.isError) return v;
    }
    return undefined;
  }

  /** Resolves with a ready flag per id once `numReturns` are ready or the timeout passes. */
  waitFor(ids: string[], numReturns: number, timeoutMs: number | undefined): Promise<boolean[]> {
    const flags = (): boolean[] => ids.map((id) => this.isReady(id));
    const count = (): number => ids.reduce((n, id) => n + (this.isReady(id) ? 1 : 0), 0);
    if (count() >= numReturns || timeoutMs === 0) return Promise.resolve(flags());
    return new Promise<boolean[]>((resolve) => {
      const cancels: Array<() => void> = [];
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        for (const c of cancels) c();
        resolve(flags());
      };
      const check = (): void => {
        if (count() >= numReturns) finish();
      };
      for (const id of ids) if (!this.isReady(id)) cancels.push(this.whenReady(id, check));
      if (timeoutMs !== undefined) timer = setTimeout(finish, timeoutMs);
    });
  }

  refCount(id: string): number {
    return this.entries.get(id)?.refs ?? 0;
  }

  private free(id: string, e: Entry): void {
    this.entries.delete(id);
    if (e.location) this.onFreeLocated?.(id, e.location);
    this.onFree?.(id, e.value);
    const nested = e.value?.nested;
    if (nested) for (const n of nested) this.removeRef(n);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** For `settle`: whether a result's buffers were sealed as the task's return object (else freed). */
export function sealedAsReturns(table: ObjectTable, taskId: string): (segments: string[], index: number) => boolean {
  return (segments, index) => table.value(returnId(taskId, index))?.segments === segments;
}
