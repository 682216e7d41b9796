import { InvalidArgumentError } from '../common/errors.js';

/**
 * What the GCS accepts from a caller, checked at its edge: every caller holds the cluster
 * token, but a buggy or compromised one must not be able to grow the GCS without bound or
 * poison the resource view every node schedules from. Errors name the field and the limit.
 */
export const GCS_LIMITS = {
  /** Node, actor, job and placement-group ids, names and namespaces. */
  idChars: 256,
  kvKeyChars: 1024,
  /** One KV value: a job's code package (at most 100 MiB, see runtime-env) fits. */
  kvValueBytes: 128 * 2 ** 20,
  /** All KV values together (`TSRAY_GCS_KV_MAX_BYTES`). */
  kvTotalBytes: Number(process.env.TSRAY_GCS_KV_MAX_BYTES) || 2 * 2 ** 30,
  resourceKinds: 1024,
  /** Larger than any real amount (memory in bytes included), small enough to stay exact. */
  resourceAmount: 2 ** 52,
  /** Open subscriptions (Subscribe streams) per caller connection, and in all. */
  subscriptionsPerPeer: 64,
  subscriptions: 4096,
} as const;

/** A required id: a non-empty string of at most `idChars`. */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(`${field} is required`);
  return checkLength(value, field, GCS_LIMITS.idChars);
}

/** A string no longer than `max` characters. */
export function checkLength(value: string, field: string, max: number): string {
  if (value.length > max) throw new InvalidArgumentError(`${field} is ${value.length} characters long; at most ${max} are accepted`);
  return value;
}

/** Resource amounts: at most `resourceKinds` names, each amount finite, non-negative and bounded. */
export function checkResourceAmounts(amounts: Record<string, unknown> | null | undefined, field: string): void {
  if (!amounts) return;
  const names = Object.keys(amounts);
  if (names.length > GCS_LIMITS.resourceKinds) throw new InvalidArgumentError(`${field} names ${names.length} resources; at most ${GCS_LIMITS.resourceKinds} are accepted`);
  for (const name of names) {
    checkLength(name, `${field}: a resource name`, GCS_LIMITS.idChars);
    const v = amounts[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > GCS_LIMITS.resourceAmount) {
      throw new InvalidArgumentError(`${field}.${name} must be a finite number from 0 to ${GCS_LIMITS.resourceAmount}, got ${String(v)}`);
    }
  }
}

/**
 * Counts the bytes of the KV's values, refusing a put that would take one value or all of
 * them past their limits. Sizes are those put since this GCS started (a GCS that recovered
 * from Redis counts what it is given from then on).
 */
export class KvQuota {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly valueLimit: number = GCS_LIMITS.kvValueBytes, private readonly totalLimit: number = GCS_LIMITS.kvTotalBytes) {}

  /** Throws unless `bytes` may be stored under the key (replacing what it holds). */
  check(namespace: string, key: string, bytes: number): void {
    checkLength(namespace, 'KV namespace', GCS_LIMITS.idChars);
    checkLength(key, 'KV key', GCS_LIMITS.kvKeyChars);
    if (bytes > this.valueLimit) throw new InvalidArgumentError(`KV value of ${bytes} bytes under "${key}": at most ${this.valueLimit} bytes are accepted`);
    const after = this.total - (this.sizes.get(`${namespace}\0${key}`) ?? 0) + bytes;
    if (after > this.totalLimit) {
      throw new InvalidArgumentError(`KV put of ${bytes} bytes under "${key}" refused: the KV would hold ${after} bytes, over its limit of ${this.totalLimit} (TSRAY_GCS_KV_MAX_BYTES)`);
    }
  }

  stored(namespace: string, key: string, bytes: number): void {
    const id = `${namespace}\0${key}`;
    this.total += bytes - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, bytes);
  }

  deleted(namespace: string, key: string): void {
    const id = `${namespace}\0${key}`;
    this.total -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
  }

  get bytes(): number {
    return this.total;
  }
}

/** Open subscriptions per caller connection and in all, refusing past the limits. */
export class SubscriptionQuota {
  private readonly byPeer = new Map<string, number>();
  private open = 0;

  constructor(private readonly perPeer: number = GCS_LIMITS.subscriptionsPerPeer, private readonly limit: number = GCS_LIMITS.subscriptions) {}

  /** Takes a place for `peer`; returns its release. Throws when the caller or the GCS is full. */
  take(peer: string): () => void {
    const mine = this.byPeer.get(peer) ?? 0;
    if (mine >= this.perPeer) throw new InvalidArgumentError(`Subscribe refused: this connection has ${mine} open subscriptions, the most one may hold`);
    if (this.open >= this.limit) throw new InvalidArgumentError(`Subscribe refused: the GCS holds ${this.open} subscriptions, its limit`);
    this.byPeer.set(peer, mine + 1);
    this.open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      const left = (this.byPeer.get(peer) ?? 1) - 1;
      if (left > 0) this.byPeer.set(peer, left);
      else this.byPeer.delete(peer);
    };
  }
}
