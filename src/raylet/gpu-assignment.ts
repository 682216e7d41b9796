import { InvalidArgumentError } from '../common/errors.js';

/**
 * Fixed point, as in resources.ts: four fractions of 0.25 fill a device exactly, and three of
 * 1/3 (rounded down to 3333) fit on one.
 */
const SCALE = 10_000;
const FULL = SCALE;

/**
 * Why an amount of GPUs cannot be requested, or null when it can: a request is a whole number of
 * devices, or a fraction of one device (Ray's rule: 1.5 would straddle two devices).
 */
export function gpuAmountProblem(amount: number): string | null {
  if (!Number.isFinite(amount) || amount < 0) return `numGpus must be a number >= 0, got ${amount}`;
  if (amount > 1 && !Number.isInteger(amount)) {
    return `numGpus must be a whole number of GPUs or a fraction of one GPU (below 1), got ${amount}`;
  }
  return null;
}

/** GPUs granted to one lease: the devices, and the share of each it holds. */
export interface GpuGrant {
  readonly ids: readonly number[];
  /** Per device, in 1/10000 of a device. */
  readonly units: number;
}

/**
 * Which devices of the node each running task or actor holds (Ray's GPU instances). Whole
 * requests take distinct free devices; a fraction takes a share of one device, packed onto the
 * fullest device it still fits on (best fit, as Ray does), so fractions leave whole devices free.
 * Pure bookkeeping: the raylet asks `fits` before it takes the resources, `assign` when the work
 * starts, and `release` when it ends.
 */
export class GpuAssignment {
  /** Free share of each device, by position in `ids`. */
  private readonly free: number[];
  private readonly live = new Set<GpuGrant>();

  constructor(private readonly ids: readonly number[]) {
    if (new Set(ids).size !== ids.length) throw new InvalidArgumentError(`GPU ids must be distinct, got [${ids.join(', ')}].`);
    this.free = ids.map(() => FULL);
  }

  /** How many devices the node has. */
  get size(): number {
    return this.ids.length;
  }

  /** Whether `amount` GPUs could be assigned now. */
  fits(amount: number): boolean {
    return this.pick(amount) !== null;
  }

  /** Takes devices for `amount` GPUs; null when they are not free now. */
  assign(amount: number): GpuGrant | null {
    const positions = this.pick(amount);
    if (positions === null) return null;
    const units = amount >= 1 ? FULL : Math.round(amount * SCALE);
    for (const p of positions) this.free[p]! -= units;
    const grant: GpuGrant = { ids: positions.map((p) => this.ids[p]!), units };
    this.live.add(grant);
    return grant;
  }

  /** Gives a grant's share back; a grant released twice counts once. */
  release(grant: GpuGrant): void {
    if (!this.live.delete(grant)) return;
    for (const id of grant.ids) {
      const p = this.ids.indexOf(id);
      this.free[p]! += grant.units;
    }
  }

  /** Free share of each device, by id (whole devices are 1). */
  freeByDevice(): Map<number, number> {
    return new Map(this.ids.map((id, p) => [id, this.free[p]! / SCALE]));
  }

  /** Positions of the devices a request would take now, or null. */
  private pick(amount: number): number[] | null {
    const problem = gpuAmountProblem(amount);
    if (problem !== null) throw new InvalidArgumentError(`Invalid GPU request: ${problem}.`);
    if (amount === 0) return [];
    if (amount >= 1) {
      const out: number[] = [];
      for (let p = 0; p < this.free.length && out.length < amount; p++) if (this.free[p] === FULL) out.push(p);
      return out.length === amount ? out : null;
    }
    const units = Math.round(amount * SCALE);
    let best = -1;
    for (let p = 0; p < this.free.length; p++) {
      const f = this.free[p]!;
      if (f >= units && (best < 0 || f < this.free[best]!)) best = p;
    }
    return best < 0 ? null : [best];
  }
}
