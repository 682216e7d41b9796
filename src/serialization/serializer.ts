import { Packr, addExtension } from 'msgpackr';
import { ObjectRef } from '../common/object-ref.js';
import { ActorHandle } from '../common/actor-handle.js';
import { PlacementGroup, type Bundle, type PlacementGroupStrategy } from '../common/placement-group.js';
import { ObjectStoreFullError, SerializationError, errorKinds, rebuildRayError } from '../common/errors.js';
import { runtimeState } from '../common/runtime-state.js';
import { actorHandleId } from '../common/protocol.js';
import { arrayKind, readOutOfBand, unlinkSegments, writeOutOfBand } from '../objectstore/shared-arrays.js';
import { isArrowValue, packArrow, unpackArrow } from './arrow.js';
import { collectRegisteredModules, errorClassAt, errorClassSite, type ClassSite } from './error-classes.js';

/**
 * Values cross thread and process boundaries as msgpack (msgpackr) with extensions for the types
 * a JS program passes around: ObjectRefs, errors (with class, stack and cause), typed arrays,
 * Buffers, Maps, Sets, Dates and BigInts of any size.
 */

const EXT_OBJECT_REF = 0x20;
const EXT_ERROR = 0x21;

/**
 * What the value being packed collects: the ids of the ObjectRefs met in it (refs nested inside
 * it), and the shared-memory segments made for its large arrays. Shared on `globalThis` by every
 * copy of tsray in the thread (see runtime-state.ts): msgpackr's extensions are global, so the
 * last copy loaded (a job's module importing tsray from its package, say) packs for all of them,
 * and with collectors of its own it never saw a pack begin: large results went inline, through
 * gRPC replies that a 1 GiB one overflowed, and nested refs went uncounted.
 */
interface PackCollectors {
  nested: string[] | null;
  segments: string[] | null;
}
const COLLECTORS = Symbol.for('tsray.serializer.collectors');
const collectors: PackCollectors = ((globalThis as Record<symbol, PackCollectors | undefined>)[COLLECTORS] ??= { nested: null, segments: null });

/** Errors unpacked whose class lives in a user module, to be re-attached to it asynchronously. */
let pendingErrorClasses: Array<{ err: Error; site: ClassSite }> | null = null;

/** On an error unpacked as a plain Error: where its class is, so packing it again keeps that. */
const CLASS_SITE = Symbol('tsray.errorClassSite');

addExtension({
  Class: ObjectRef,
  type: EXT_OBJECT_REF,
  write(ref: ObjectRef) {
    collectors.nested?.push(ref.id);
    return ref.id;
  },
  read(id: string) {
    return new ObjectRef(id);
  },
});

const EXT_ACTOR_HANDLE = 0x22;

addExtension({
  Class: ActorHandle,
  type: EXT_ACTOR_HANDLE,
  write(h: ActorHandle) {
    collectors.nested?.push(actorHandleId(h.actorId)); // a stored handle keeps its actor alive
    return [h.actorId, h.descriptor.moduleUrl, h.descriptor.key, h.descriptor.name];
  },
  read([actorId, moduleUrl, key, name]: [string, string, string, string]) {
    return new ActorHandle(actorId, { moduleUrl, key, name });
  },
});

// Placement-group handles cross threads and processes as themselves, so `instanceof`, `ready()`
// and scheduling into the group work in the task that receives one.
const EXT_PLACEMENT_GROUP = 0x2f;

addExtension({
  Class: PlacementGroup,
  type: EXT_PLACEMENT_GROUP,
  write(pg: PlacementGroup) {
    return [pg.id, pg.bundleSpecs, pg.strategy];
  },
  read([id, bundles, strategy]: [string, Bundle[], PlacementGroupStrategy]) {
    return new PlacementGroup(id, bundles, strategy);
  },
});

const EXT_SHARED_ARRAY = 0x23;
const EXT_INLINE_ARRAY = 0x24;
const ARRAY_KINDS = ['Buffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

type Allocate = (size: number) => { target: Uint8Array; position: number };

/** Writes a msgpack ext header (ext8/16/32) for a body of `length` bytes; returns where the body goes. */
function extHeader(allocate: Allocate, type: number, length: number): { target: Uint8Array; position: number } {
  const header = length < 0x100 ? 3 : length < 0x10000 ? 4 : 6;
  const { target, position } = allocate(header + length);
  let p = position;
  if (length < 0x100) {
    target[p++] = 0xc7;
    target[p++] = length;
  } else if (length < 0x10000) {
    target[p++] = 0xc8;
    target[p++] = length >> 8;
    target[p++] = length & 0xff;
  } else {
    target[p++] = 0xc9;
    target[p++] = (length >>> 24) & 0xff;
    target[p++] = (length >> 16) & 0xff;
    target[p++] = (length >> 8) & 0xff;
    target[p++] = length & 0xff;
  }
  target[p++] = type;
  return { target, position: p };
}

// Typed arrays and Buffers: large ones out of band in shared memory (see objectstore/shared-arrays.ts),
// small ones inline. (A `pack` extension: a `write` one would recurse on the array itself.)
addExtension({
  Class: Object.getPrototypeOf(Uint8Array) as new () => ArrayBufferView,
  type: EXT_SHARED_ARRAY,
  pack(view: ArrayBufferView, allocate: Allocate) {
    const kind = arrayKind(view);
    // msgpackr's extensions apply to every Packr: only tsray's own packing (which collects the
    // segments it makes) goes out of band; wire frames carry their bytes inline.
    const segment = collectors.segments ? writeOutOfBand(view) : undefined;
    if (segment !== undefined) {
      collectors.segments?.push(segment);
      // Plain text: msgpackr cannot pack or unpack re-entrantly inside an extension.
      const body = Buffer.from(`${kind}\n${segment}`);
      const { target, position } = extHeader(allocate, EXT_SHARED_ARRAY, body.length);
      target.set(body, position);
      return;
    }
    const { target, position } = extHeader(allocate, EXT_INLINE_ARRAY, view.byteLength + 1);
    target[position] = Math.max(0, ARRAY_KINDS.indexOf(kind));
    target.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), position + 1);
  },
  unpack(body: Uint8Array) {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString();
    const nl = text.indexOf('\n');
    return readOutOfBand(text.slice(nl + 1), text.slice(0, nl));
  },
} as never);

addExtension({
  type: EXT_INLINE_ARRAY,
  unpack(body: Uint8Array) {
    const kind = ARRAY_KINDS[body[0]!] ?? 'Uint8Array';
    const bytes = body.subarray(1);
    if (kind === 'Buffer') return Buffer.from(bytes);
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes); // a fresh, aligned buffer: the message's bytes are transient
    const Ctor = (globalThis as Record<string, unknown>)[kind] as new (b: ArrayBuffer) => ArrayBufferView;
    return new Ctor(copy.buffer);
  },
} as never);

const EXT_ARROW = 0x25;

/** Matches Arrow tables and record batches (of any apache-arrow copy) for msgpackr. */
class ArrowValue {
  static [Symbol.hasInstance](v: unknown): boolean {
    return isArrowValue(v);
  }
}

addExtension({
  Class: ArrowValue,
  type: EXT_ARROW,
  pack(value: object, allocate: Allocate) {
    const body = packArrow(value, collectors.segments);
    const { target, position } = extHeader(allocate, EXT_ARROW, body.length);
    target.set(body, position);
  },
  unpack: unpackArrow,
} as never);

interface PackedError {
  kind?: string;
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
  props?: Record<string, unknown>;
  ctor?: [moduleUrl: string, exportName: string];
  builtin?: string;
}

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

addExtension({
  Class: Error,
  type: EXT_ERROR,
  write(err: Error): PackedError {
    const kinds = errorKinds(err);
    const packed: PackedError = { name: err.name, message: err.message, stack: err.stack };
    if (kinds) packed.kind = kinds[0];
    if ('cause' in err && err.cause !== undefined) packed.cause = safeCause(err.cause);
    const props: Record<string, unknown> = {};
    let any = false;
    for (const key of Object.keys(err)) {
      if (key === 'cause') continue;
      const v = (err as unknown as Record<string, unknown>)[key];
      if (typeof v === 'function' || typeof v === 'symbol') continue;
      props[key] = v;
      any = true;
    }
    if (any) packed.props = props;
    if (!kinds) {
      const ctor = err.constructor as ErrorConstructor | undefined;
      const site = (err as { [CLASS_SITE]?: ClassSite })[CLASS_SITE];
      if (site) packed.ctor = site;
      else if (ctor && BUILTIN_ERRORS[ctor.name] === ctor) packed.builtin = ctor.name;
      else if (ctor) packed.ctor = errorClassSite(ctor);
    }
    return packed;
  },
  read(p: PackedError) {
    const fields: Record<string, unknown> = { ...(p.props ?? {}), message: p.message, stack: p.stack };
    if (p.cause !== undefined) fields.cause = p.cause;
    if (p.kind) {
      const rebuilt = rebuildRayError(p.kind, fields);
      if (rebuilt) return rebuilt;
    }
    const Base = (p.builtin && BUILTIN_ERRORS[p.builtin]) || Error;
    const err = Reflect.construct(Error, [], Base) as Error;
    for (const [k, v] of Object.entries(fields)) {
      Object.defineProperty(err, k, { value: v, writable: true, configurable: true, enumerable: !(k === 'message' || k === 'stack' || k === 'cause') });
    }
    if (p.name !== Base.name) Object.defineProperty(err, 'name', { value: p.name, writable: true, configurable: true, enumerable: false });
    if (p.ctor) {
      Object.defineProperty(err, CLASS_SITE, { value: p.ctor, configurable: true });
      pendingErrorClasses?.push({ err, site: p.ctor });
    }
    return err;
  },
});

/** Causes that cannot be packed (a function, say) are replaced by their description. */
function safeCause(cause: unknown): unknown {
  if (cause === null || typeof cause !== 'object' && typeof cause !== 'function' && typeof cause !== 'symbol') return cause;
  if (typeof cause === 'function' || typeof cause === 'symbol') return String(cause);
  return cause;
}

const PACKR_OPTIONS = {
  moreTypes: true,
  useRecords: true,
  useBigIntExtension: true,
  mapsAsObjects: false,
  int64AsType: 'bigint',
  // Values read from a stored object must not alias it: a reader mutating a Buffer it got
  // would change what every later reader sees.
  copyBuffers: true,
} as ConstructorParameters<typeof Packr>[0];

const packr = new Packr(PACKR_OPTIONS);

/**
 * Packs values that contain cycles (as Ray's pickle does): objects met again are written as
 * references to their first occurrence. Any packr unpacks them; only values with a cycle pay
 * for the bookkeeping.
 */
const cyclicPackr = new Packr({ ...PACKR_OPTIONS, structuredClone: true } as ConstructorParameters<typeof Packr>[0]);

/** A value ready to cross a boundary: its bytes and the ids of the refs nested inside it. */
export interface Packed {
  data: Uint8Array;
  nested?: string[];
  /** Shared-memory segments holding its large arrays; whoever owns the value unlinks them. */
  segments?: string[];
}

/**
 * Packs a value. Values that cannot be represented (functions, symbols, sockets, streams,
 * promises) fail with a SerializationError naming where in the value they were found.
 */
export function pack(value: unknown, what = 'value'): Packed {
  return packChecked(value, what, assertSerializable(value, what));
}

/** Packs a value that `assertSerializable` already accepted (`cyclic`: what it returned). */
export function packChecked(value: unknown, what: string, cyclic = false): Packed {
  const prev = collectors.nested;
  const prevSegments = collectors.segments;
  const refs: string[] = [];
  const segments: string[] = [];
  collectors.nested = refs;
  collectors.segments = segments;
  try {
    // msgpackr returns a view into a buffer it reuses (and grows to the largest value packed so
    // far); posting a view copies the whole buffer, and keeping one pins it. Copy to size.
    const data = new Uint8Array((cyclic ? cyclicPackr : packr).pack(value));
    const packed: Packed = { data };
    if (refs.length > 0) packed.nested = refs;
    if (segments.length > 0) packed.segments = segments;
    return packed;
  } catch (e) {
    if (segments.length > 0) unlinkSegments(segments);
    // A full store is not the value's fault: it keeps its own class and message.
    if (e instanceof ObjectStoreFullError) throw e;
    throw new SerializationError(`Cannot serialize ${what}: ${(e as Error).message}`, { cause: e });
  } finally {
    collectors.nested = prev;
    collectors.segments = prevSegments;
  }
}

/** Unpacks a value. Errors of user classes are re-attached to their class by `resolveErrorClasses`. */
export function unpack(data: Uint8Array, pendingClasses?: Array<{ err: Error; site: ClassSite }>): unknown {
  const prev = pendingErrorClasses;
  pendingErrorClasses = pendingClasses ?? null;
  try {
    // Bytes that crossed a thread arrive as a plain Uint8Array; msgpackr makes Buffers only
    // from a Buffer source.
    return packr.unpack(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } finally {
    pendingErrorClasses = prev;
  }
}

/**
 * Unpacks a value and, for errors whose class a user module exports, makes them instances of
 * that class again where this thread has it (see error-classes.ts). Returns the value itself
 * when no error needs its class (the common case, kept free of promises).
 */
export function unpackWithClasses(data: Uint8Array): unknown {
  const pending: Array<{ err: Error; site: ClassSite }> = [];
  const value = unpack(data, pending);
  return pending.length === 0 ? value : attachClasses(value, pending);
}

async function attachClasses(value: unknown, pending: Array<{ err: Error; site: ClassSite }>): Promise<unknown> {
  await collectRegisteredModules();
  for (const p of pending) {
    // Not found here: the error stays a plain Error with the class's name.
    const Cls = errorClassAt(p.site);
    if (Cls) Object.setPrototypeOf(p.err, Cls.prototype);
  }
  return value;
}

/**
 * Before a thread packs an error: the namespaces of the modules that defined remote functions
 * here, so the error's class is found where it is exported (undefined: nothing to wait for).
 */
export const errorClassesReady = collectRegisteredModules;

const UNSERIALIZABLE_CLASSES = ['Promise', 'WeakMap', 'WeakSet', 'WeakRef', 'MessagePort', 'Worker', 'EventEmitter', 'Socket', 'Server', 'Stream', 'Readable', 'Writable', 'Duplex', 'ChildProcess'];

function describe(v: unknown): string {
  if (typeof v === 'function') return `a function (${(v as Function).name || 'anonymous'})`;
  if (typeof v === 'symbol') return `a symbol (${String(v)})`;
  const name = (v as object).constructor?.name;
  return `an instance of ${name ?? 'an unknown class'}`;
}

function unserializableClass(v: object): string | undefined {
  for (let p = Object.getPrototypeOf(v); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const n = p.constructor?.name;
    if (n && UNSERIALIZABLE_CLASSES.includes(n)) return n;
  }
  return undefined;
}

/**
 * Walks plain objects, arrays, Maps and Sets looking for values msgpack would silently mangle.
 * Returns whether the value contains a cycle (an object inside itself), which packs by reference.
 */
export function assertSerializable(value: unknown, what: string): boolean {
  const seen = new Set<object>();
  let cyclic = false;
  const visit = (v: unknown, path: string): void => {
    const t = typeof v;
    if (t === 'function' || t === 'symbol') {
      throw new SerializationError(`Cannot serialize ${what}: ${path} is ${describe(v)}, which cannot be sent to another thread or process. Pass data instead, or a remote function's result.`);
    }
    if (t !== 'object' || v === null) return;
    const o = v as object;
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer || o instanceof Date || o instanceof ObjectRef || o instanceof ActorHandle || o instanceof RegExp || isArrowValue(o)) return;
    if (seen.has(o)) {
      cyclic = true;
      return;
    }
    const bad = unserializableClass(o);
    if (bad) {
      throw new SerializationError(`Cannot serialize ${what}: ${path} is ${describe(o)} (a ${bad}), which holds live resources and cannot be sent to another thread or process.`);
    }
    seen.add(o);
    if (o instanceof Error) {
      if ('cause' in o && o.cause !== undefined && typeof o.cause === 'object') visit(o.cause, `${path}.cause`);
    } else if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) visit(o[i], `${path}[${i}]`);
    } else if (o instanceof Map) {
      for (const [k, val] of o) { visit(k, `${path} (a Map key)`); visit(val, `${path}.get(${String(k)})`); }
    } else if (o instanceof Set) {
      for (const val of o) visit(val, `${path} (a Set element)`);
    } else {
      for (const k of Object.keys(o)) visit((o as Record<string, unknown>)[k], `${path}.${k}`);
    }
    seen.delete(o);
  };
  visit(value, what);
  return cyclic;
}
