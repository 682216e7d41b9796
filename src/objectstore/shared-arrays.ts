import { readdirSync } from 'node:fs';
import { sharedMemory, type SharedMemory } from './shm.js';
import { runtimeState } from '../core/runtime-state.js';

/**
 * Large typed arrays and Buffers travel out of band: packing copies their bytes once into a
 * shared-memory segment of their own, and unpacking maps that segment, so every reader in any
 * thread or process of the node gets a view of the same memory instead of a copy.
 */

/** Arrays at least this large (bytes) go to shared memory; smaller ones stay inline. */
export const OUT_OF_BAND_BYTES = 100 * 1024;

const CONSTRUCTORS: Record<string, new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => ArrayBufferView> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

let shm: SharedMemory | null | undefined;
let counter = 0;

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

/**
 * Copies an array's bytes into a new segment; returns the segment's name, or undefined when it
 * stays inline (too small, no session, or no addon).
 */
export function writeOutOfBand(view: ArrayBufferView): string | undefined {
  const prefix = runtimeState().segmentPrefix;
  if (view.byteLength < OUT_OF_BAND_BYTES || !prefix) return undefined;
  const store = addon();
  if (!store) return undefined;
  const name = `${prefix}-${(counter++).toString(36)}`;
  const target = new Uint8Array(store.create(name, view.byteLength));
  target.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return name;
}

/** Mappings this thread holds, by segment: a mapping lives while any view of it does. */
const mapped = new Map<string, WeakRef<ArrayBuffer>>();
const unmapped = new FinalizationRegistry<string>((name) => {
  if (mapped.get(name)?.deref() === undefined) mapped.delete(name);
});

/** A view of the array stored in a segment (mapped once per thread while in use). */
export function readOutOfBand(name: string, kind: string): ArrayBufferView {
  let buffer = mapped.get(name)?.deref();
  if (!buffer) {
    buffer = addon()!.open(name);
    mapped.set(name, new WeakRef(buffer));
    unmapped.register(buffer, name);
  }
  if (kind === 'Buffer') return Buffer.from(buffer);
  const Ctor = CONSTRUCTORS[kind] ?? Uint8Array;
  return new Ctor(buffer);
}

/** Removes segments whose objects are gone (the owner calls this). */
export function unlinkSegments(names: readonly string[]): void {
  const store = addon();
  if (!store) return;
  for (const name of names) {
    try {
      store.unlink(name);
    } catch {
      // already gone
    }
    mapped.delete(name);
  }
}

/**
 * A session's segments are named `/tsray-<driver pid>.<session>-<maker>-<n>`: the driver's pid
 * tells a later start whether the session is still alive.
 */
export function sessionSegmentPrefix(driverPid: number, session: string): string {
  return `/tsray-${driverPid}.${session}-`;
}

/** The segments in /dev/shm whose names start with `prefix`. */
export function sessionSegments(prefix: string): string[] {
  try {
    return readdirSync('/dev/shm').filter((f) => `/${f}`.startsWith(prefix)).map((f) => `/${f}`);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Unlinks the segments of sessions whose driver is gone (killed with SIGKILL, say, before it
 * could clean up). Returns how many it removed.
 */
export function removeDeadSessionSegments(): number {
  let files: string[];
  try {
    files = readdirSync('/dev/shm');
  } catch {
    return 0;
  }
  const dead: string[] = [];
  for (const f of files) {
    const m = /^tsray-(\d+)\./.exec(f);
    if (m && !alive(Number(m[1]))) dead.push(`/${f}`);
  }
  unlinkSegments(dead);
  return dead.length;
}

export function arrayKind(view: ArrayBufferView): string {
  return Buffer.isBuffer(view) ? 'Buffer' : view.constructor.name;
}
