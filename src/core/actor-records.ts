import type { ActorDiedError } from '../common/errors.js';
import type { CreateActor, ExecuteTask, FunctionDescriptor, RayletToWorker, SubmittedActor, TaskReply } from '../common/protocol.js';
import type { TaskManager, TaskRecord } from './task-manager.js';

/**
 * The books of a node's actors, shared by the actor manager and its parts (host threads, actors
 * hosted for other nodes, calls through an actor's owner), and what nodes say to each other
 * about actors.
 */

export type ActorState = 'PENDING' | 'ALIVE' | 'RESTARTING' | 'DEAD';

/**
 * An actor as this node's actor manager keeps it: one it owns (run here or on another node), one
 * it hosts for an owner elsewhere (`foreign`), or one another node owns (`proxy`).
 */
export interface ActorRecord {
  /** (Replaced once: when this node adopts a detached actor it hosted, by its owner's spec.) */
  spec: SubmittedActor;
  state: ActorState;
  hostId: string | undefined;
  /** Why it died (a packed ActorDiedError), once dead. */
  death: Uint8Array | undefined;
  /**
   * Calls in submission order per caller (Ray orders one caller's calls, not calls of different
   * callers), by caller: its submitting task's id, '' for the driver.
   */
  callers: Map<string, CallerOrder>;
  /** Sequence numbers (in their caller's order) of calls still waiting on arguments. */
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
  /** Hosted here for an owner on another node (see hosted-actors.ts). */
  foreign?: ForeignActor;
  /** Owned by another node: calls are forwarded to the owner (see forwarded-calls.ts). */
  proxy?: true;
  /** Calls from callers on other nodes (see forwarded-calls.ts): their order per caller, the queue, in flight. */
  external?: ExternalCalls;
}

/** One caller's calls to an actor: the next sequence number to give, the next to send, and the calls ready before their turn. */
export interface CallerOrder {
  nextSeq: number;
  sendSeq: number;
  /** Calls whose arguments are ready, waiting for their turn (undefined: a call that gave its turn up). */
  ready: Map<number, TaskRecord | undefined>;
}

/** A call forwarded by a caller on another node to the actor's owner (this node). */
export interface ExternalCall {
  exec: ExecuteTask;
  /** Its arguments, pulled here: objects (by id, held) and inline buffers. */
  args: { objects: string[]; segments: string[] };
  resolve(answer: ActorCallAnswer): void;
  reject(failure: RemoteActorFailure): void;
}

export interface ExternalCalls {
  order: Map<string, { next: number; early: Map<number, ExternalCall | null> }>;
  /** In order, waiting for the actor to be placed (or restarted). */
  queue: ExternalCall[];
  inFlight: Set<ExternalCall>;
}

/** An actor this node hosts for its owner on another node. */
export interface ForeignActor {
  /** The owner's spec (the record here runs it with no name and no restarts of its own). */
  ownerSpec: SubmittedActor;
  created: { resolve: (death: Uint8Array | undefined) => void } | undefined;
  /** Calls in flight by task id, and calls that came before their turn by sequence number. */
  calls: Map<string, { resolve: (reply: TaskReply) => void; reject: (err: RemoteActorFailure) => void }>;
  /** (null: a call that gave its turn up.) */
  early: Map<number, ExecuteTask | null>;
  next: number;
  /**
   * Set when its host crashed. The owner's calls still on their way then hear "crashed" (the
   * owner restarts it), never the local death the record ends in: that would end the actor
   * for good at its owner, restarts left or not.
   */
  crashed?: string;
}

/**
 * Why a call to an actor on another node failed: the actor died, its node or host crashed
 * (it may restart), or the node owning it is gone (so is the actor).
 */
export type RemoteActorFailure = { death: Uint8Array } | {
  crashed: string;
  /** The call reached the actor's node after the actor had crashed: it never started, so it spends no retry. */
  unstarted?: boolean;
} | { ownerGone: string };

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
  /**
   * Keeps what it takes to create a detached actor again (its creation and argument bytes) in
   * the GCS, so that a node can restart it once its owner is gone too.
   */
  keepCreation(spec: SubmittedActor, create: CreateActor, argBuffers: Array<[string, Uint8Array]>): void;
  /** This node adopted a detached actor it hosted: from now on its state is reported from here. */
  adopted(actorId: string): void;
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

/**
 * The actor manager as its parts see it: the records, and the steps of an actor's life, which
 * the manager alone takes (so deaths, restarts and their reports stay in one place).
 */
export interface ActorBook {
  /** Records by the actor's own id. */
  readonly actors: Map<string, ActorRecord>;
  /** The record of an actor, by its id or an alias of it. */
  record(actorId: string): ActorRecord | undefined;
  /** `owned`: this node owns it, so its handles are counted here (else its owner counts them). */
  register(spec: SubmittedActor, owned: boolean): ActorRecord;
  /** Places the actor and starts it there. */
  start(record: ActorRecord): void;
  die(record: ActorRecord, err: ActorDiedError): void;
  dieWith(record: ActorRecord, death: Uint8Array): void;
  /** Takes over a detached actor hosted here whose owner is gone (see ActorManager.adopt). */
  adopt(record: ActorRecord): void;
  /** Its thread (or node) died: it restarts while it has restarts left. */
  crashed(record: ActorRecord, err: unknown): void;
  /** Sends a message to a host thread of this node. */
  send(hostId: string, msg: RayletToWorker): void;
  readonly nodeId: string;
  readonly remote: RemoteActorHosting | undefined;
  readonly tasks: TaskManager;
}
