import { rmSync, statSync, writeSync } from 'node:fs';
import { closeSync } from 'node:fs';
import { ObjectStoreError, ObjectStoreFullError } from '../common/errors.js';
import { chooseEvictions, type EvictionCandidate } from './eviction-policy.js';
import { forgetArena, parseBufferRef, unlinkSegments, type BufferRef } from './shared-arrays.js';
import { sharedMemory, type SharedMemory } from './shm.js';
import { HEADER_BYTES, openSpillFile, spillPath, writeSpillFile } from './spill-files.js';
import { makePrivateFolder } from './session-files.js';

/** Above this share of its capacity, the store spills least recently used objects (Ray: 0.8). */
export const SPILL_THRESHOLD = 0.8;

const MiB = 2 ** 20;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

type Place = 'arena' | 'segment' | 'disk';

interface Entry {
  buffers: BufferRef[];
  sizes: number[];
  /** Where each buffer's live copy is: the arena, a segment of its own, or only on disk. */
  places: Place[];
  /** Whether each buffer also has a spill file. */
  onDisk: boolean[];
}

export interface ObjectStoreOptions {
  /** The session's segment prefix: the arena is `${prefix}arena`. */
  prefix: string;
  capacity: number;
  spillDir: string;
}

let warnedNoAddon = false;

/** Without the addon everything works but large values are copied: say so once per process. */
function warnNoAddonOnce(e: Error): void {
  if (warnedNoAddon) return;
  warnedNoAddon = true;
  process.emitWarning(`${e.message} Until then tsray runs without its shared-memory object store: large values are copied inline.`,
    { code: 'TSRAY_NO_SHARED_MEMORY' });
}

/**
 * The owner's view of the node's shared-memory store (Ray's plasma store plus its spilling):
 * which objects have out-of-band buffers, where each lives, and which to spill when memory runs
 * short. Writers in any thread allocate in the arena directly (native/src/arena.cc); this class
 * learns of each object when it is sealed, frees it when its references are gone, keeps the
 * arena under its spill threshold, restores spilled objects on `get`, and spills on demand when
 * the owner's own put finds no room.
 *
 * @example
 * ```ts
 * const store = ObjectStore.create({ prefix, capacity: 2 ** 30, spillDir });
 * store?.track(id, packed.segments ?? []);
 * ```
 */
export class ObjectStore {
  /** Objects with buffers, least recently used first (a use moves one to the end). */
  private readonly entries = new Map<string, Entry>();
  /** Bytes of buffers in segments of their own: they came when the arena was full. */
  private fallbackBytes = 0;
  private spillDirReady = false;

  private constructor(private readonly native: SharedMemory, readonly options: ObjectStoreOptions) {}

  /** Creates the arena; null when the native addon is not built (values then stay inline). */
  static create(options: ObjectStoreOptions): ObjectStore | null {
    let native: SharedMemory;
    try {
      native = sharedMemory();
    } catch (e) {
      warnNoAddonOnce(e as Error);
      return null;
    }
    forgetArena();
    native.storeCreate(options.prefix, options.capacity);
    return new ObjectStore(native, options);
  }

  /** Records a sealed object's buffers, then spills if memory is past the threshold. */
  track(id: string, references: readonly string[]): void {
    if (references.length === 0 || this.entries.has(id)) return;
    const buffers = references.map(parseBufferRef);
    const sizes: number[] = [];
    const places: Place[] = [];
    for (const b of buffers) {
      const inArena = b.hint >= 0 ? this.native.storeInfo(b.name, b.hint) : undefined;
      if (inArena) {
        sizes.push(inArena.size);
        places.push('arena');
      } else {
        const size = segmentSize(b.name);
        sizes.push(size);
        places.push('segment');
        this.fallbackBytes += size;
      }
    }
    this.entries.set(id, { buffers, sizes, places, onDisk: buffers.map(() => false) });
    this.keepUnderThreshold();
  }

  /** Frees an object's buffers (memory and spill files): its owner's references are gone. */
  release(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const inMemory: string[] = [];
    e.buffers.forEach((b, i) => {
      if (e.places[i] === 'segment') this.fallbackBytes -= e.sizes[i]!;
      if (e.places[i] !== 'disk') inMemory.push(e.places[i] === 'arena' ? `${b.name}#${b.hint}` : b.name);
      if (e.onDisk[i]) rmSync(spillPath(this.options.spillDir, b.name), { force: true });
    });
    unlinkSegments(inMemory);
  }

  /**
   * An object is about to be read: it becomes the most recently used, and its spilled buffers
   * come back into the arena where they fit. Those that do not fit (or fail to read back) stay
   * on disk, where readers read them themselves and report any error.
   */
  use(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.entries.set(id, e);
    for (let i = 0; i < e.buffers.length; i++) {
      if (e.places[i] !== 'disk') continue;
      try {
        if (!this.restore(id, e, i)) return;
      } catch {
        return;
      }
    }
  }

  /**
   * Frees at least `bytes` of the arena by evicting and spilling least recently used objects.
   * False when nothing can be freed; throws ObjectStoreFullError when spilling fails.
   */
  makeRoom(bytes: number, keep?: string): boolean {
    const steps = chooseEvictions(this.candidates(keep, true), bytes);
    if (steps.length === 0) return false;
    for (const step of steps) {
      try {
        this.spill(step.id, this.entries.get(step.id)!, true);
      } catch (e) {
        const stats = this.native.storeStats();
        throw new ObjectStoreFullError(
          `The object store is full: ${mib(bytes)} do not fit in its ${mib(stats.capacity)} ` +
          `(${mib(stats.used)} in use by ${stats.objects} buffers), and spilling to ${this.options.spillDir} failed: ` +
          `${(e as Error).message}. Make the spill folder writable, raise objectStoreMemory, or drop refs you no longer need.`,
          { cause: e });
      }
    }
    return true;
  }

  /** The arena's use and what is spilled, for status and tests. */
  stats(): { capacity: number; used: number; fallback: number; objects: number; spilled: number } {
    const s = this.native.storeStats();
    let spilled = 0;
    for (const e of this.entries.values()) if (e.places.includes('disk')) spilled++;
    return { capacity: s.capacity, used: s.used, fallback: this.fallbackBytes, objects: this.entries.size, spilled };
  }

  /** Detaches from the arena and removes the spill folder. The caller unlinks the segments. */
  close(): void {
    this.entries.clear();
    this.native.storeDetach();
    forgetArena();
    try {
      rmSync(this.options.spillDir, { recursive: true, force: true });
    } catch {
      // a spill folder that could not be made (the full-store case) has nothing to remove
    }
  }

  private *candidates(keep: string | undefined, arenaOnly: boolean): Generator<EvictionCandidate> {
    for (const [id, e] of this.entries) {
      if (id === keep) continue;
      let bytes = 0;
      let pinned = false;
      for (let i = 0; i < e.buffers.length; i++) {
        const place = e.places[i];
        if (place === 'disk' || (arenaOnly && place !== 'arena')) continue;
        bytes += e.sizes[i]!;
        if (place === 'arena' && (this.native.storeInfo(e.buffers[i]!.name, e.buffers[i]!.hint)?.maps ?? 0) > 0) pinned = true;
      }
      yield { id, bytes, onDisk: e.onDisk.every(Boolean), pinned };
    }
  }

  /** Past the threshold (or holding fallback segments), spill until back under it. */
  private keepUnderThreshold(): void {
    const { used } = this.native.storeStats();
    const over = used + this.fallbackBytes - SPILL_THRESHOLD * this.options.capacity;
    if (over <= 0 && this.fallbackBytes === 0) return;
    try {
      // Segments first: they are memory beyond the capacity.
      if (this.fallbackBytes > 0) {
        for (const [id, e] of [...this.entries]) if (e.places.includes('segment')) this.spill(id, e, false);
      }
      if (over > 0) this.makeRoom(over);
    } catch (e) {
      process.emitWarning(`tsray object store: could not spill to stay under ${SPILL_THRESHOLD * 100}% of its capacity: ${(e as Error).message}`);
    }
  }

  /** Writes an object's in-memory buffers to disk (unless they are there already) and frees them. */
  private spill(id: string, e: Entry, arenaOnly: boolean): void {
    if (!this.spillDirReady) {
      // Spilled objects are readable by this user only: files 0600 in folders 0700.
      const problem = makePrivateFolder(this.options.spillDir);
      if (problem) throw new ObjectStoreError(`${problem} (spill files are kept only in a folder that is this user's alone)`);
      this.spillDirReady = true;
    }
    for (let i = 0; i < e.buffers.length; i++) {
      const place = e.places[i]!;
      if (place === 'disk' || (arenaOnly && place !== 'arena')) continue;
      const b = e.buffers[i]!;
      const path = spillPath(this.options.spillDir, b.name);
      if (!e.onDisk[i]) {
        writeSpillFile(path, e.sizes[i]!, (fd, position) => {
          if (place === 'arena') {
            const checksum = this.native.storeSpill(b.name, b.hint, fd, position);
            if (checksum === undefined) throw new Error(`buffer ${b.name} of object ${id} is not in the arena`);
            return checksum;
          }
          const bytes = new Uint8Array(this.native.open(b.name));
          for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
          return this.native.checksum(bytes);
        });
        e.onDisk[i] = true;
      }
      if (place === 'arena') this.native.storeDelete(b.name, b.hint);
      else {
        this.native.unlink(b.name);
        this.fallbackBytes -= e.sizes[i]!;
      }
      e.places[i] = 'disk';
    }
  }

  /** Reads one spilled buffer back into the arena, making room if needed. False if no room. */
  private restore(id: string, e: Entry, i: number): boolean {
    const b = e.buffers[i]!;
    const file = openSpillFile(spillPath(this.options.spillDir, b.name), `object ${id}`);
    try {
      for (;;) {
        const hint = this.native.storeRestore(b.name, file.fd, HEADER_BYTES, file.length, file.checksum);
        if (hint >= 0) {
          e.buffers[i] = { name: b.name, hint };
          e.places[i] = 'arena';
          return true;
        }
        if (!this.makeRoom(file.length, id)) return false;
      }
    } finally {
      closeSync(file.fd);
    }
  }
}

/** The size of a segment of its own (POSIX shared memory lives in /dev/shm on Linux). */
function segmentSize(name: string): number {
  try {
    return statSync(`/dev/shm${name}`).size;
  } catch {
    return 0;
  }
}
