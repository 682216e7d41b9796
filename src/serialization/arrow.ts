import { createRequire } from 'node:module';
import { readOutOfBand, writeOutOfBand } from '../objectstore/shared-arrays.js';

/**
 * Apache Arrow tables and record batches travel in Arrow's IPC stream format; large ones go to
 * shared memory, and readers rebuild them with `tableFromIPC` over a view of it, so their
 * columns point into the shared segment rather than into a copy.
 *
 * apache-arrow is loaded (synchronously, on first use) only by programs that send Arrow values.
 */

type ArrowModule = typeof import('apache-arrow');
let arrow: ArrowModule | undefined;

/**
 * The ES-module build, loaded synchronously (require of ESM): it is the same module instance a
 * program gets from `import ... from 'apache-arrow'`, and Arrow's writer only understands the
 * tables of its own instance.
 */
function loadArrow(): ArrowModule {
  if (!arrow) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('apache-arrow').replace(/Arrow\.node\.js$/, 'Arrow.node.mjs');
    arrow = require(entry) as ArrowModule;
  }
  return arrow;
}

interface ArrowLike {
  schema?: unknown;
  batches?: unknown;
  numRows?: unknown;
}

/** Tables and RecordBatches of any copy of apache-arrow, recognised by shape. */
export function isArrowValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const name = (v as object).constructor?.name;
  const a = v as ArrowLike;
  return (name === 'Table' && Array.isArray(a.batches) && typeof a.schema === 'object')
    || (name === 'RecordBatch' && typeof a.numRows === 'number' && typeof a.schema === 'object');
}

const IS_BATCH = 1;
const OUT_OF_BAND = 2;

/** The IPC bytes of an Arrow value (or the name of the segment holding them), with flags. */
export function packArrow(value: object, segments: string[] | null): Uint8Array {
  const lib = loadArrow();
  const isBatch = value.constructor.name === 'RecordBatch';
  const table = isBatch ? new lib.Table(value as InstanceType<ArrowModule['RecordBatch']>) : (value as InstanceType<ArrowModule['Table']>);
  const ipc = lib.tableToIPC(table, 'stream');
  // Out of band only inside tsray's own packing (see the typed-array extension).
  const segment = segments ? writeOutOfBand(ipc) : undefined;
  const flags = (isBatch ? IS_BATCH : 0) | (segment ? OUT_OF_BAND : 0);
  const payload = segment ? Buffer.from(segment) : ipc;
  if (segment) segments?.push(segment);
  const body = new Uint8Array(payload.length + 1);
  body[0] = flags;
  body.set(payload, 1);
  return body;
}

export function unpackArrow(body: Uint8Array): unknown {
  const lib = loadArrow();
  const flags = body[0]!;
  const rest = body.subarray(1);
  const bytes = flags & OUT_OF_BAND
    ? (readOutOfBand(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength).toString(), 'Uint8Array') as Uint8Array)
    : rest.slice(); // the message's bytes are transient
  const table = lib.tableFromIPC(bytes);
  return flags & IS_BATCH ? table.batches[0] ?? new lib.RecordBatch(table.schema) : table;
}
