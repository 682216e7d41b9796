import type { ResourceMap } from '../common/resources.js';
import { ResourcePool, resourceRequest, type ResourceRequest } from './resources.js';
import { GpuAssignment, type GpuGrant } from './gpu-assignment.js';

/** Where work asks to run: a bundle of a placement group, or any of its bundles (index -1). */
export interface BundleTarget {
  readonly pgId: string;
  readonly bundleIndex: number;
}

/**
 * A bundle reserved on this node: its own pool of the bundle's resources, and the GPU devices
 * the bundle holds. Work in the bundle takes from these, never from the node's free pool.
 */
export class BundleSlot {
  readonly pool: ResourcePool;
  /** Devices of the bundle (its share of them is bounded by the pool's GPU amount). */
  readonly gpus: GpuAssignment;

  constructor(
    readonly pgId: string,
    readonly index: number,
    readonly resources: ResourceMap,
    /** The node's devices this bundle holds, if it has GPUs. */
    readonly grant: GpuGrant | undefined,
  ) {
    this.pool = new ResourcePool(resources);
    this.gpus = new GpuAssignment(grant?.ids ?? []);
  }
}

interface Reservation {
  committed: boolean;
  readonly slots: BundleSlot[];
  /** The sum of its bundles, taken from the node's pool. */
  readonly total: ResourceRequest;
}

/**
 * One node's placement-group bundles (the raylet's side of Ray's two-phase reservation):
 * `prepare` takes every bundle of a group on this node from the node's pool and GPU devices, all
 * or none; `commit` makes them usable by work; `release` gives them back (rolling back a
 * prepared group, or removing a committed one). Pure bookkeeping over the node's pool and GPU
 * assignment, which the raylet owns.
 *
 * @example
 * ```ts
 * const r = new BundleReservations(pool, gpus);
 * if (r.prepare('pg1', [{ index: 0, resources: { CPU: 1, GPU: 1 } }]) === null) r.commit('pg1');
 * const slot = r.claim({ pgId: 'pg1', bundleIndex: 0 }, resourceRequest({ CPU: 1 }));
 * ```
 */
export class BundleReservations {
  private readonly groups = new Map<string, Reservation>();

  constructor(
    private readonly node: ResourcePool,
    private readonly nodeGpus: GpuAssignment,
  ) {}

  /**
   * Reserves the bundles (the part of a group placed on this node). Returns null on success, or
   * why not, with nothing reserved: the node's pool and devices are unchanged.
   */
  prepare(pgId: string, bundles: ReadonlyArray<{ readonly index: number; readonly resources: ResourceMap }>): string | null {
    if (this.groups.has(pgId)) return `placement group ${pgId} is already reserved on this node`;
    const sum: ResourceMap = {};
    for (const b of bundles) for (const [n, v] of Object.entries(b.resources)) sum[n] = (sum[n] ?? 0) + v;
    const total = resourceRequest(sum);
    if (!this.node.fits(total)) {
      const free = this.node.availableNow();
      const short = total.entries.filter(([n]) => (free[n] ?? 0) < sum[n]!).map(([n]) => `${n}: ${sum[n]} needed, ${free[n] ?? 0} free`);
      return `the node does not have the bundles' resources free (${short.join('; ')})`;
    }
    // The pool counts GPUs as one amount; a bundle also needs them free device by device.
    const grants: Array<GpuGrant | undefined> = [];
    for (const b of bundles) {
      const gpus = b.resources.GPU ?? 0;
      const grant = gpus > 0 ? this.nodeGpus.assign(gpus) : undefined;
      if (grant === null) {
        for (const g of grants) if (g) this.nodeGpus.release(g);
        return `bundle ${b.index} needs ${gpus} GPU ${gpus < 1 ? 'on one device' : 'on whole devices'}, and the node's free GPU share is split across devices`;
      }
      grants.push(grant);
    }
    this.node.acquire(total);
    const slots = bundles.map((b, i) => new BundleSlot(pgId, b.index, { ...b.resources }, grants[i]));
    this.groups.set(pgId, { committed: false, slots, total });
    return null;
  }

  /** Makes a prepared group's bundles usable. False if it is not prepared here. */
  commit(pgId: string): boolean {
    const r = this.groups.get(pgId);
    if (!r) return false;
    r.committed = true;
    return true;
  }

  /**
   * Gives a group's bundles back to the node: the rollback of a prepare, or the removal of a
   * committed group. Work still running in them keeps its slot objects until it ends; their
   * resources are no longer the node's concern. False if nothing was reserved.
   */
  release(pgId: string): boolean {
    const r = this.groups.get(pgId);
    if (!r) return false;
    this.groups.delete(pgId);
    this.node.release(r.total);
    for (const s of r.slots) if (s.grant) this.nodeGpus.release(s.grant);
    return true;
  }

  isCommitted(pgId: string): boolean {
    return this.groups.get(pgId)?.committed === true;
  }

  /** Groups with bundles reserved here (prepared or committed). */
  get size(): number {
    return this.groups.size;
  }

  /** The bundles of a group on this node (empty if none). */
  slotsOf(pgId: string): readonly BundleSlot[] {
    return this.groups.get(pgId)?.slots ?? [];
  }

  /**
   * Takes a request's resources from a bundle of a committed group: the bundle named by the
   * target, or the first bundle (by index) with room for it. Returns the slot it took them from
   * (release them there), or undefined when no bundle has room now.
   */
  claim(target: BundleTarget, request: ResourceRequest): BundleSlot | undefined {
    const r = this.groups.get(target.pgId);
    if (!r?.committed) return undefined;
    for (const slot of r.slots) {
      if (target.bundleIndex >= 0 && slot.index !== target.bundleIndex) continue;
      if (slot.pool.fits(request) && (request.gpus === 0 || slot.gpus.fits(request.gpus))) {
        slot.pool.acquire(request);
        return slot;
      }
    }
    return undefined;
  }

  /** What is free in each bundle of a group now, by bundle index. */
  availableOf(pgId: string): Map<number, ResourceMap> {
    return new Map(this.slotsOf(pgId).map((s) => [s.index, s.pool.availableNow()]));
  }
}
