import type { GcsStorage } from './gcs-storage.js';

/** GCS storage in this process's memory: the default; the cluster's state ends with the GCS. */
export class MemoryGcsStorage implements GcsStorage {
  private readonly tables = new Map<string, Map<string, Uint8Array>>();

  async get(table: string, key: string): Promise<Uint8Array | undefined> {
    return this.tables.get(table)?.get(key);
  }

  async put(table: string, key: string, value: Uint8Array, overwrite = true): Promise<boolean> {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new Map()));
    const existed = t.has(key);
    // A copy: the caller's buffer may be a view into a larger message it will reuse.
    if (!existed || overwrite) t.set(key, new Uint8Array(value));
    return !existed;
  }

  async delete(table: string, key: string): Promise<boolean> {
    const t = this.tables.get(table);
    const existed = t?.delete(key) ?? false;
    if (t && t.size === 0) this.tables.delete(table);
    return existed;
  }

  async list(table: string, prefix = ''): Promise<Array<[string, Uint8Array]>> {
    const t = this.tables.get(table);
    if (!t) return [];
    return [...t].filter(([k]) => k.startsWith(prefix));
  }

  async keys(table: string, prefix = ''): Promise<string[]> {
    return [...(this.tables.get(table)?.keys() ?? [])].filter((k) => k.startsWith(prefix));
  }

  async close(): Promise<void> {
    this.tables.clear();
  }
}
