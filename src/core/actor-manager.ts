import { ActorDiedError, ActorUnavailableError, InvalidArgumentError, TaskUnschedulableError } from '../api/errors.js';
import type { ObjectTable } from './object-table.js';
import type { PlacementGroupCheck, TaskManager, TaskRecord } from './task-manager.js';
import type { HostItem, Raylet } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import { pack, unpack } from '../serialization/serializer.js';
import { actorHandleId, type CreateActor, type PlacementTarget, type RayletToWorker, type SubmittedActor } from '../runtime/protocol.js';

type ActorState = 'PENDING' | 'ALIVE' | 'RESTARTING' | 'DEAD';

const EMPTY = new Uint8Array(0);

interface ActorRecord {
  readonly spec: SubmittedActor;
  state: ActorState;
  hostId: string | undefined;
  /** Why it died (a packed ActorDiedError), once dead. */
  death: Uint8Array | undefined;
  /** Calls in submission order: the next sequence number to give, and the next to send. */
  nextSeq: number;
  sendSeq: number;
  /** Calls whose arguments are ready, waiting for their turn. */
  readyCalls: Map<number, TaskRecord>;
  /** Sequence numbers of calls still waiting on arguments. */
  seqOf: Map<TaskRecord, number>;
  /** Calls sent to the host and not finished, in the order sent. */
  inFlight: Set<TaskRecord>;
  /** Calls to send again first, after a restart (they were in flight when the actor crashed). */
  resend: TaskRecord[];
  /** What the host needs to build the actor; kept to build it again on restart. */
  create: CreateActor | undefined;
  restartsLeft: number;
}

interface HostState {
  readonly hostId: string;
  threadId: number | undefined;
  /** Messages for the host before it said where it runs. */
  buffer: RayletToWorker[];
  readonly actors: Set<string>;
  /** For a dedicated host: its item in the raylet (holding the actor's resources). */
  item: HostItem | undefined;
}

export interface ActorInfo {
  actorId: string;
  name: string | undefined;
  namespace: string;
  className: string;
  state: ActorState;
}

/**
 * The GCS's actor table and the owner's actor-call routing (embedded mode): creates actors on
 * hosts (shared threads for light actors, a thread with resources for dedicated ones), keeps
 * named actors, sends each actor its calls in submission order, and fails calls of dead actors.
 */
export class ActorManager {
  private readonly actors = new Map<string, ActorRecord>();
  private readonly names = new Map<string, string>();
  /** Actor ids made by `getIfExists` creations that found a live actor: id -> that actor's id. */
  private readonly aliases = new Map<string, string>();
  private readonly hosts = new Map<string, HostState>();
  private readonly sharedHosts: string[] = [];
  private nextHost = 0;
  private roundRobin = 0;
  /** Set at shutdown: hosts ending then are not crashes, and nothing restarts. */
  private closed = false;
  placementGroups: PlacementGroupCheck | undefined;

  constructor(
    private readonly objects: ObjectTable,
    private readonly tasks: TaskManager,
    private readonly raylet: Raylet<TaskRecord>,
    /** How many shared host threads light actors spread over. */
    private readonly sharedHostCount: number,
  ) {}

  /** Registers and places an actor. A duplicate name throws here, at the `.remote()` call. */
  create(spec: SubmittedActor): void {
    spec = this.withCapturedGroup(spec);
    const nameKey = spec.name === undefined ? undefined : `${spec.namespace}/${spec.name}`;
    if (nameKey !== undefined) {
      const existing = this.names.get(nameKey);
      if (existing && this.actors.get(existing)?.state !== 'DEAD') {
        if (spec.getIfExists) {
          this.aliases.set(spec.actorId, existing);
          this.objects.seal(actorHandleId(spec.actorId), { data: EMPTY }); // a named actor is not collected
          return;
        }
        throw new InvalidArgumentError(`An actor named "${spec.name}" already exists in namespace "${spec.namespace}". Pick another name, or reach it with ray.getActor('${spec.name}', { namespace: '${spec.namespace}' }).`);
      }
      this.names.set(nameKey, spec.actorId);
    }
    const record = this.register(spec);
    for (const [, id] of spec.argRefs) this.objects.addRef(id);
    if (spec.nestedRefs) for (const id of spec.nestedRefs) this.objects.addRef(id);
    const outside = spec.placement ? this.placementGroups?.problem(spec.placement, spec.resources) ?? null : null;
    if (outside !== null) {
      const why = `Actor ${spec.fn.name} can never be scheduled: ${outside}.`;
      this.die(record, new ActorDiedError(why, { cause: new TaskUnschedulableError(why) }));
      return;
    }
    // The embedded node is the whole cluster: an actor it can never fit would wait forever.
    const infeasible = spec.dedicated && !spec.placement ? this.raylet.infeasibility(resourceRequest(spec.resources)) : null;
    if (infeasible !== null) {
      const why = `Actor ${spec.fn.name} can never be scheduled: no node has the resources it requests (${infeasible}). ` +
        'Request fewer resources, or start the cluster with more (init({ numCpus, numGpus, resources })).';
      this.die(record, new ActorDiedError(why, { cause: new TaskUnschedulableError(why) }));
      return;
    }
    let missing = spec.argRefs.length;
    if (missing === 0) this.place(record);
    else for (const [, id] of spec.argRefs) this.objects.whenReady(id, () => { if (--missing === 0) this.place(record); });
  }

  private register(spec: SubmittedActor): ActorRecord {
    const record: ActorRecord = {
      spec, state: 'PENDING', hostId: undefined, death: undefined, nextSeq: 0, sendSeq: 0,
      readyCalls: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined,
      restartsLeft: spec.maxRestarts < 0 ? Infinity : spec.maxRestarts,
    };
    this.actors.set(spec.actorId, record);
    // Its handles count as refs of this sealed id: when the count reaches zero, none is left.
    this.objects.seal(actorHandleId(spec.actorId), { data: EMPTY });
    return record;
  }

  /** Records an actor that cannot be created (a worker asked for a taken name): born dead. */
  createDead(spec: SubmittedActor, err: Error): void {
    const record = this.register(spec);
    record.hostId = ''; // nothing to release: its arguments were never held
    record.state = 'DEAD';
    record.death = pack(new ActorDiedError(`Actor ${spec.fn.name} could not be created: ${err.message}`, { cause: err }), 'an error').data;
  }

  private place(record: ActorRecord): void {
    if (record.state === 'DEAD') return;
    const spec = record.spec;
    const refArgs: Array<[number, Uint8Array]> = [];
    for (const [i, id] of spec.argRefs) {
      const v = this.objects.read(id)!;
      if (v.isError) {
        this.die(record, new ActorDiedError(`Actor ${spec.fn.name} could not be created: constructor argument ${i} is an error (see cause).`, { cause: unpack(v.data) }));
        return;
      }
      refArgs.push([i, v.data]);
    }
    // The argument values are kept in the message, so a restart needs no refs held.
    record.create = { actorId: spec.actorId, fn: spec.fn, args: spec.args, refArgs: refArgs.length ? refArgs : undefined, maxConcurrency: spec.maxConcurrency, shared: !spec.dedicated, name: spec.name };
    this.releaseArgs(spec);
    this.startOnHost(record);
  }

  private startOnHost(record: ActorRecord): void {
    const spec = record.spec;
    const hostId = spec.dedicated ? this.startDedicatedHost(spec) : this.pickSharedHost();
    record.hostId = hostId;
    this.hosts.get(hostId)!.actors.add(spec.actorId);
    this.sendToHost(hostId, { k: 'createActor', hostId, actor: record.create! });
    const resend = record.resend;
    record.resend = [];
    for (const task of resend) this.sendCall(record, task);
    this.flushCalls(record);
  }

  /**
   * The actor's thread died. It restarts on a new host while it has restarts left (its
   * constructor runs again); calls in flight are sent again while they have retries left
   * (`maxTaskRetries`), and fail otherwise.
   */
  private crashed(record: ActorRecord, err: unknown): void {
    const name = record.spec.fn.name;
    const why = `its worker exited${err ? ` (${(err as Error)?.message ?? String(err)})` : ''}`;
    if (record.restartsLeft <= 0) {
      this.die(record, new ActorDiedError(`Actor ${name} died: ${why}${record.spec.maxRestarts !== 0 ? '; it has no restarts left' : ''}.`, { cause: err }));
      return;
    }
    record.restartsLeft--;
    record.state = 'RESTARTING';
    record.hostId = undefined;
    const inFlight = [...record.inFlight];
    record.inFlight.clear();
    for (const task of inFlight) {
      if (task.retriesLeft > 0) {
        task.retriesLeft--;
        record.resend.push(task);
      } else {
        this.tasks.failTask(task, new ActorUnavailableError(`Actor ${name} is restarting (${why}); this call was running and has no retries left (maxTaskRetries).`, { cause: err }));
      }
    }
    this.startOnHost(record);
  }

  private releaseArgs(spec: SubmittedActor): void {
    for (const [, id] of spec.argRefs) this.objects.removeRef(id);
    if (spec.nestedRefs) for (const id of spec.nestedRefs) this.objects.removeRef(id);
  }

  private newHost(item: HostItem | undefined): HostState {
    const host: HostState = { hostId: `H${this.nextHost++}`, threadId: undefined, buffer: [], actors: new Set(), item };
    this.hosts.set(host.hostId, host);
    return host;
  }

  private pickSharedHost(): string {
    if (this.sharedHosts.length < this.sharedHostCount) {
      const host = this.newHost(undefined);
      this.sharedHosts.push(host.hostId);
      this.raylet.startHost(host.hostId, undefined, (err) => this.onHostGone(host.hostId, err));
      return host.hostId;
    }
    return this.sharedHosts[this.roundRobin++ % this.sharedHosts.length]!;
  }

  private startDedicatedHost(spec: SubmittedActor): string {
    const host = this.newHost(undefined);
    const item: HostItem = { request: resourceRequest(spec.resources), exec: undefined, lease: undefined, leaseBlocked: false, hostId: host.hostId, isolation: spec.isolation, bundle: spec.placement ?? undefined };
    host.item = item;
    this.raylet.startHost(host.hostId, item, (err) => this.onHostGone(host.hostId, err));
    return host.hostId;
  }

  private sendToHost(hostId: string, msg: RayletToWorker): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    if (host.threadId === undefined) host.buffer.push(msg);
    else this.raylet.send(host.threadId, msg);
  }

  onHostReady(hostId: string, threadId: number): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    host.threadId = threadId;
    const buffered = host.buffer;
    host.buffer = [];
    for (const msg of buffered) this.raylet.send(threadId, msg);
  }

  /** The host's thread died or the host stopped: its actors die with it. */
  private onHostGone(hostId: string, err: unknown): void {
    const host = this.hosts.get(hostId);
    if (!host || this.closed) return;
    this.hosts.delete(hostId);
    const i = this.sharedHosts.indexOf(hostId);
    if (i >= 0) this.sharedHosts.splice(i, 1);
    for (const actorId of host.actors) {
      const record = this.actors.get(actorId);
      if (record && record.state !== 'DEAD' && record.hostId === hostId) this.crashed(record, err);
    }
  }

  onActorCreated(actorId: string, error: Uint8Array | undefined): void {
    const record = this.actors.get(actorId);
    if (!record || record.state === 'DEAD' || record.hostId === undefined) return;
    if (error) this.dieWith(record, error);
    else record.state = 'ALIVE';
  }

  /** The actor called `ray.exitActor()`. */
  onActorExit(actorId: string): void {
    const record = this.actors.get(actorId);
    if (record && record.state !== 'DEAD') this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} exited (ray.exitActor()).`));
  }

  /** The record of an actor, by its id or an alias of it. */
  private record(actorId: string): ActorRecord | undefined {
    return this.actors.get(this.aliases.get(actorId) ?? actorId);
  }

  /** An actor call was submitted: it gets the next turn in its actor's order. */
  registerCall(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!);
    if (!record) {
      this.tasks.failTask(task, new ActorDiedError(`Actor ${task.spec.actorId} does not exist in this cluster.`));
      return;
    }
    if (record.state === 'DEAD') {
      this.tasks.failTaskWith(task, record.death!);
      return;
    }
    record.seqOf.set(task, record.nextSeq++);
    task.retriesLeft = record.spec.maxTaskRetries < 0 ? Infinity : record.spec.maxTaskRetries;
  }

  /** A call's arguments are ready: it is sent when every earlier call to the actor was. */
  callReady(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!);
    const seq = record?.seqOf.get(task);
    if (!record || seq === undefined) return;
    record.seqOf.delete(task);
    if (record.state === 'DEAD') {
      this.tasks.failTaskWith(task, record.death!);
      this.skipTurn(record, seq);
      return;
    }
    record.readyCalls.set(seq, task);
    this.flushCalls(record);
  }

  /** A call finished (or failed before its turn): it leaves the actor's books. */
  callFinished(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!);
    if (!record) return;
    record.inFlight.delete(task);
    const seq = record.seqOf.get(task);
    if (seq !== undefined) {
      record.seqOf.delete(task);
      this.skipTurn(record, seq);
    }
  }

  /** A call that will never be sent gives its turn up, so later calls are not held behind it. */
  private skipTurn(record: ActorRecord, seq: number): void {
    record.readyCalls.set(seq, undefined as unknown as TaskRecord);
    this.flushCalls(record);
  }

  private flushCalls(record: ActorRecord): void {
    if (record.hostId === undefined) return;
    while (record.readyCalls.has(record.sendSeq)) {
      const task = record.readyCalls.get(record.sendSeq);
      record.readyCalls.delete(record.sendSeq);
      record.sendSeq++;
      if (task) this.sendCall(record, task);
    }
  }

  private sendCall(record: ActorRecord, task: TaskRecord): void {
    record.inFlight.add(task);
    const exec = task.exec!;
    // A call through an alias (a getIfExists creation) names the actor by its own id.
    const msg = exec.actorId === record.spec.actorId ? exec : { ...exec, actorId: record.spec.actorId };
    this.sendToHost(record.hostId!, { k: 'actorCall', task: msg });
  }

  /** An actor created with no strategy inside a capturing placement group joins that group. */
  private withCapturedGroup(spec: SubmittedActor): SubmittedActor {
    if (spec.placement !== undefined || !spec.parentTaskId) return spec;
    const parent = this.tasks.get(spec.parentTaskId);
    const placement = parent && this.tasks.capturedBy(parent);
    return placement ? { ...spec, placement, dedicated: true } : spec;
  }

  /** See ActorCallRouter.capturingGroupOf. */
  capturingGroupOf(actorId: string): PlacementTarget | undefined {
    const p = this.record(actorId)?.spec.placement;
    return p?.captureChildTasks ? { pgId: p.pgId, bundleIndex: -1, captureChildTasks: true } : undefined;
  }

  /** Kills every live actor of a placement group (the group is being removed). */
  killInGroup(pgId: string, why: string): void {
    for (const record of this.actors.values()) {
      if (record.state !== 'DEAD' && record.spec.placement?.pgId === pgId) {
        this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed: ${why}.`));
      }
    }
  }

  kill(actorId: string): void {
    const record = this.record(actorId);
    if (!record || record.state === 'DEAD') return;
    this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed with ray.kill().`));
  }

  private die(record: ActorRecord, err: ActorDiedError): void {
    this.dieWith(record, pack(err, 'an error').data);
  }

  private dieWith(record: ActorRecord, death: Uint8Array): void {
    if (record.state === 'DEAD') return;
    const placed = record.hostId !== undefined;
    record.state = 'DEAD';
    record.death = death;
    if (!placed) this.releaseArgs(record.spec); // place() would have released them
    const actorId = record.spec.actorId;
    const calls = [...record.resend, ...record.inFlight, ...record.readyCalls.values(), ...record.seqOf.keys()].filter(Boolean);
    record.resend = [];
    record.inFlight.clear();
    record.readyCalls.clear();
    record.seqOf.clear();
    for (const call of calls) this.tasks.failTaskWith(call, death);
    const hostId = record.hostId;
    const host = hostId === undefined ? undefined : this.hosts.get(hostId);
    if (!host) return;
    host.actors.delete(actorId);
    if (host.item) {
      // A dedicated host ends with its actor: its thread and resources go back.
      this.sendToHost(host.hostId, { k: 'stopHost', hostId: host.hostId });
      if (host.threadId === undefined) this.raylet.cancelHost(host.item);
    } else {
      this.sendToHost(host.hostId, { k: 'killActor', actorId });
    }
  }

  /**
   * The last handle of an actor is gone (and no call is pending): an unnamed, non-detached
   * actor ends (Ray's rule), and its record goes, since nothing can reach it any more.
   */
  onObjectFreed(id: string): void {
    if (!id.endsWith('.actor')) return;
    const actorId = id.slice(0, -'.actor'.length);
    if (this.aliases.delete(actorId)) return;
    const record = this.actors.get(actorId);
    if (!record || record.spec.name !== undefined || record.spec.detached) return;
    if (record.state !== 'DEAD') this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} ended: no handle to it is left.`));
    this.actors.delete(actorId);
  }

  /** Shutdown: every host is about to end with its thread. */
  close(): void {
    this.closed = true;
  }

  /** The actor id registered under a name, if that actor is not dead. */
  lookup(name: string, namespace: string): string | undefined {
    const id = this.names.get(`${namespace}/${name}`);
    return id !== undefined && this.actors.get(id)?.state !== 'DEAD' ? id : undefined;
  }

  info(actorId: string): ActorInfo | undefined {
    const r = this.record(actorId);
    return r && { actorId, name: r.spec.name, namespace: r.spec.namespace, className: r.spec.fn.name, state: r.state };
  }

  descriptorOf(actorId: string): SubmittedActor['fn'] | undefined {
    return this.record(actorId)?.spec.fn;
  }
}
