import type { ResourceMap } from '../common/resources.js';

/** Amounts are kept in fixed point (1/10000 of a unit) so fractional GPUs add up exactly. */
const SCALE = 10_000;

const toUnits = (x: number): number => Math.round(x * SCALE);
const fromUnits = (u: number): number => u / SCALE;

/**
 * A task's resource demand, precomputed once per task shape: scaled amounts, and a key that
 * names the shape so tasks of one shape queue together (Ray's scheduling class).
 */
export interface ResourceRequest {
  readonly entries: ReadonlyArray<readonly [string, number]>;
  readonly key: string;
  /** GPUs asked for (0 for none): they are assigned device by device, beyond the pool's count. */
  readonly gpus: number;
}

const requestCache = new Map<string, ResourceRequest>();
/** A remote function passes the same map with every call: remember its request by identity. */
const requestByMap = new WeakMap<ResourceMap, ResourceRequest>();

/** Builds (and interns) the request for a resource map; zero amounts are dropped. */
export function resourceRequest(map: ResourceMap): ResourceRequest {
  const known = requestByMap.get(map);
  if (known) return known;
  const req = internRequest(map);
  requestByMap.set(map, req);
  return req;
}

function internRequest(map: ResourceMap): ResourceRequest {
  const names = Object.keys(map).filter((k) => map[k] !== 0).sort();
  const key = names.map((n) => `${n}:${map[n]}`).join(',');
  let req = requestCache.get(key);
  if (!req) {
    req = { entries: names.map((n) => [n, toUnits(map[n]!)] as const), key, gpus: map.GPU ?? 0 };
    requestCache.set(key, req);
  }
  return req;
}

/** The CPU part of a request: what a task gives back while it is blocked in `get`. */
export function cpuPart(req: ResourceRequest): ResourceRequest {
  const cpu = req.entries.find(([n]) => n === 'CPU');
  return cpu ? resourceRequest({ CPU: fromUnits(cpu[1]) }) : resourceRequest({});
}

export function requestToMap(req: ResourceRequest): ResourceMap {
  const out: ResourceMap = {};
  for (const [n, u] of req.entries) out[n] = fromUnits(u);
  return out;
}

/** A node's pool of resources: totals and what is available now. Pure accounting. */
export class ResourcePool {
  private readonly total = new Map<string, number>();
  private readonly available = new Map<string, number>();

  constructor(totals: ResourceMap) {
    for (const [n, v] of Object.entries(totals)) {
      if (v > 0) {
        this.total.set(n, toUnits(v));
        this.available.set(n, toUnits(v));
      }
    }
  }

  /** Whether the request fits in what is available now. */
  fits(req: ResourceRequest): boolean {
    for (const [n, u] of req.entries) if ((this.available.get(n) ?? 0) < u) return false;
    return true;
  }

  /** How many more copies of the request fit now, counting up to `cap`. */
  fitCount(req: ResourceRequest, cap: number): number {
    let n = cap;
    for (const [name, u] of req.entries) {
      if (u > 0) n = Math.min(n, Math.floor(Math.max(0, this.available.get(name) ?? 0) / u));
    }
    return n;
  }

  /** Whether the request could ever fit on this node (it fits in the totals). */
  feasible(req: ResourceRequest): boolean {
    for (const [n, u] of req.entries) if ((this.total.get(n) ?? 0) < u) return false;
    return true;
  }

  /** Takes the request; may drive availability negative (a blocked task taking its CPU back). */
  acquire(req: ResourceRequest): void {
    for (const [n, u] of req.entries) this.available.set(n, (this.available.get(n) ?? 0) - u);
  }

  release(req: ResourceRequest): void {
    for (const [n, u] of req.entries) this.available.set(n, (this.available.get(n) ?? 0) + u);
  }

  totals(): ResourceMap {
    const out: ResourceMap = {};
    for (const [n, u] of this.total) out[n] = fromUnits(u);
    return out;
  }

  availableNow(): ResourceMap {
    const out: ResourceMap = {};
    for (const [n, u] of this.available) if (u > 0) out[n] = fromUnits(u);
    return out;
  }

  /** Explains why a request can never fit, naming each resource short of it. */
  explainInfeasible(req: ResourceRequest): string {
    const short: string[] = [];
    for (const [n, u] of req.entries) {
      const t = this.total.get(n) ?? 0;
      if (t < u) short.push(`${n}: requested ${fromUnits(u)}, node total ${fromUnits(t)}`);
    }
    return short.join('; ');
  }
}
