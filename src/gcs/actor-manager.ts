import { InvalidArgumentError } from '../common/errors.js';
import { GCS_LIMITS, checkId, checkLength } from './request-limits.js';
import type {
  ActorTableData,
  ListActorsRequest,
  RegisterActorRequest,
  SchedulingStrategyMsg,
  UpdateActorStateRequest,
  Wire,
} from '../rpc/messages.js';
import { placeActor, type PlacementStrategy } from '../scheduler/actor-placement.js';
import { TABLES, decodeRecord, encodeRecord, type GcsStorage } from './gcs-storage.js';
import type { Publisher } from './pubsub.js';
import type { ClusterResourceView } from './resource-view.js';

export interface ActorManagerDeps {
  storage: GcsStorage;
  publisher: Publisher;
  view: ClusterResourceView;
  wallNow: () => number;
}

/** States in which an actor holds (or waits for) a place and its name. */
const LIVE_STATES = new Set(['DEPENDENCIES_UNREADY', 'PENDING_CREATION', 'ALIVE', 'RESTARTING']);

const nameKey = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/**
 * For changes the GCS makes by itself (a node died, a job ended): the change is made and
 * published; if storing it fails, storage keeps it for later, and the next actor must not wait.
 */
async function tolerate(change: Promise<unknown>, actor: ActorTableData): Promise<void> {
  try {
    await change;
  } catch (err) {
    console.error(`tsray gcs: storing actor ${actor.actorId} (${actor.state}) failed (kept for later): ${(err as Error).message}`);
  }
}

function toStrategy(s: SchedulingStrategyMsg | null): PlacementStrategy {
  switch (s?.kind ?? 'DEFAULT') {
    case 'SPREAD':
      return { kind: 'SPREAD' };
    case 'NODE_AFFINITY':
      return { kind: 'NODE_AFFINITY', nodeId: s!.nodeId, soft: s!.soft };
    case 'PLACEMENT_GROUP':
      throw new InvalidArgumentError('actors in placement groups are not supported by this GCS yet');
    default:
      return { kind: 'DEFAULT' };
  }
}

/**
 * The GCS's actor table (Ray's GcsActorManager): registers actors, keeps names unique per
 * namespace, places each actor on a node from the resource view, and moves actors through their
 * states. It does not create actors itself: every change is published on the ACTOR channel, and
 * the raylet of the chosen node creates the actor from the stored creation task and reports it
 * ALIVE (UpdateActorState). An actor whose node or worker dies is re-placed while restarts remain.
 */
export class GcsActorManager {
  private readonly actors = new Map<string, ActorTableData>();
  private readonly named = new Map<string, string>();
  private spreadCount = 0;

  constructor(private readonly deps: ActorManagerDeps) {}

  async register(request: RegisterActorRequest): Promise<{ actor: ActorTableData; existed: boolean }> {
    const spec = request.actor;
    if (!spec) throw new InvalidArgumentError('RegisterActor: actor is required');
    checkId(spec.actorId, 'RegisterActor: actor.actorId');
    checkLength(spec.name ?? '', 'RegisterActor: actor.name', GCS_LIMITS.idChars);
    checkLength(spec.namespace ?? '', 'RegisterActor: actor.namespace', GCS_LIMITS.idChars);
    const known = this.actors.get(spec.actorId);
    // A retried registration (the reply was lost) gets the same record back.
    if (known) return { actor: known, existed: false };
    if (spec.name) {
      const holder = this.named.get(nameKey(spec.namespace, spec.name));
      if (holder) {
        if (request.getIfExists) return { actor: this.actors.get(holder)!, existed: true };
        throw new InvalidArgumentError(
          `the actor name "${spec.name}" is already taken in namespace "${spec.namespace}" (by actor ${holder}); ` +
            'pick another name, or pass getIfExists to get that actor',
        );
      }
    }
    const strategy = toStrategy(spec.schedulingStrategy);
    const actor: ActorTableData = {
      ...spec,
      state: 'PENDING_CREATION',
      nodeId: '',
      address: null,
      numRestarts: 0,
      deathCause: '',
      startTimeMs: this.deps.wallNow(),
      endTimeMs: 0,
      pid: 0,
      placementMessage: '',
    };
    this.place(actor, strategy, request.callerNodeId, request.avoidNodeIds);
    this.actors.set(actor.actorId, actor);
    if (actor.name) this.named.set(nameKey(actor.namespace, actor.name), actor.actorId);
    await this.changed(actor);
    return { actor, existed: false };
  }

  get(actorId: string): ActorTableData | undefined {
    return this.actors.get(actorId);
  }

  /** A live actor by name. */
  getNamed(name: string, namespace: string): ActorTableData | undefined {
    const id = this.named.get(nameKey(namespace, name));
    return id === undefined ? undefined : this.actors.get(id);
  }

  list(filter: Wire<ListActorsRequest>): ActorTableData[] {
    return [...this.actors.values()].filter(
      (a) =>
        (!filter.namespace || a.namespace === filter.namespace) &&
        (!filter.jobId || a.jobId === filter.jobId) &&
        (filter.includeDead || a.state !== 'DEAD'),
    );
  }

  /** A report from the node hosting the actor. */
  async updateState(request: UpdateActorStateRequest): Promise<ActorTableData> {
    const actor = this.require(request.actorId);
    // A dead actor stays dead: a late ALIVE (created while it was being killed) changes nothing,
    // and the raylet learns from the published DEAD state to end it.
    if (actor.state === 'DEAD') return actor;
    switch (request.state) {
      case 'ALIVE':
        actor.state = 'ALIVE';
        actor.address = request.address;
        if (request.address?.nodeId) actor.nodeId = request.address.nodeId;
        actor.pid = request.pid;
        actor.placementMessage = '';
        await this.changed(actor);
        return actor;
      case 'RESTARTING':
        await this.restartOrDie(actor, request.deathCause || 'its worker died', request.avoidNodeIds);
        return actor;
      case 'DEAD':
        await this.die(actor, request.deathCause || 'it exited');
        return actor;
      default:
        throw new InvalidArgumentError(`UpdateActorState: a node reports ALIVE, RESTARTING or DEAD, not ${request.state}`);
    }
  }

  /** `ray.kill`: dead for good with `noRestart`, else restarted while restarts remain. */
  async kill(actorId: string, noRestart: boolean): Promise<ActorTableData> {
    const actor = this.require(actorId);
    if (actor.state === 'DEAD') return actor;
    if (noRestart) await this.die(actor, 'killed by ray.kill');
    else await this.restartOrDie(actor, 'killed by ray.kill');
    return actor;
  }

  /**
   * A node died: actors owned from it die unless detached. Actors it hosted restart elsewhere
   * (or die), except those whose owner lives on: the owner restarts them (it keeps their calls
   * and their order) and reports RESTARTING, which re-places them here, once.
   */
  async onNodeDead(nodeId: string): Promise<void> {
    for (const actor of [...this.actors.values()]) {
      if (actor.state === 'DEAD') continue;
      const owner = actor.owner?.nodeId;
      if (!actor.detached && owner === nodeId) await tolerate(this.die(actor, `its owner's node ${nodeId} died`), actor);
      else if (actor.nodeId === nodeId && !(owner && owner !== nodeId && this.deps.view.has(owner))) {
        await tolerate(this.restartOrDie(actor, `its node ${nodeId} died`), actor);
      }
    }
  }

  /** A job ended: its actors end too, except detached ones (Ray's rule). */
  async onJobFinished(jobId: string): Promise<void> {
    for (const actor of [...this.actors.values()]) {
      if (actor.jobId === jobId && !actor.detached && actor.state !== 'DEAD') await tolerate(this.die(actor, `its job ${jobId} finished`), actor);
    }
  }

  /** Whether some live actor still waits for a node. */
  hasUnplaced(): boolean {
    for (const a of this.actors.values()) if (LIVE_STATES.has(a.state) && a.state !== 'ALIVE' && !a.nodeId) return true;
    return false;
  }

  /** Tries again to place actors that found no node with room (resources freed, a node joined). */
  async retryUnplaced(): Promise<number> {
    let placed = 0;
    for (const actor of this.actors.values()) {
      if (!LIVE_STATES.has(actor.state) || actor.state === 'ALIVE' || actor.nodeId) continue;
      const before = actor.placementMessage;
      this.place(actor, toStrategy(actor.schedulingStrategy), actor.owner?.nodeId);
      if (actor.nodeId) {
        placed++;
        await tolerate(this.changed(actor), actor);
      } else if (actor.placementMessage !== before) {
        await tolerate(this.persist(actor), actor);
      }
    }
    return placed;
  }

  /** Loads the actor table from storage (a GCS restarted on persistent storage). */
  async restore(): Promise<void> {
    for (const [, bytes] of await this.deps.storage.list(TABLES.actors)) {
      const actor = decodeRecord<ActorTableData>(bytes);
      this.actors.set(actor.actorId, actor);
      if (actor.name && LIVE_STATES.has(actor.state)) this.named.set(nameKey(actor.namespace, actor.name), actor.actorId);
    }
  }

  /** `avoid`: nodes the caller just failed to reach (this GCS may not know them dead yet). */
  private place(actor: ActorTableData, strategy: PlacementStrategy, preferredNodeId: string | undefined, avoid: readonly string[] = []): void {
    const nodes = this.deps.view.placementNodes().filter((n) => !avoid.includes(n.nodeId));
    const decision = placeActor(
      { demand: actor.requiredResources, strategy, preferredNodeId, spreadIndex: strategy.kind === 'SPREAD' ? this.spreadCount++ : 0 },
      nodes,
    );
    if (decision.kind === 'placed') {
      actor.nodeId = decision.nodeId;
      actor.placementMessage = '';
      this.deps.view.acquire(decision.nodeId, actor.requiredResources);
    } else {
      actor.nodeId = '';
      actor.placementMessage = decision.kind === 'infeasible' ? `infeasible: ${decision.reason}` : decision.reason;
    }
  }

  private async restartOrDie(actor: ActorTableData, cause: string, avoid: readonly string[] = []): Promise<void> {
    if (actor.maxRestarts !== -1 && actor.numRestarts >= actor.maxRestarts) {
      await this.die(actor, `${cause}, and it has no restarts left (maxRestarts ${actor.maxRestarts})`);
      return;
    }
    const previous = actor.nodeId;
    actor.numRestarts++;
    actor.state = 'RESTARTING';
    actor.address = null;
    actor.pid = 0;
    actor.deathCause = cause;
    actor.nodeId = '';
    this.place(actor, toStrategy(actor.schedulingStrategy), this.deps.view.has(previous) ? previous : actor.owner?.nodeId, avoid);
    await this.changed(actor);
  }

  private async die(actor: ActorTableData, cause: string): Promise<void> {
    actor.state = 'DEAD';
    actor.deathCause = cause;
    actor.endTimeMs = this.deps.wallNow();
    actor.address = null;
    actor.pid = 0;
    if (actor.name && this.named.get(nameKey(actor.namespace, actor.name)) === actor.actorId) {
      this.named.delete(nameKey(actor.namespace, actor.name));
    }
    await this.changed(actor);
  }

  private require(actorId: string): ActorTableData {
    const actor = this.actors.get(actorId);
    if (!actor) throw new InvalidArgumentError(`no actor ${actorId} is registered with the GCS`);
    return actor;
  }

  private async changed(actor: ActorTableData): Promise<void> {
    // A copy: a subscriber's stream may serialize it later, after further changes.
    this.deps.publisher.publish('ACTOR', { actor: { ...actor } });
    await this.persist(actor);
  }

  private persist(actor: ActorTableData): Promise<boolean> {
    return this.deps.storage.put(TABLES.actors, actor.actorId, encodeRecord(actor));
  }
}
