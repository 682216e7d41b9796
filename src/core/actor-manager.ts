import { ActorDiedError, ActorUnavailableError, InvalidArgumentError, TaskUnschedulableError } from '../api/errors.js';
import type { ObjectTable } from './object-table.js';
import type { PlacementGroupCheck, TaskManager, TaskRecord } from './task-manager.js';
import type { HostItem, Raylet } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import { pack, unpack } from '../serialization/serializer.js';
import { actorHandleId, type CreateActor, type ExecuteTask, type PlacementTarget, type RayletToWorker, type SubmittedActor, type TaskReply } from '../runtime/protocol.js';

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
  /** The node hosting it, when that is another node (cluster mode). */
  node?: string;
  /** Bumped on each (re)start: answers from an earlier incarnation are ignored. */
  incarnation: number;
  /** Calls sent to the current remote incarnation (their order there). */
  remoteSeq: number;
  /** The bytes of its constructor arguments' buffers, kept to create it on another node. */
  argBuffers?: Array<[string, Uint8Array]>;
  /** Hosted here for an owner on another node (see hostForeign). */
  foreign?: ForeignActor;
}

/** An actor this node hosts for its owner on another node. */
interface ForeignActor {
  created: { resolve: (death: Uint8Array | undefined) => void } | undefined;
  /** Calls in flight by task id, and calls that came before their turn by sequence number. */
  calls: Map<string, { resolve: (reply: TaskReply) => void; reject: (err: RemoteActorFailure) => void }>;
  early: Map<number, ExecuteTask>;
  next: number;
}

/** Why a call to an actor on another node failed: the actor died, or its node or host crashed. */
export type RemoteActorFailure = { death: Uint8Array } | { crashed: string };

/**
 * Hosts actors on other nodes (cluster mode): the owner keeps the actor's record, order and
 * restarts; the hosting node runs it.
 */
export interface RemoteActorHosting {
  /** Where to host an actor: another node, this one (undefined), or nowhere (why). */
  place(spec: SubmittedActor): { nodeId: string } | { infeasible: string } | undefined;
  /** Creates it there; resolves with its death (its constructor threw) or undefined once alive. */
  create(nodeId: string, spec: SubmittedActor, create: CreateActor, argBuffers: Array<[string, Uint8Array]>): Promise<Uint8Array | undefined>;
  /** Runs a call there (with the bytes of `segments`, its arguments' buffers); rejects with a RemoteActorFailure. */
  call(nodeId: string, actorId: string, seq: number, exec: ExecuteTask, segments: readonly string[]): Promise<TaskReply>;
  kill(nodeId: string, actorId: string): void;
  /** The bytes of buffers (constructor arguments), to send to another node. */
  bytesOf(refs: readonly string[]): Array<[string, Uint8Array]>;
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
  remote: RemoteActorHosting | undefined;
  /** Cluster mode: the node holding a placement group's bundle once it is created (null: removed). */
  groupNode: ((pgId: string, bundleIndex: number) => Promise<string | null>) | undefined;

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
    // (With other nodes, placement decides.)
    const infeasible = spec.dedicated && !spec.placement && !this.remote ? this.raylet.infeasibility(resourceRequest(spec.resources)) : null;
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
      readyCalls: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined, incarnation: 0, remoteSeq: 0,
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
    if (this.remote) {
      // Their buffers go with the refs, so keep their bytes for a creation on another node.
      const segments = spec.argRefs.flatMap(([, id]) => this.objects.value(id)?.segments ?? []);
      if (segments.length > 0) record.argBuffers = this.remote.bytesOf(segments);
    }
    this.releaseArgs(spec);
    this.startOnHost(record);
  }

  private startOnHost(record: ActorRecord): void {
    record.incarnation++;
    const placement = record.spec.placement;
    if (this.remote && !record.foreign && placement && this.groupNode) {
      // In a cluster, its bundle may be on another node: wait for the group, then go there.
      const incarnation = record.incarnation;
      void this.groupNode(placement.pgId, placement.bundleIndex).then((nodeId) => {
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if (nodeId === null) this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} died: its placement group ${placement.pgId} was removed.`));
        else if (nodeId === this.raylet.nodeId) this.startLocal(record);
        else this.startRemote(record, nodeId);
      });
      return;
    }
    const where = this.remote && !record.foreign && !placement ? this.remote.place(record.spec) : undefined;
    if (where && 'infeasible' in where) {
      const why = `Actor ${record.spec.fn.name} can never be scheduled: ${where.infeasible}.`;
      this.die(record, new ActorDiedError(why, { cause: new TaskUnschedulableError(why) }));
      return;
    }
    if (where) this.startRemote(record, where.nodeId);
    else this.startLocal(record);
  }

  /** Starts the actor on a host of this node. */
  private startLocal(record: ActorRecord): void {
    record.node = undefined;
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

  /** Creates the actor on another node; its calls follow it there. */
  private startRemote(record: ActorRecord, nodeId: string): void {
    const incarnation = record.incarnation;
    record.node = nodeId;
    record.hostId = `@${nodeId}`;
    record.remoteSeq = 0;
    this.remote!.create(nodeId, record.spec, record.create!, record.argBuffers ?? []).then(
      (death) => {
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if (death) this.dieWith(record, death);
        else record.state = 'ALIVE';
      },
      (err: unknown) => {
        if (record.incarnation === incarnation && record.state !== 'DEAD') this.crashed(record, err);
      },
    );
    const resend = record.resend;
    record.resend = [];
    for (const task of resend) this.sendCall(record, task);
    this.flushCalls(record);
  }

  private sendRemoteCall(record: ActorRecord, task: TaskRecord, exec: ExecuteTask): void {
    const incarnation = record.incarnation;
    const segments = [...(task.spec.segments ?? []), ...task.spec.argRefs.flatMap(([, id]) => this.objects.value(id)?.segments ?? [])];
    this.remote!.call(record.node!, record.spec.actorId, record.remoteSeq++, exec, segments).then(
      (reply) => this.tasks.onTaskReply(task, exec.attempt, reply),
      (err: RemoteActorFailure | Error) => {
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if ('death' in err) this.dieWith(record, err.death);
        else this.crashed(record, 'crashed' in err ? new Error(err.crashed) : err);
      },
    );
  }

  /**
   * The actor's thread died. It restarts on a new host while it has restarts left (its
   * constructor runs again); calls in flight are sent again while they have retries left
   * (`maxTaskRetries`), and fail otherwise.
   */
  private crashed(record: ActorRecord, err: unknown): void {
    const name = record.spec.fn.name;
    const why = `its worker exited${err ? ` (${(err as Error)?.message ?? String(err)})` : ''}`;
    if (record.foreign) {
      // Its owner (on another node) restarts it, where it decides: here it just ends.
      this.endForeign(record, { crashed: `Actor ${name} crashed on node ${this.raylet.nodeId}: ${why}` });
      this.dieWith(record, pack(new ActorDiedError(`Actor ${name} died: ${why}.`), 'an error').data);
      return;
    }
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
    else {
      record.state = 'ALIVE';
      const created = record.foreign?.created;
      if (created) {
        record.foreign!.created = undefined;
        created.resolve(undefined);
      }
    }
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
    if (record.node !== undefined) this.sendRemoteCall(record, task, msg);
    else this.sendToHost(record.hostId!, { k: 'actorCall', task: msg });
  }

  // ---- actors hosted here for owners on other nodes

  /**
   * Hosts an actor for its owner on another node: it runs here on a host of its own kind, and
   * never restarts here (the owner restarts it where it decides). Resolves with its death if its
   * constructor threw, else undefined once it is alive.
   */
  hostForeign(spec: SubmittedActor, create: CreateActor): Promise<Uint8Array | undefined> {
    const old = this.actors.get(spec.actorId);
    if (old && old.state !== 'DEAD') this.die(old, new ActorDiedError(`Actor ${spec.fn.name} was replaced by a restart.`));
    // The owner holds the handles: the copy here is only collected when the owner says.
    this.objects.addRef(actorHandleId(spec.actorId));
    const record = this.register({ ...spec, argRefs: [], nestedRefs: undefined, maxRestarts: 0, name: undefined });
    record.create = create;
    return new Promise((resolve) => {
      record.foreign = { created: { resolve }, calls: new Map(), early: new Map(), next: 0 };
      this.startOnHost(record);
    });
  }

  /** Runs a call of an actor hosted for another node, in the owner's order (`seq`). */
  callForeign(actorId: string, seq: number, exec: ExecuteTask): Promise<TaskReply> {
    const record = this.actors.get(actorId);
    const foreign = record?.foreign;
    if (!record || !foreign) return Promise.reject<TaskReply>({ crashed: `no actor ${actorId} on node ${this.raylet.nodeId} (it was never created here, or this node restarted)` });
    if (record.state === 'DEAD') return Promise.reject<TaskReply>({ death: record.death! });
    return new Promise<TaskReply>((resolve, reject) => {
      foreign.calls.set(exec.taskId, { resolve, reject });
      foreign.early.set(seq, exec);
      while (foreign.early.has(foreign.next)) {
        const next = foreign.early.get(foreign.next)!;
        foreign.early.delete(foreign.next++);
        this.sendToHost(record.hostId!, { k: 'actorCall', task: next });
      }
    });
  }

  /** A call result from a host: true if it answers a call for another node's actor. */
  foreignResult(taskId: string, reply: TaskReply): boolean {
    for (const record of this.foreignRecords()) {
      const call = record.foreign!.calls.get(taskId);
      if (!call) continue;
      record.foreign!.calls.delete(taskId);
      call.resolve(reply);
      return true;
    }
    return false;
  }

  /** The owner killed it (or its handles are gone). */
  killForeign(actorId: string): void {
    const record = this.actors.get(actorId);
    if (!record?.foreign) return;
    if (record.state !== 'DEAD') this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed by its owner.`));
    this.objects.removeRef(actorHandleId(actorId));
  }

  private *foreignRecords(): Generator<ActorRecord> {
    for (const r of this.actors.values()) if (r.foreign && r.foreign.calls.size > 0) yield r;
  }

  /** Settles what the owner waits for on an actor hosted here that ended. */
  private endForeign(record: ActorRecord, failure: RemoteActorFailure): void {
    const foreign = record.foreign!;
    const calls = [...foreign.calls.values()];
    foreign.calls.clear();
    foreign.early.clear();
    for (const c of calls) c.reject(failure);
    const created = foreign.created;
    foreign.created = undefined;
    created?.resolve('death' in failure ? failure.death : pack(new ActorDiedError(failure.crashed), 'an error').data);
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
    if (record.node !== undefined) {
      this.remote?.kill(record.node, actorId);
      return;
    }
    if (record.foreign) this.endForeign(record, { death });
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
