import { ActorDiedError, ActorUnavailableError, InvalidArgumentError, TaskUnschedulableError } from '../common/errors.js';
import { sealedAsReturns, type ObjectTable } from './object-table.js';
import type { PlacementGroupCheck, TaskManager, TaskRecord } from './task-manager.js';
import type { Raylet } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import { pack, unpack } from '../serialization/serializer.js';
import { actorHandleId, type CreateActor, type ExecuteTask, type PlacementTarget, type SubmittedActor, type TaskReply } from '../common/protocol.js';
import type { ActorBook, ActorCallAnswer, ActorRecord, ActorState, CallerOrder, RemoteActorFailure, RemoteActorHosting } from './actor-records.js';
import { ActorThreads } from './actor-threads.js';
import { ForwardedCalls } from './forwarded-calls.js';
import { HostedActors } from './hosted-actors.js';

const EMPTY = new Uint8Array(0);

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
 * named actors, sends each actor its calls in submission order, restarts crashed actors, and
 * fails calls of dead actors. In a cluster it also places actors on other nodes (through
 * `remote`), hosts actors for owners elsewhere (`hosted`) and routes calls through an actor's
 * owner (`forwarded`); those parts call back here for every step of an actor's life.
 */
export class ActorManager {
  private readonly actors = new Map<string, ActorRecord>();
  private readonly names = new Map<string, string>();
  /** Actor ids made by `getIfExists` creations that found a live actor: id -> that actor's id. */
  private readonly aliases = new Map<string, string>();
  private readonly threads: ActorThreads;
  /** Actors this node hosts for their owners on other nodes. */
  readonly hosted: HostedActors;
  /** Calls through an actor's owner: from proxies here, and from callers on other nodes. */
  readonly forwarded: ForwardedCalls;
  placementGroups: PlacementGroupCheck | undefined;
  remote: RemoteActorHosting | undefined;
  /** Cluster mode: the node holding a placement group's bundle once it is created (null: removed). */
  groupNode: ((pgId: string, bundleIndex: number) => Promise<string | null>) | undefined;

  constructor(
    private readonly objects: ObjectTable,
    private readonly tasks: TaskManager,
    private readonly raylet: Raylet<TaskRecord>,
    /** How many shared host threads light actors spread over. */
    sharedHostCount: number,
  ) {
    this.threads = new ActorThreads(raylet, sharedHostCount, (hostId, actorIds, err) => this.onHostGone(hostId, actorIds, err));
    const manager = this;
    const book: ActorBook = {
      actors: this.actors,
      record: (actorId) => this.record(actorId),
      register: (spec, owned) => this.register(spec, owned),
      start: (record) => this.startOnHost(record),
      die: (record, err) => this.die(record, err),
      dieWith: (record, death) => this.dieWith(record, death),
      crashed: (record, err) => this.crashed(record, err),
      adopt: (record) => this.adopt(record),
      send: (hostId, msg) => this.threads.send(hostId, msg),
      nodeId: raylet.nodeId,
      get remote() {
        return manager.remote;
      },
      tasks,
    };
    this.hosted = new HostedActors(book);
    this.forwarded = new ForwardedCalls(book);
  }

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
      spec, state: 'PENDING', hostId: undefined, death: undefined,
      callers: new Map(), seqOf: new Map(), inFlight: new Set(), resend: [], create: undefined, incarnation: 0, remoteSeq: 0,
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
    record.create = {
      actorId: spec.actorId, fn: spec.fn, args: spec.args, refArgs: refArgs.length ? refArgs : undefined, maxConcurrency: spec.maxConcurrency,
      shared: !spec.dedicated, name: spec.name, resources: spec.resources, pgId: spec.placement?.pgId,
    };
    if (this.remote) {
      // Their buffers go with the refs, so keep their bytes for a creation on another node.
      const segments = spec.argRefs.flatMap(([, id]) => this.objects.value(id)?.segments ?? []);
      if (segments.length > 0) record.argBuffers = this.remote.bytesOf(segments);
    }
    // A detached actor outlives this node (Ray's GCS owns it): the GCS keeps its creation.
    if (spec.detached) this.remote?.keepCreation(spec, record.create, record.argBuffers ?? []);
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
    for (const order of record.callers.values()) for (const [seq, task] of order.ready) if (task) pending.push({ task, seq, ready: true });
    pending.sort((a, b) => a.seq - b.seq); // each caller's calls keep their order
    for (const p of pending) {
      this.registerCall(p.task);
      if (p.ready) this.callReady(p.task);
    }
  }

  /** Starts the actor on a host of this node. */
  private startLocal(record: ActorRecord): void {
    record.node = undefined;
    const hostId = this.threads.place(record.spec);
    record.hostId = hostId;
    this.threads.send(hostId, { k: 'createActor', hostId, actor: this.creation(record) });
    this.resendAll(record);
  }

  /** What a host needs to build the actor this time (a restart says so: `wasCurrentActorReconstructed`). */
  private creation(record: ActorRecord): CreateActor {
    return record.incarnation > 1 ? { ...record.create!, restarted: true } : record.create!;
  }

  /** The actor has a host now: calls held for it go, in their order. */
  private resendAll(record: ActorRecord): void {
    const resend = record.resend;
    record.resend = [];
    for (const task of resend) this.sendCall(record, task);
    this.flushCalls(record);
    this.forwarded.resume(record);
  }

  /** Creates the actor on another node; its calls follow it there. */
  private startRemote(record: ActorRecord, nodeId: string): void {
    const incarnation = record.incarnation;
    record.node = nodeId;
    record.hostId = `@${nodeId}`;
    record.remoteSeq = 0;
    this.remote!.create(nodeId, record.spec, this.creation(record), record.argBuffers ?? []).then(
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
      this.forwarded.forward(record, task, exec, objectIds, settled);
      return;
    }
    this.remote!.call(record.node!, record.spec.actorId, record.remoteSeq++, exec, objectIds, task.spec.segments).then(
      settled,
      (err: RemoteActorFailure | Error) => {
        if (record.incarnation !== incarnation || record.state === 'DEAD') return;
        if ('death' in err) this.dieWith(record, err.death);
        else if ('crashed' in err) this.crashed(record, new Error(err.crashed), err.unstarted ? task : undefined);
        else this.crashed(record, err);
      },
    );
  }

  /**
   * The actor's thread died. It restarts on a new host while it has restarts left (its
   * constructor runs again); calls in flight are sent again while they have retries left
   * (`maxTaskRetries`), and fail otherwise. `unstarted`: a call known never to have started
   * (it reached the actor's node after the crash), sent again without spending a retry.
   */
  private crashed(record: ActorRecord, err: unknown, unstarted?: TaskRecord): void {
    const name = record.spec.fn.name;
    const why = `its worker exited${err ? ` (${(err as Error)?.message ?? String(err)})` : ''}`;
    if (record.foreign) {
      // Its owner (on another node) restarts it, where it decides: here it just ends.
      this.hosted.end(record, { crashed: `Actor ${name} crashed on node ${this.raylet.nodeId}: ${why}` });
      this.dieWith(record, pack(new ActorDiedError(`Actor ${name} died: ${why}.`), 'an error').data);
      return;
    }
    if (record.restartsLeft <= 0) {
      this.die(record, new ActorDiedError(`Actor ${name} died: ${why}${record.spec.maxRestarts !== 0 ? '; it has no restarts left' : ''}.`, { cause: err }));
      return;
    }
    record.restartsLeft--;
    // Calls sent while its constructor ran never started: like Ray's calls queued for an actor
    // not alive yet, they wait for the restart and spend no retry.
    const constructing = record.state !== 'ALIVE';
    record.state = 'RESTARTING';
    record.hostId = undefined;
    this.forwarded.fail(record, { crashed: `actor ${name} is restarting (${why})` }, false);
    const inFlight = [...record.inFlight];
    record.inFlight.clear();
    for (const task of inFlight) {
      if (constructing || task === unstarted) {
        record.resend.push(task);
      } else if (task.retriesLeft > 0) {
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

  /**
   * Takes over a detached actor this node hosts for an owner that is gone (its node died, with
   * the head or alone). Ray's GCS owns detached actors, so they outlive their creator; here the
   * node running it becomes its owner: it keeps its record, name and restarts, orders the calls
   * callers now send here, and reports its state to the GCS (a later `ray.kill` frees its name).
   */
  adopt(record: ActorRecord, restartsUsed = 0): void {
    const foreign = record.foreign;
    if (!foreign || !foreign.ownerSpec.detached || record.state === 'DEAD') return;
    // What the gone owner waits for (its calls in flight here, the creation) has no one to answer.
    this.hosted.end(record, { crashed: `Actor ${record.spec.fn.name} was adopted by node ${this.raylet.nodeId}: its owner is gone` });
    record.foreign = undefined;
    record.spec = { ...foreign.ownerSpec, argRefs: [], nestedRefs: undefined };
    record.restartsLeft = record.spec.maxRestarts < 0 ? Infinity : Math.max(0, record.spec.maxRestarts - restartsUsed);
    if (record.spec.name !== undefined) this.names.set(`${record.spec.namespace}/${record.spec.name}`, record.spec.actorId);
    this.remote?.adopted(record.spec.actorId);
  }

  /**
   * The GCS re-placed on this node a detached actor whose owner and node are both gone (its
   * `restartsUsed`-th restart): this node creates it from its kept creation, and owns it.
   */
  restartOrphan(spec: SubmittedActor, create: CreateActor, restartsUsed: number): void {
    const current = this.actors.get(spec.actorId);
    if (current && current.state !== 'DEAD' && !current.foreign && !current.proxy) return; // restarted here already
    void this.hosted.create(spec, { ...create, restarted: true });
    this.adopt(this.actors.get(spec.actorId)!, restartsUsed);
  }

  onHostReady(hostId: string, threadId: number): void {
    this.threads.ready(hostId, threadId);
  }

  /** A host's thread died or the host stopped: its actors crash (and may restart elsewhere). */
  private onHostGone(hostId: string, actorIds: Set<string>, err: unknown): void {
    for (const actorId of actorIds) {
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
      this.hosted.created(record);
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

  /** An actor call was submitted: it gets the next turn in its caller's order to its actor. */
  registerCall(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!) ?? this.forwarded.proxy(task.spec.actorId!);
    if (!record) {
      this.tasks.failTask(task, new ActorDiedError(`Actor ${task.spec.actorId} does not exist in this cluster.`));
      return;
    }
    if (record.state === 'DEAD') {
      this.tasks.failTaskWith(task, record.death!);
      return;
    }
    const caller = callerOf(task);
    let order = record.callers.get(caller);
    if (!order) record.callers.set(caller, (order = { nextSeq: 0, sendSeq: 0, ready: new Map() }));
    record.seqOf.set(task, order.nextSeq++);
    task.retriesLeft = record.spec.maxTaskRetries < 0 ? Infinity : record.spec.maxTaskRetries;
  }

  /** A call's arguments are ready: it is sent when every earlier call of its caller to the actor was. */
  callReady(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!);
    const seq = record?.seqOf.get(task);
    if (!record || seq === undefined) return;
    record.seqOf.delete(task);
    if (record.state === 'DEAD') {
      this.tasks.failTaskWith(task, record.death!);
      this.skipTurn(record, task, seq);
      return;
    }
    this.takeTurn(record, callerOf(task), seq, task);
  }

  /** A call finished (or failed before its turn): it leaves the actor's books. */
  callFinished(task: TaskRecord): void {
    const record = this.record(task.spec.actorId!);
    if (!record) return;
    record.inFlight.delete(task);
    const seq = record.seqOf.get(task);
    if (seq !== undefined) {
      record.seqOf.delete(task);
      this.skipTurn(record, task, seq);
    }
  }

  /** A call that will never be sent gives its turn up, so its caller's later calls are not held behind it. */
  private skipTurn(record: ActorRecord, task: TaskRecord, seq: number): void {
    this.takeTurn(record, callerOf(task), seq, undefined);
  }

  private takeTurn(record: ActorRecord, caller: string, seq: number, task: TaskRecord | undefined): void {
    const order = record.callers.get(caller);
    if (!order) return;
    order.ready.set(seq, task);
    this.flushCaller(record, caller, order);
  }

  private flushCalls(record: ActorRecord): void {
    for (const [caller, order] of record.callers) this.flushCaller(record, caller, order);
  }

  /** Sends a caller's calls whose turn it is; a caller with nothing left is forgotten. */
  private flushCaller(record: ActorRecord, caller: string, order: CallerOrder): void {
    if (record.hostId === undefined) return;
    while (order.ready.has(order.sendSeq)) {
      const task = order.ready.get(order.sendSeq);
      order.ready.delete(order.sendSeq);
      order.sendSeq++;
      if (task) this.sendCall(record, task);
    }
    if (order.sendSeq === order.nextSeq && record.callers.get(caller) === order) record.callers.delete(caller);
  }

  private sendCall(record: ActorRecord, task: TaskRecord): void {
    record.inFlight.add(task);
    const exec = task.exec!;
    // A call through an alias (a getIfExists creation) names the actor by its own id, and a
    // method runs in its actor's job, whoever calls it.
    const job = record.spec.job ?? exec.job;
    const msg = exec.actorId === record.spec.actorId && exec.job === job ? exec : { ...exec, actorId: record.spec.actorId, job };
    if (record.node !== undefined || record.proxy) this.sendRemoteCall(record, task, msg);
    else this.threads.send(record.hostId!, { k: 'actorCall', task: msg });
  }

  /** A call result from a host: true if it answers a call for another node's actor. */
  foreignResult(taskId: string, reply: TaskReply): boolean {
    return this.forwarded.result(taskId, reply) || this.hosted.result(taskId, reply);
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

  /**
   * Kills the actors this node owns for a job that ended, but for detached ones, which outlive
   * their job (Ray's rule). Actors of other nodes' owners are theirs to end.
   */
  killOfJob(jobId: string, why: string): void {
    for (const record of this.actors.values()) {
      if (record.state === 'DEAD' || record.proxy || record.foreign || record.spec.detached || record.spec.job?.jobId !== jobId) continue;
      this.die(record, new ActorDiedError(`Actor ${record.spec.fn.name} was killed: ${why}.`));
    }
  }

  /**
   * `ray.kill`. `ownerGone`: a caller found the owner of this detached actor, hosted here, dead;
   * this node takes it over first, so the GCS hears of its death and frees its name.
   */
  kill(actorId: string, ownerGone = false): void {
    const record = this.record(actorId);
    if (ownerGone && record?.foreign?.ownerSpec.detached) this.adopt(record);
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
    const calls: TaskRecord[] = [...record.resend, ...record.inFlight, ...record.seqOf.keys()];
    for (const order of record.callers.values()) for (const task of order.ready.values()) if (task) calls.push(task);
    record.resend = [];
    record.inFlight.clear();
    record.callers.clear();
    record.seqOf.clear();
    for (const call of calls) this.tasks.failTaskWith(call, death);
    this.forwarded.fail(record, { death }, true);
    if (!record.proxy && !record.foreign) this.remote?.report(actorId, 'DEAD', { cause: causeOf(death) });
    if (record.proxy) return;
    if (record.node !== undefined) {
      this.remote?.kill(record.node, actorId);
      return;
    }
    if (record.foreign) this.hosted.end(record, { death });
    this.threads.release(record.hostId, actorId);
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
    this.threads.close();
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

/** Who made an actor call, for its order: the task that submitted it, or the driver (''). */
function callerOf(task: TaskRecord): string {
  return task.spec.parentTaskId ?? '';
}

/** The message of a packed death (an ActorDiedError), for the GCS's actor table. */
function causeOf(death: Uint8Array): string {
  try {
    return (unpack(death) as Error).message ?? 'it died';
  } catch {
    return 'it died';
  }
}
