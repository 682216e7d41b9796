import { ActorDiedError, ActorUnavailableError, InvalidArgumentError, TaskUnschedulableError } from '../common/errors.js';
import { sealedAsReturns, type ObjectTable } from './object-table.js';
import type { PlacementGroupCheck, TaskManager, TaskRecord } from './task-manager.js';
import type { HostItem, Raylet } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import { pack, unpack } from '../serialization/serializer.js';
import { actorHandleId, type CreateActor, type ExecuteTask, type FunctionDescriptor, type PlacementTarget, type RayletToWorker, type SubmittedActor, type TaskReply } from '../common/protocol.js';

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
  /** Owned by another node: calls are forwarded to the owner (see proxyOf). */
  proxy?: true;
  /** Calls from callers on other nodes (see callExternal): their order per caller, the queue, in flight. */
  external?: ExternalCalls;
}

/** A call forwarded by a caller on another node to the actor's owner (this node). */
interface ExternalCall {
  exec: ExecuteTask;
  /** Its arguments, pulled here: objects (by id, held) and inline buffers. */
  args: { objects: string[]; segments: string[] };
  resolve(answer: ActorCallAnswer): void;
  reject(failure: RemoteActorFailure): void;
}

interface ExternalCalls {
  order: Map<string, { next: number; early: Map<number, ExternalCall | null> }>;
  /** In order, waiting for the actor to be placed (or restarted). */
  queue: ExternalCall[];
  inFlight: Set<ExternalCall>;
}

/** An actor this node hosts for its owner on another node. */
interface ForeignActor {
  created: { resolve: (death: Uint8Array | undefined) => void } | undefined;
  /** Calls in flight by task id, and calls that came before their turn by sequence number. */
  calls: Map<string, { resolve: (reply: TaskReply) => void; reject: (err: RemoteActorFailure) => void }>;
  /** (null: a call that gave its turn up.) */
  early: Map<number, ExecuteTask | null>;
  next: number;
}

/**
 * Why a call to an actor on another node failed: the actor died, its node or host crashed
 * (it may restart), or the node owning it is gone (so is the actor).
 */
export type RemoteActorFailure = { death: Uint8Array } | { crashed: string } | { ownerGone: string };

/** A call's reply from another node; `settle` once it is processed (see remote/call-transfer.ts). */
export interface ActorCallAnswer {
  reply: TaskReply;
  settle?(taken: (segments: string[], index: number) => boolean): void;
}

/**
 * Where an actor goes: another node, this one (undefined), nowhere (why), refused by the GCS
 * (why: its name is taken), or an actor of that name that exists already (`getIfExists`).
 */
export type ActorPlacement = { nodeId: string } | { infeasible: string } | { refused: string } | { existing: string } | undefined;

/**
 * Actors across nodes (cluster mode): the owner keeps the actor's record, order and restarts;
 * the GCS places it; the hosting node runs it; callers on other nodes forward to the owner.
 */
export interface RemoteActorHosting {
  /** Registers the actor (or, with `restart`, says why it moves) and finds where it goes. */
  place(spec: SubmittedActor, restart?: string): Promise<ActorPlacement>;
  /** Tells the GCS an actor registered there is alive (on `nodeId`) or dead. */
  report(actorId: string, state: 'ALIVE' | 'DEAD', detail: { nodeId?: string; cause?: string }): void;
  /** Creates it there; resolves with its death (its constructor threw) or undefined once alive. */
  create(nodeId: string, spec: SubmittedActor, create: CreateActor, argBuffers: Array<[string, Uint8Array]>): Promise<Uint8Array | undefined>;
  /** Runs a call on the hosting node (its arguments: objects and inline buffers); rejects with a RemoteActorFailure. */
  call(nodeId: string, actorId: string, seq: number, exec: ExecuteTask, objectIds: Iterable<string>, segments: readonly string[] | undefined): Promise<ActorCallAnswer>;
  /** Whether another node owns the actor. */
  ownedElsewhere(actorId: string): boolean;
  /** Sends a call to the actor's owner (`seq`: its place among this node's calls to it). */
  forward(actorId: string, seq: number, exec: ExecuteTask, objectIds: Iterable<string>, segments: readonly string[] | undefined): Promise<ActorCallAnswer>;
  kill(nodeId: string, actorId: string): void;
  /** `ray.kill` of an actor another node owns. */
  killViaOwner(actorId: string): void;
  /** A live actor by name anywhere in the cluster. */
  lookup(name: string, namespace: string): Promise<{ actorId: string; fn: FunctionDescriptor } | undefined>;
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
  /** External calls sent to a host of this node, by task id (their replies come back here). */
  private readonly externalSent = new Map<string, { record: ActorRecord; call: ExternalCall }>();
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

  /** `owned`: this node owns it, so its handles are counted here (else its owner counts them). */
  private register(spec: SubmittedActor, owned = true): ActorRecord {
    const record: ActorRecord = {
      spec, state: 'PENDING', hostId: undefined, death: undefined, nextSeq: 0, sendSeq: 0,
      readyCalls: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined, incarnation: 0, remoteSeq: 0,
      restartsLeft: spec.maxRestarts < 0 ? Infinity : spec.maxRestarts,
    };
    this.actors.set(spec.actorId, record);
    // Its handles count as refs of this sealed id: when the count reaches zero, none is left.
    if (owned) this.objects.seal(actorHandleId(spec.actorId), { data: EMPTY });
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

  /** Places the actor and starts it there (`restart`: why it starts again). */
  private startOnHost(record: ActorRecord, restart?: string): void {
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
    if (!this.remote || record.foreign || placement) {
      this.startLocal(record);
      return;
    }
    const incarnation = record.incarnation;
    void this.remote.place(record.spec, restart).then((where) => {
      if (record.incarnation !== incarnation || record.state === 'DEAD') return;
      const name = record.spec.fn.name;
      if (where === undefined || ('nodeId' in where && where.nodeId === this.raylet.nodeId)) this.startLocal(record);
      else if ('nodeId' in where) this.startRemote(record, where.nodeId);
      else if ('existing' in where) this.redirect(record, where.existing);
      else if ('refused' in where) this.die(record, new ActorDiedError(`Actor ${name} could not be created: ${where.refused}`, { cause: new InvalidArgumentError(where.refused) }));
      else {
        const why = `Actor ${name} can never be scheduled: ${where.infeasible}.`;
        this.die(record, new ActorDiedError(why, { cause: new TaskUnschedulableError(why) }));
      }
    });
  }

  /**
   * A `getIfExists` creation whose name another node's actor holds: this id becomes another name
   * for that actor, and the calls made meanwhile go to it, in their order.
   */
  private redirect(record: ActorRecord, actorId: string): void {
    const id = record.spec.actorId;
    this.aliases.set(id, actorId);
    this.actors.delete(id);
    if (record.spec.name !== undefined && this.names.get(`${record.spec.namespace}/${record.spec.name}`) === id) this.names.delete(`${record.spec.namespace}/${record.spec.name}`);
    const pending = [...record.seqOf].map(([task, seq]) => ({ task, seq, ready: false }));
    for (const [seq, task] of record.readyCalls) if (task) pending.push({ task, seq, ready: true });
    pending.sort((a, b) => a.seq - b.seq);
    for (const p of pending) {
      this.registerCall(p.task);
      if (p.ready) this.callReady(p.task);
    }
  }

  /** Starts the actor on a host of this node. */
  private startLocal(record: ActorRecord): void {
    record.node = undefined;
    const spec = record.spec;
    const hostId = spec.dedicated ? this.startDedicatedHost(spec) : this.pickSharedHost();
    record.hostId = hostId;
    this.hosts.get(hostId)!.actors.add(spec.actorId);
    this.sendToHost(hostId, { k: 'createActor', hostId, actor: record.create! });
    this.resendAll(record);
  }

  /** The actor has a host now: calls held for it go, in their order. */
  private resendAll(record: ActorRecord): void {
    const resend = record.resend;
    record.resend = [];
    for (const task of resend) this.sendCall(record, task);
    this.flushCalls(record);
    const external = record.external;
    if (external) {
      const queue = external.queue;
      external.queue = [];
      for (const call of queue) this.dispatchExternal(record, call);
    }
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
        else this.alive(record, nodeId);
      },
      (err: unknown) => {
        if (record.incarnation === incarnation && record.state !== 'DEAD') this.crashed(record, err);
      },
    );
    this.resendAll(record);
  }

  private alive(record: ActorRecord, nodeId: string): void {
    record.state = 'ALIVE';
    this.remote?.report(record.spec.actorId, 'ALIVE', { nodeId });
  }

  private sendRemoteCall(record: ActorRecord, task: TaskRecord, exec: ExecuteTask): void {
    const incarnation = record.incarnation;
    const objectIds = task.spec.argRefs.map(([, id]) => id);
    const settled = (answer: ActorCallAnswer): void => {
      this.tasks.onTaskReply(task, exec.attempt, answer.reply);
      answer.settle?.(sealedAsReturns(this.objects, task.spec.taskId));
    };
    if (record.proxy) {
      this.remote!.forward(record.spec.actorId, record.remoteSeq++, exec, objectIds, task.spec.segments).then(settled, (err: RemoteActorFailure) => {
        if (record.state === 'DEAD') return;
        if ('death' in err) this.dieWith(record, err.death);
        else if ('ownerGone' in err) this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} is gone: ${err.ownerGone}.`));
        // The owner restarts it: this call, which was running, fails; later ones wait for it.
        else this.tasks.failTask(task, new ActorUnavailableError(`Actor ${record.spec.fn.name} is unavailable (${err.crashed}); this call was running.`));
      });
      return;
    }
    this.remote!.call(record.node!, record.spec.actorId, record.remoteSeq++, exec, objectIds, task.spec.segments).then(
      settled,
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
    this.failExternal(record, { crashed: `actor ${name} is restarting (${why})` }, false);
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
    this.startOnHost(record, why);
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
      this.alive(record, this.raylet.nodeId);
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

  /**
   * The record standing for an actor another node owns (a handle came here in an argument, or
   * by name): its calls keep their order here and go to the owner.
   */
  private proxyOf(actorId: string, fn?: FunctionDescriptor): ActorRecord | undefined {
    if (!this.remote?.ownedElsewhere(actorId)) return undefined;
    const spec: SubmittedActor = {
      actorId, fn: fn ?? { moduleUrl: '', key: '', name: `actor ${actorId}` }, argRefs: [], resources: {}, dedicated: false,
      namespace: '', detached: false, maxRestarts: 0, maxTaskRetries: 0,
    };
    const record: ActorRecord = {
      spec, state: 'ALIVE', hostId: `@owner`, death: undefined, nextSeq: 0, sendSeq: 0,
      readyCalls: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined, incarnation: 0, remoteSeq: 0,
      restartsLeft: 0, proxy: true,
    };
    this.actors.set(actorId, record);
    return record;
  }

  /** The record of an actor, by its id or an alias of it. */
  private record(actorId: string): ActorRecord | undefined {
    return this.actors.get(this.aliases.get(actorId) ?? actorId);
  }

  /** An actor call was submitted: it gets the next turn in its actor's order. */
  registerCall(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!) ?? this.proxyOf(task.spec.actorId!);
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
    // A call through an alias (a getIfExists creation) names the actor by its own id, and a
    // method runs in its actor's job, whoever calls it.
    const job = record.spec.job ?? exec.job;
    const msg = exec.actorId === record.spec.actorId && exec.job === job ? exec : { ...exec, actorId: record.spec.actorId, job };
    if (record.node !== undefined || record.proxy) this.sendRemoteCall(record, task, msg);
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
    // The owner counts the handles: the copy here ends when the owner says.
    const record = this.register({ ...spec, argRefs: [], nestedRefs: undefined, maxRestarts: 0, name: undefined }, false);
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
      this.sendForeignCalls(record);
    });
  }

  /** Sends the owner's calls that are next in its order. */
  private sendForeignCalls(record: ActorRecord): void {
    const foreign = record.foreign!;
    while (foreign.early.has(foreign.next)) {
      const next = foreign.early.get(foreign.next);
      foreign.early.delete(foreign.next++);
      if (next) this.sendToHost(record.hostId!, { k: 'actorCall', task: next });
    }
  }

  /** A call whose arguments could not be pulled gives its turn up (its caller hears why). */
  skipForeign(actorId: string, seq: number): void {
    const foreign = this.actors.get(actorId)?.foreign;
    if (!foreign) return;
    foreign.early.set(seq, null);
    this.sendForeignCalls(this.actors.get(actorId)!);
  }

  // ---- calls from callers on other nodes, to actors this node owns

  /**
   * Takes a call forwarded by a caller on another node (`caller`), in that caller's order
   * (`seq`): it runs where the actor runs, after the calls the caller made before it.
   */
  callExternal(caller: string, seq: number, exec: ExecuteTask, args: ExternalCall['args']): Promise<ActorCallAnswer> {
    const record = this.record(exec.actorId!);
    if (!record || record.proxy || record.foreign) {
      return Promise.reject<ActorCallAnswer>({ ownerGone: `node ${this.raylet.nodeId} does not own actor ${exec.actorId} (it restarted, or the actor ended and was forgotten)` });
    }
    return new Promise<ActorCallAnswer>((resolve, reject) => {
      this.takeExternal(record, caller, seq, { exec: { ...exec, actorId: record.spec.actorId, job: record.spec.job ?? exec.job }, args, resolve, reject });
    });
  }

  skipExternal(caller: string, actorId: string, seq: number): void {
    const record = this.record(actorId);
    if (record && !record.proxy && !record.foreign) this.takeExternal(record, caller, seq, null);
  }

  private takeExternal(record: ActorRecord, caller: string, seq: number, call: ExternalCall | null): void {
    const external = (record.external ??= { order: new Map(), queue: [], inFlight: new Set() });
    let order = external.order.get(caller);
    if (!order) external.order.set(caller, (order = { next: 0, early: new Map() }));
    order.early.set(seq, call);
    while (order.early.has(order.next)) {
      const next = order.early.get(order.next);
      order.early.delete(order.next++);
      if (next) this.dispatchExternal(record, next);
    }
  }

  private dispatchExternal(record: ActorRecord, call: ExternalCall): void {
    const external = record.external!;
    if (record.state === 'DEAD') {
      call.reject({ death: record.death! });
      return;
    }
    if (record.hostId === undefined) {
      external.queue.push(call);
      return;
    }
    external.inFlight.add(call);
    const done = (): boolean => external.inFlight.delete(call);
    if (record.node === undefined) {
      this.externalSent.set(call.exec.taskId, { record, call });
      this.sendToHost(record.hostId, { k: 'actorCall', task: call.exec });
      return;
    }
    const incarnation = record.incarnation;
    this.remote!.call(record.node, record.spec.actorId, record.remoteSeq++, call.exec, call.args.objects, call.args.segments).then(
      (answer) => {
        if (done()) call.resolve(answer);
        else answer.settle?.(() => false);
      },
      (err: RemoteActorFailure | Error) => {
        if (done()) call.reject(err instanceof Error ? { crashed: err.message } : err);
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if ('death' in err) this.dieWith(record, err.death);
        else this.crashed(record, 'crashed' in err ? new Error(err.crashed) : err);
      },
    );
  }

  /** Fails the external calls in flight (and, when it is dead, those waiting too). */
  private failExternal(record: ActorRecord, failure: RemoteActorFailure, all: boolean): void {
    const external = record.external;
    if (!external) return;
    const calls = [...external.inFlight];
    external.inFlight.clear();
    if (all) {
      calls.push(...external.queue);
      external.queue = [];
      for (const order of external.order.values()) for (const c of order.early.values()) if (c) calls.push(c);
      external.order.clear();
    }
    for (const c of calls) {
      this.externalSent.delete(c.exec.taskId);
      c.reject(failure);
    }
  }

  /** A call result from a host: true if it answers a call for another node's actor. */
  foreignResult(taskId: string, reply: TaskReply): boolean {
    const external = this.externalSent.get(taskId);
    if (external) {
      this.externalSent.delete(taskId);
      if (external.record.external?.inFlight.delete(external.call)) external.call.resolve({ reply });
      return true;
    }
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
    this.actors.delete(actorId);
  }

  private *foreignRecords(): Generator<ActorRecord> {
    for (const r of this.actors.values()) if (r.foreign && r.foreign.calls.size > 0) yield r;
  }

  /** Settles what the owner waits for on an actor hosted here that ended. */
  private endForeign(record: ActorRecord, failure: { death: Uint8Array } | { crashed: string }): void {
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
    if (record?.proxy || (!record && this.remote?.ownedElsewhere(actorId))) {
      // Its owner kills it; calls sent meanwhile hear of the death from there.
      this.remote!.killViaOwner(record?.spec.actorId ?? actorId);
      return;
    }
    if (!record || record.state === 'DEAD') return;
    this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed with ray.kill().`));
  }

  private die(record: ActorRecord, err: ActorDiedError): void {
    this.dieWith(record, pack(err, 'an error').data);
  }

  private dieWith(record: ActorRecord, death: Uint8Array): void {
    if (record.state === 'DEAD') return;
    record.state = 'DEAD';
    record.death = death;
    if (record.create === undefined && !record.foreign) this.releaseArgs(record.spec); // place() would have released them
    const actorId = record.spec.actorId;
    const calls = [...record.resend, ...record.inFlight, ...record.readyCalls.values(), ...record.seqOf.keys()].filter(Boolean);
    record.resend = [];
    record.inFlight.clear();
    record.readyCalls.clear();
    record.seqOf.clear();
    for (const call of calls) this.tasks.failTaskWith(call, death);
    this.failExternal(record, { death }, true);
    if (!record.proxy && !record.foreign) this.remote?.report(actorId, 'DEAD', { cause: causeOf(death) });
    if (record.proxy) return;
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
    if (!record || record.proxy || record.foreign || record.spec.name !== undefined || record.spec.detached) return;
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

/** The message of a packed death (an ActorDiedError), for the GCS's actor table. */
function causeOf(death: Uint8Array): string {
  try {
    return (unpack(death) as Error).message ?? 'it died';
  } catch {
    return 'it died';
  }
}
