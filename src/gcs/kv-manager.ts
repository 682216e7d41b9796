import { InvalidArgumentError } from '../common/errors.js';
import { TABLES, type GcsStorage } from './gcs-storage.js';
import { KvQuota } from './request-limits.js';

/**
 * The GCS's internal key-value store (Ray's internal KV): byte values under string keys, in
 * namespaces. Used for the job's packaged working directory, function tables and the like.
 */
export class GcsKvManager {
  constructor(private readonly storage: GcsStorage, private readonly quota = new KvQuota()) {}

  /** True when the key was new; without `overwrite` an existing key keeps its value. */
  async put(namespace: string, key: string, value: Uint8Array, overwrite: boolean): Promise<boolean> {
    checkKey(key);
    this.quota.check(namespace, key, value.byteLength);
    const added = await this.storage.put(TABLES.kv(namespace), key, value, overwrite);
    if (added || overwrite) this.quota.stored(namespace, key, value.byteLength);
    return added;
  }

  get(namespace: string, key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    return this.storage.get(TABLES.kv(namespace), key);
  }

  /** Deletes the key, or every key starting with it; returns how many were deleted. */
  async del(namespace: string, key: string, byPrefix: boolean): Promise<number> {
    if (!byPrefix) {
      checkKey(key);
      this.quota.deleted(namespace, key);
      return (await this.storage.delete(TABLES.kv(namespace), key)) ? 1 : 0;
    }
    let n = 0;
    for (const k of await this.storage.keys(TABLES.kv(namespace), key)) {
      this.quota.deleted(namespace, k);
      if (await this.storage.delete(TABLES.kv(namespace), k)) n++;
    }
    return n;
  }

  async exists(namespace: string, key: string): Promise<boolean> {
    checkKey(key);
    return (await this.storage.get(TABLES.kv(namespace), key)) !== undefined;
  }

  async keys(namespace: string, prefix: string): Promise<string[]> {
    return (await this.storage.keys(TABLES.kv(namespace), prefix)).sort();
  }
}

function checkKey(key: string): void {
  if (!key) throw new InvalidArgumentError('internal KV: the key must be a non-empty string');
}
