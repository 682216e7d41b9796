import { ObjectStoreError } from '../common/errors.js';
import { sharedMemory, type SharedMemory } from './shm.js';
import { readSpillFile, spillPath } from './spill-files.js';
import { runtimeState } from '../common/runtime-state.js';
import { noteSharedMapping } from './collect-garbage.js';

/**
 * Large typed arrays and Buffers travel out of band: packing copies their bytes once into the
 * node's store, and unpacking maps them, so every reader in any thread or process of the node
 * gets a view of the same memory instead of a copy.
 *
 * A buffer is named; its reference (what a serialized value carries) is `name#hint` when it is
 * in the store's arena (hint: its block index when written, to find it fast) and `name` when it
 * is a segment of its own (the fallback when the arena is full). A reader looks for the name in
 * the arena, then among segments, then in the session's spill folder: the owner may move a
 * buffer between them, but never renames it.
 */

/** Arrays at least this large (bytes) go to shared memory; smaller ones stay inline. */
export const OUT_OF_BAND_BYTES = 100 * 1024;

const CONSTRUCTORS: Record<string, new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => ArrayBufferView> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

let shm: SharedMemory | null | undefined;
let counter = 0;
/** The arena this process attached to (one per process; threads share the attachment). */
let attachedPrefix: string | undefined;

function addon(): SharedMemory | null {
  if (shm === undefined) {
    try {
      shm = sharedMemory();
    } catch {
      shm = null; // not built: values are copied inline, as without a store
    }
  }
  return shm;
}

/** The addon with this thread's process attached to the session's arena, or null if none. */
function arena(): SharedMemory | null {
  const store = runtimeState().store;
  const native = addon();
  if (!store || !native) return null;
  if (attachedPrefix !== store.prefix) {
    native.storeAttach(store.prefix);
    attachedPrefix = store.prefix;
  }
  return native;
}

/** Forgets the attachment (the owner re-creates the arena for a new session). */
export function forgetArena(): void {
  attachedPrefix = undefined;
}

export interface BufferRef {
  name: string;
  /** The block index for an arena buffer; -1 for a segment of its own. */
  hint: number;
}

export function parseBufferRef(ref: string): BufferRef {
  const i = ref.indexOf('#');
  return i < 0 ? { name: ref, hint: -1 } : { name: ref.slice(0, i), hint: Number(ref.slice(i + 1)) };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Copies an array's bytes into the store; returns the buffer's reference, or undefined when it
 * stays inline (too small, no session, or no addon).
 */
export function writeOutOfBand(view: ArrayBufferView): string | undefined {
  const state = runtimeState();
  if (view.byteLength < OUT_OF_BAND_BYTES || !state.segmentPrefix) return undefined;
  const native = addon();
  if (!native) return undefined;
  const name = `${state.segmentPrefix}-${(counter++).toString(36)}`;
  const store = arena();
  if (store) {
    // The owner's thread can make room by spilling; a worker cannot wait for it, and falls
    // back to a segment of its own, which the owner spills when it learns of the object.
    for (;;) {
      const hint = store.storePut(name, bytesOf(view));
      if (hint >= 0) return `${name}#${hint}`;
      if (!state.makeRoom?.(view.byteLength)) break;
    }
  }
  const target = new Uint8Array(native.create(name, view.byteLength));
  target.set(bytesOf(view));
  return name;
}

/**
 * Stores bytes that came from another node under the buffer's own name, so the values that
 * refer to it read here as they did there. Returns the reference on this node.
 */
export function adoptOutOfBand(reference: string, bytes: Uint8Array): string {
  const { name } = parseBufferRef(reference);
  const native = addon();
  if (!native) throw new ObjectStoreError(`Cannot store buffer ${name} from another node: the object store addon is not built on this node.`);
  const store = arena();
  if (store) {
    for (;;) {
      const hint = store.storePut(name, bytes);
      if (hint >= 0) return `${name}#${hint}`;
      if (!runtimeState().makeRoom?.(bytes.length)) break;
    }
  }
  try {
    new Uint8Array(native.create(name, bytes.length)).set(bytes);
  } catch (e) {
    // The same buffer came before (its bytes never change): the segment holds them already.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return name;
}

/** Mappings this thread holds, by buffer name: a mapping lives while any view of it does. */
const mapped = new Map<string, WeakRef<ArrayBuffer>>();
const unmapped = new FinalizationRegistry<string>((name) => {
  if (mapped.get(name)?.deref() === undefined) mapped.delete(name);
});

function locate(ref: BufferRef, native: SharedMemory): ArrayBuffer {
  const fromArena = arena()?.storeGet(ref.name, ref.hint);
  if (fromArena) return fromArena;
  try {
    return native.open(ref.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const spillDir = runtimeState().store?.spillDir;
  if (!spillDir) throw new ObjectStoreError(`Shared-memory buffer ${ref.name} is gone: its object was freed or its session ended.`);
  return readSpillFile(spillPath(spillDir, ref.name), `buffer ${ref.name}`, native);
}

/** A view of a stored array (mapped once per thread while in use). */
export function readOutOfBand(reference: string, kind: string): ArrayBufferView {
  const ref = parseBufferRef(reference);
  let buffer = mapped.get(ref.name)?.deref();
  if (!buffer) {
    const native = addon();
    if (!native) throw new ObjectStoreError(`Cannot read shared-memory buffer ${ref.name}: the object store addon is not built in this process.`);
    buffer = locate(ref, native);
    noteSharedMapping(buffer.byteLength);
    mapped.set(ref.name, new WeakRef(buffer));
    unmapped.register(buffer, ref.name);
  }
  if (kind === 'Buffer') return Buffer.from(buffer);
  const Ctor = CONSTRUCTORS[kind] ?? Uint8Array;
  return new Ctor(buffer);
}

/** Frees buffers whose objects are gone (the owner calls this), wherever they are. */
export function unlinkSegments(references: readonly string[]): void {
  const native = addon();
  if (!native) return;
  let store: SharedMemory | null = null;
  try {
    store = arena();
  } catch {
    // the arena is gone already (shutdown): only segments remain to unlink
  }
  for (const reference of references) {
    const ref = parseBufferRef(reference);
    mapped.delete(ref.name);
    if (store?.storeDelete(ref.name, ref.hint)) continue;
    try {
      native.unlink(ref.name);
    } catch {
      // already gone
    }
  }
}

export function arrayKind(view: ArrayBufferView): string {
  return Buffer.isBuffer(view) ? 'Buffer' : view.constructor.name;
}
