import { InvalidArgumentError } from '../common/errors.js';
import type { Raylet, RunnableTask } from '../raylet/raylet.js';
import type { ResourceMap } from '../common/resources.js';
import type { PlacementGroupClient, PlacementGroupState, PlacementGroupTableEntry, PlacementGroupWaitResult } from '../common/placement-group.js';
import { bundleFitProblem, placeBundles } from '../scheduler/bundle-placement.js';
import type { SubmittedPlacementGroup } from '../common/protocol.js';

/**
 * The other nodes of a cluster, for groups whose bundles span nodes: reservation is two-phase.
 * `prepare` reserves bundles on a node (they hold resources but no work may use them until
 * the group is created); once every node prepared, the group is created; if any node refuses,
 * the prepared ones are released, so no partial group is ever usable.
 */
export interface PlacementGroupCluster {
  /** Alive nodes with their resources now, this one included. */
  nodes(): Array<{ nodeId: string; total: ResourceMap; available: ResourceMap }>;
  /** Reserves bundles on another node: null, or why it cannot (it may have run out meanwhile). */
  prepare(nodeId: string, pgId: string, bundles: Array<{ index: number; resources: ResourceMap }>): Promise<string | null>;
  /** Returns a group's bundles on another node (undoing a prepare, or removing the group). */
  release(nodeId: string, pgId: string): Promise<void>;
}

interface GroupRecord {
  readonly spec: SubmittedPlacementGroup;
  state: PlacementGroupState;
  /** A reservation across nodes is in flight (cluster mode). */
  placing?: boolean;
  nodeIds: Array<string | null>;
  reason: string | undefined;
  waiters: Set<(r: PlacementGroupWaitResult) => void> | undefined;
}

/** Removed groups stay in the table for a while (Ray keeps them too), then are forgotten. */
const REMOVED_KEPT = 1000;

/**
 * The GCS's placement-group table and scheduler, embedded mode: places each group on the node
 * with the pure policy (scheduler/bundle-placement.ts), reserves it on the raylet all at once,
 * keeps groups that do not fit pending with the reason, and retries them (in creation order)
 * whenever resources come back. Removal runs `onRemoved` (which kills the group's actors and
 * ends its tasks) before the bundles go back to the node.
 */
export class PlacementGroupManager implements PlacementGroupClient {
  private readonly groups = new Map<string, GroupRecord>();
  /** `${namespace}/${name}` of live groups -> id. */
  private readonly names = new Map<string, string>();
  /** Groups waiting to be placed, in creation order. */
  private readonly pending = new Set<GroupRecord>();
  private readonly removed: string[] = [];
  private retrying = false;
  /** Set in cluster mode: bundles may go to other nodes. */
  cluster: PlacementGroupCluster | undefined;
  /** Told when a group is created, placed or removed (cluster mode publishes it for `tsray status`). */
  onChange: ((entry: PlacementGroupTableEntry) => void) | undefined;

  constructor(
    private readonly raylet: Pick<Raylet<RunnableTask>, 'nodeId' | 'pool' | 'reserveBundles' | 'returnBundles'>,
    private readonly onRemoved: (pgId: string, why: string) => void,
  ) {}

  create(spec: SubmittedPlacementGroup): void {
    const nameKey = spec.name === undefined ? undefined : `${spec.namespace}/${spec.name}`;
    if (nameKey !== undefined && this.names.has(nameKey)) {
      throw new InvalidArgumentError(`A placement group named "${spec.name}" already exists in namespace "${spec.namespace}". Pick another name, or reach it with ray.getPlacementGroup('${spec.name}').`);
    }
    if (this.groups.has(spec.pgId)) throw new InvalidArgumentError(`Placement group ${spec.pgId} already exists.`);
    if (nameKey !== undefined) this.names.set(nameKey, spec.pgId);
    const record: GroupRecord = { spec, state: 'PENDING', nodeIds: spec.bundles.map(() => null), reason: undefined, waiters: undefined };
    this.groups.set(spec.pgId, record);
    this.onChange?.(this.entry(record));
    if (this.cluster) {
      // Reservation across nodes is asynchronous: the group waits in line until it completes.
      this.pending.add(record);
      this.retryPending();
      return;
    }
    // Groups already waiting go first (Ray places pending groups in order).
    if (this.pending.size > 0 || !this.tryPlace(record)) this.pending.add(record);
    if (this.pending.size > 1) this.retryPending();
  }

  /** Records a group that could not be created (a worker asked for a taken name): born removed. */
  createFailed(spec: SubmittedPlacementGroup, why: string): void {
    if (this.groups.has(spec.pgId)) return;
    const record: GroupRecord = { spec, state: 'REMOVED', nodeIds: spec.bundles.map(() => null), reason: why, waiters: undefined };
    this.groups.set(spec.pgId, record);
    this.forgetLater(spec.pgId);
  }

  remove(pgId: string): void {
    const record = this.groups.get(pgId);
    if (!record || record.state === 'REMOVED') return;
    const wasCreated = record.state === 'CREATED';
    record.state = 'REMOVED';
    record.reason = undefined;
    this.pending.delete(record);
    const { name, namespace } = record.spec;
    if (name !== undefined && this.names.get(`${namespace}/${name}`) === pgId) this.names.delete(`${namespace}/${name}`);
    const why = `its placement group ${pgId} was removed`;
    this.onRemoved(pgId, why);
    if (wasCreated) this.returnAll(pgId, record.nodeIds);
    this.wake(record, { state: 'REMOVED', reason: `placement group ${pgId} was removed before it was placed` });
    this.forgetLater(pgId);
    this.retryPending();
  }

  /** Removes the groups of a job that ended, but for detached ones (Ray's rule). */
  removeOfJob(jobId: string): void {
    for (const record of [...this.groups.values()]) {
      if (record.state !== 'REMOVED' && !record.spec.detached && record.spec.job?.jobId === jobId) this.remove(record.spec.pgId);
    }
  }

  wait(pgId: string, timeoutMs: number | undefined): Promise<PlacementGroupWaitResult> {
    const record = this.groups.get(pgId);
    if (!record) return Promise.resolve({ state: 'REMOVED', reason: `placement group ${pgId} does not exist in this cluster` });
    if (record.state === 'CREATED') return Promise.resolve({ state: 'CREATED' });
    if (record.state === 'REMOVED') return Promise.resolve({ state: 'REMOVED', reason: record.reason ?? `placement group ${pgId} was removed` });
    if (timeoutMs !== undefined && timeoutMs <= 0) return Promise.resolve({ state: 'PENDING' });
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (r: PlacementGroupWaitResult): void => {
        if (timer) clearTimeout(timer);
        record.waiters?.delete(done);
        resolve(r);
      };
      (record.waiters ??= new Set()).add(done);
      if (timeoutMs !== undefined) timer = setTimeout(() => done({ state: 'PENDING' }), timeoutMs);
    });
  }

  isCreated(pgId: string): boolean {
    return this.groups.get(pgId)?.state === 'CREATED';
  }

  async lookup(name: string, namespace: string): Promise<SubmittedPlacementGroup | null> {
    const id = this.names.get(`${namespace}/${name}`);
    return id === undefined ? null : this.groups.get(id)!.spec;
  }

  async table(): Promise<PlacementGroupTableEntry[]> {
    return [...this.groups.values()].map((r) => this.entry(r));
  }

  private entry(r: GroupRecord): PlacementGroupTableEntry {
    const { spec } = r;
    const out: PlacementGroupTableEntry = {
      placementGroupId: spec.pgId,
      name: spec.name,
      namespace: spec.namespace,
      strategy: spec.strategy,
      state: r.state,
      bundles: spec.bundles.map((b) => ({ ...b })),
      bundlesToNodeId: [...r.nodeIds],
      lifetime: spec.detached ? 'detached' : 'non_detached',
    };
    if (r.reason !== undefined) out.reason = r.reason;
    return out;
  }

  /**
   * Why work asking for these resources in this group's bundle can never run there, or null.
   * A group still pending is fine: its work waits for it.
   */
  problem(target: { pgId: string; bundleIndex: number }, resources: ResourceMap): string | null {
    const record = this.groups.get(target.pgId);
    if (!record) return `its placement group ${target.pgId} does not exist in this cluster`;
    if (record.state === 'REMOVED') return `its placement group ${target.pgId} was removed`;
    return bundleFitProblem(record.spec.bundles, target.bundleIndex, resources);
  }

  /** Tries the pending groups in creation order (resources came back). */
  retryPending(): void {
    if (this.pending.size === 0 || this.retrying) return;
    this.retrying = true;
    try {
      for (const record of [...this.pending]) {
        if (this.tryPlace(record)) this.pending.delete(record);
      }
    } finally {
      this.retrying = false;
    }
  }

  /** The node holding a bundle of a created group (undefined while pending, or for any bundle: the first). */
  nodeOfBundle(pgId: string, bundleIndex: number): string | undefined {
    const record = this.groups.get(pgId);
    if (record?.state !== 'CREATED') return undefined;
    return record.nodeIds[bundleIndex < 0 ? 0 : bundleIndex] ?? undefined;
  }

  /** Whether this node holds a bundle of the group (any, for index -1). */
  holdsHere(pgId: string, bundleIndex: number): boolean {
    const record = this.groups.get(pgId);
    if (record?.state !== 'CREATED') return true; // pending: its work waits here for it
    const here = this.raylet.nodeId;
    return bundleIndex < 0 ? record.nodeIds.includes(here) : record.nodeIds[bundleIndex] === here;
  }

  /** Returns a group's bundles, here and on the other nodes holding some. */
  private returnAll(pgId: string, nodeIds: ReadonlyArray<string | null>): void {
    for (const nodeId of new Set(nodeIds)) {
      if (nodeId === null) continue;
      if (nodeId === this.raylet.nodeId) this.raylet.returnBundles(pgId);
      else void this.cluster?.release(nodeId, pgId).catch(() => {
        // the node is gone, and the bundles with it
      });
    }
  }

  /** Places a group now if it fits, all bundles or none; otherwise records why not. */
  private tryPlace(record: GroupRecord): boolean {
    if (this.cluster) {
      this.tryPlaceAcrossNodes(record, this.cluster);
      return false; // it leaves the pending set when the reservation completes
    }
    const { spec } = record;
    const raylet = this.raylet;
    const plan = placeBundles(spec.bundles, spec.strategy, [{ nodeId: raylet.nodeId, total: raylet.pool.totals(), available: raylet.pool.availableNow() }]);
    if (plan.kind !== 'placed') {
      record.reason = plan.reason;
      return false;
    }
    // The policy sees totals; the raylet also needs GPUs free device by device.
    const problem = raylet.reserveBundles(spec.pgId, spec.bundles.map((resources, index) => ({ index, resources })));
    if (problem !== null) {
      record.reason = `waiting for resources: ${problem}`;
      return false;
    }
    record.state = 'CREATED';
    record.reason = undefined;
    record.nodeIds = [...plan.nodeIds];
    this.wake(record, { state: 'CREATED' });
    return true;
  }

  /**
   * Places a group over the cluster's nodes: the pure policy picks a node per bundle, then each
   * node reserves its bundles (this one directly, the others by RPC); if any refuses, those
   * that reserved release, and the group stays pending with the reason.
   */
  private tryPlaceAcrossNodes(record: GroupRecord, cluster: PlacementGroupCluster): void {
    if (record.placing || record.state !== 'PENDING') return;
    const { spec } = record;
    const plan = placeBundles(spec.bundles, spec.strategy, cluster.nodes());
    if (plan.kind !== 'placed') {
      record.reason = plan.reason;
      return;
    }
    const byNode = new Map<string, Array<{ index: number; resources: ResourceMap }>>();
    plan.nodeIds.forEach((nodeId, index) => {
      let list = byNode.get(nodeId);
      if (!list) byNode.set(nodeId, (list = []));
      list.push({ index, resources: spec.bundles[index]! });
    });
    record.placing = true;
    const prepared: string[] = [];
    void (async () => {
      for (const [nodeId, bundles] of byNode) {
        const problem = nodeId === this.raylet.nodeId
          ? this.raylet.reserveBundles(spec.pgId, bundles)
          : await cluster.prepare(nodeId, spec.pgId, bundles).catch((e: Error) => `node ${nodeId} failed: ${e.message}`);
        if (problem !== null) {
          record.reason = `waiting for resources: ${problem}`;
          this.returnAll(spec.pgId, prepared);
          return;
        }
        prepared.push(nodeId);
      }
      if (record.state !== 'PENDING') {
        this.returnAll(spec.pgId, prepared); // removed while reserving
        return;
      }
      record.state = 'CREATED';
      record.reason = undefined;
      record.nodeIds = [...plan.nodeIds];
      this.pending.delete(record);
      this.wake(record, { state: 'CREATED' });
    })().finally(() => {
      record.placing = false;
    });
  }

  private wake(record: GroupRecord, result: PlacementGroupWaitResult): void {
    this.onChange?.(this.entry(record));
    const waiters = record.waiters;
    record.waiters = undefined;
    if (waiters) for (const w of waiters) w(result);
  }

  private forgetLater(pgId: string): void {
    this.removed.push(pgId);
    if (this.removed.length > REMOVED_KEPT) this.groups.delete(this.removed.shift()!);
  }

  /** Shutdown: whoever waits on a group hears that it is gone. */
  close(): void {
    for (const record of this.groups.values()) this.wake(record, { state: 'REMOVED', reason: 'tsray is shutting down' });
    this.pending.clear();
  }
}
