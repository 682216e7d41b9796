import { Packr } from 'msgpackr';

/**
 * Where the GCS keeps its tables: string keys to byte values, grouped in named tables. The GCS
 * holds its working state in memory and writes every change through to storage, so a GCS
 * restarted on a persistent backend (RedisGcsStorage) finds its nodes, jobs, actors and KV
 * again. Implementations must be safe for concurrent calls. A backend that cannot reach its
 * store for now fails with a ConnectionError (the GCS answers its caller "unavailable, retry").
 */
export interface GcsStorage {
  get(table: string, key: string): Promise<Uint8Array | undefined>;
  /** Stores the value; with `overwrite: false` an existing key keeps its value. True when the key was new. */
  put(table: string, key: string, value: Uint8Array, overwrite?: boolean): Promise<boolean>;
  /** True when the key existed. */
  delete(table: string, key: string): Promise<boolean>;
  /** Every entry of the table whose key starts with `prefix` (all when empty). */
  list(table: string, prefix?: string): Promise<Array<[string, Uint8Array]>>;
  /** Only the keys, for listings that do not need values. */
  keys(table: string, prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The GCS's table names in storage. */
export const TABLES = {
  /** The cluster's own facts: its id, so a restarted GCS keeps it. */
  meta: 'meta',
  nodes: 'nodes',
  jobs: 'jobs',
  actors: 'actors',
  /** One table per KV namespace. */
  kv: (namespace: string) => `kv:${namespace}`,
} as const;

// Records are plain objects (the proto shapes); msgpack keeps their bytes fields as bytes.
const packr = new Packr({ useRecords: false });

export function encodeRecord(record: unknown): Uint8Array {
  return packr.pack(record);
}

export function decodeRecord<T>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}
