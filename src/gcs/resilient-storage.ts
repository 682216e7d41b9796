import { ConnectionError } from '../common/errors.js';
import { backoffDelayMs, type BackoffPolicy } from '../rpc/backoff.js';
import type { GcsStorage } from './gcs-storage.js';

export interface ResilientStorageOptions {
  /** Spacing of the attempts to write the kept changes while the backend is down (default 100 ms to 2 s). */
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
}

type Write = { kind: 'put'; value: Uint8Array; overwrite: boolean } | { kind: 'delete' };

interface Kept {
  table: string;
  key: string;
  write: Write;
  /** Which write this is, in the order writes were asked for. */
  seq: number;
}

const FLUSH_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 2000, multiplier: 2, jitter: 0.2 };

/**
 * Wraps a persistent backend so that its failures cannot lose or reorder the GCS's changes, nor
 * stall it:
 * - writes of one key go out one at a time, in the order they were asked for, so a write retried
 *   inside the backend never lands after a newer one;
 * - a write that fails because the backend is unavailable (a ConnectionError) is kept in memory,
 *   its caller gets the error (the GCS answers "unavailable, retry"), and the latest kept value
 *   of each key is written in the background once the backend answers again; reads see kept
 *   values meanwhile;
 * - while changes are kept, new writes fail at once and are kept too, so a cascade (a node's
 *   death ending a thousand actors) does not wait out the backend's retries for each.
 * The GCS's tables are in its memory and authoritative; only a GCS crash while changes are kept
 * loses them.
 */
export class ResilientStorage implements GcsStorage {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly kept = new Map<string, Kept>();
  private readonly lastStored = new Map<string, number>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private lastError: Error | undefined;
  private closed = false;
  private readonly backoff: BackoffPolicy;
  private readonly log: (message: string) => void;

  constructor(
    readonly backend: GcsStorage,
    options: ResilientStorageOptions = {},
  ) {
    this.backoff = options.backoff ?? FLUSH_BACKOFF;
    this.log = options.log ?? ((m) => console.error(m));
  }

  /** Changes waiting for the backend. */
  get keptCount(): number {
    return this.kept.size;
  }

  /** Whether the backend failed and changes wait for it. */
  get degraded(): boolean {
    return this.kept.size > 0;
  }

  async get(table: string, key: string): Promise<Uint8Array | undefined> {
    const k = this.kept.get(id(table, key));
    if (k) return k.write.kind === 'put' ? k.write.value : undefined;
    return this.backend.get(table, key);
  }

  put(table: string, key: string, value: Uint8Array, overwrite = true): Promise<boolean> {
    // A copy: the caller's buffer may be a view into a message it reuses, and it may be kept.
    return this.write(table, key, { kind: 'put', value: new Uint8Array(value), overwrite });
  }

  delete(table: string, key: string): Promise<boolean> {
    return this.write(table, key, { kind: 'delete' });
  }

  async list(table: string, prefix = ''): Promise<Array<[string, Uint8Array]>> {
    const entries = new Map(await this.backend.list(table, prefix));
    for (const k of this.kept.values()) {
      if (k.table !== table || !k.key.startsWith(prefix)) continue;
      if (k.write.kind === 'put') entries.set(k.key, k.write.value);
      else entries.delete(k.key);
    }
    return [...entries];
  }

  async keys(table: string, prefix = ''): Promise<string[]> {
    const keys = new Set(await this.backend.keys(table, prefix));
    for (const k of this.kept.values()) {
      if (k.table !== table || !k.key.startsWith(prefix)) continue;
      if (k.write.kind === 'put') keys.add(k.key);
      else keys.delete(k.key);
    }
    return [...keys];
  }

  /** Writes what is kept (one attempt), then closes the backend. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.timer);
    if (this.kept.size > 0) await this.flush().catch(() => {});
    this.closed = true;
    if (this.kept.size > 0) this.log(`tsray gcs: closing with ${this.kept.size} change(s) not written to storage (${this.lastError?.message ?? 'unavailable'})`);
    await this.backend.close();
  }

  /** Tries once to write every kept change; resolves when none is left, else rejects. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const k of [...this.kept.values()]) {
          await this.enqueue(id(k.table, k.key), k.seq, k.table, k.key, k.write);
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private write(table: string, key: string, w: Write): Promise<boolean> {
    const seq = ++this.seq;
    const keyId = id(table, key);
    if (this.kept.size > 0) {
      this.keep(keyId, { table, key, write: w, seq });
      return Promise.reject(this.unavailable());
    }
    return this.enqueue(keyId, seq, table, key, w).catch((err: unknown) => {
      if (err instanceof ConnectionError) {
        this.lastError = err;
        this.keep(keyId, { table, key, write: w, seq });
      }
      throw err;
    });
  }

  /** Applies one write after the previous write of the same key has settled. */
  private enqueue(keyId: string, seq: number, table: string, key: string, w: Write): Promise<boolean> {
    const previous = this.tails.get(keyId) ?? Promise.resolve();
    const run = async (): Promise<boolean> => {
      // A newer write of the key already reached the backend: this one is superseded.
      if ((this.lastStored.get(keyId) ?? 0) > seq) return false;
      const result = w.kind === 'put' ? await this.backend.put(table, key, w.value, w.overwrite) : await this.backend.delete(table, key);
      this.stored(keyId, seq);
      return result;
    };
    const p = previous.then(run, run);
    const tail = p.catch(() => {});
    this.tails.set(keyId, tail);
    void tail.then(() => {
      if (this.tails.get(keyId) === tail) {
        this.tails.delete(keyId);
        this.lastStored.delete(keyId);
      }
    });
    return p;
  }

  private stored(keyId: string, seq: number): void {
    if ((this.lastStored.get(keyId) ?? 0) < seq) this.lastStored.set(keyId, seq);
    const k = this.kept.get(keyId);
    if (k && k.seq <= seq) {
      this.kept.delete(keyId);
      if (this.kept.size === 0) this.recovered();
    }
  }

  private keep(keyId: string, k: Kept): void {
    const known = this.kept.get(keyId);
    if (known && known.seq > k.seq) return;
    const first = this.kept.size === 0;
    this.kept.set(keyId, k);
    if (first) {
      this.log(`tsray gcs: storage unavailable (${this.lastError?.message ?? 'a write failed'}); keeping changes in memory and writing them once it answers`);
      this.failures = 0;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => {
          this.failures = 0;
          if (this.kept.size > 0) this.schedule();
        },
        (err: unknown) => {
          this.lastError = err as Error;
          this.failures++;
          this.schedule();
        },
      );
    }, backoffDelayMs(this.failures, this.backoff));
    this.timer.unref();
  }

  private recovered(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.log('tsray gcs: storage answers again; every kept change is written');
  }

  private unavailable(): ConnectionError {
    return new ConnectionError(
      `the GCS's storage is unavailable (${this.lastError?.message ?? 'a write failed'}); ${this.kept.size} change(s) are kept and will be written once it answers`,
      { cause: this.lastError },
    );
  }
}

function id(table: string, key: string): string {
  return `${table}\u0000${key}`;
}
