import { Packr } from 'msgpackr';
import { ConnectionError, ObjectLostError, ObjectStoreError, ObjectStoreFullError, OwnerDiedError } from '../common/errors.js';
import type { ForeignObjects, ObjectTable, StoredObject } from '../core/object-table.js';
import { runtimeState } from '../common/runtime-state.js';
import type { ObjectChunk, PullRequest } from '../rpc/messages.js';
import { RpcClient } from '../rpc/rpc-client.js';
import type { ServerStream, ServiceHandlers } from '../rpc/rpc-server.js';
import { pack } from '../serialization/serializer.js';
import { BorrowLedger, BorrowOutbox } from './borrows.js';
import { ObjectDirectory, sessionOf, type DirectoryNode, type OwnerNode } from './object-directory.js';
import { PullManager } from './pull-manager.js';
import { readOutOfBand, unlinkSegments } from '../objectstore/shared-arrays.js';
import { collectGarbageSoon } from '../objectstore/collect-garbage.js';
import { sharedMemory, type SharedMemory } from '../objectstore/shm.js';
import { CHUNK_BYTES, ChunkAssembler, FLOW_CONTROL_WINDOW, chunkCount, chunkSize, planChunks } from './transfer-plan.js';

const packr = new Packr({ useRecords: false, moreTypes: true });
const MiB = 2 ** 20;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

/** How soon borrow changes go to their owners when nothing forces them out earlier. */
const BORROW_FLUSH_MS = 50;
/** Buffers staged for a node that never pulls them (it died) go after this long. */
const STAGED_TTL_MS = 10 * 60_000;
/** Attempts to reach an owner that refuses connections before its objects count as lost. */
const CONNECT_ATTEMPTS = 3;

/** What the first message of a pull carries (msgpack). */
interface PullMetadata {
  data: Uint8Array;
  isError?: boolean;
  nested?: string[];
  /** The buffers' references on the serving node, and their sizes. */
  buffers: string[];
  sizes: number[];
}

/** Buffers staged for a node to pull: a task's inline arguments, or its results. */
interface Staged {
  value: StoredObject;
  /** The node meant to pull them (they go if it dies). */
  forNode: string;
  /** Whether they are freed when unstaged (results), or belong to someone else (arguments). */
  owned: boolean;
  expires: number;
}

/** Where one buffer of a pull is being written: a hidden block of the arena. */
interface Sink {
  name: string;
  index: number;
}

export interface ObjectManagerOptions {
  /** The node runtime's object table (owned objects, and copies of others'). */
  objects: ObjectTable;
  nodeId: string;
  /** The runtime's session tag: ids it issues start with it. */
  session: string;
  /** The GCS node table as this node knows it now (kept current by its subscription). */
  nodes: () => Iterable<DirectoryNode>;
  /** A fresh read of the GCS node table (for an owner not heard of yet). */
  refreshNodes: () => Promise<DirectoryNode[]>;
}

/** Counters of this node's transfers (`ray.objectStoreStats().transfers`). */
export interface TransferStats {
  pulls: number;
  pulledBytes: number;
  deduplicated: number;
}

/**
 * The object manager of a raylet daemon (Ray's object manager, owner-based directory and
 * borrower protocol, for Node): moves objects between nodes and keeps them alive while other
 * nodes use them.
 *
 * - Pulls: a node that needs an object (a `get` of a ref another node owns, a task's arguments
 *   sent from its owner, a task's results coming back) pulls it over one gRPC server stream
 *   (ObjectManagerService.Pull): the object's metadata, then its buffers in chunks that are
 *   written into this node's arena as they arrive, in blocks hidden from readers until the
 *   last byte is in. The stream is pipelined (the HTTP/2 window holds several chunks), and
 *   concurrent pulls of one object share one transfer.
 * - Directory: an object id names its owner's session, and each node registers its session
 *   with the GCS (SESSION_LABEL), so the owner node is found without asking anyone. Owners
 *   always hold their objects (results come back to them), so that is where pulls go.
 * - Borrows: while this node holds refs to an object another node owns, the owner is told (a
 *   count per borrower node; see borrows.ts), and keeps the object until the count is gone.
 * - Loss: an owner that is dead, or cannot be reached, makes `get` fail with ObjectLostError
 *   naming the object and the node, rather than wait forever.
 *
 * @example
 * ```ts
 * const om = new ObjectManager({ objects: runtime.objects, nodeId, session, nodes, refreshNodes });
 * rpcServer.addService('ObjectManagerService', om.handlers());
 * runtime.objects.foreign = om;
 * ```
 */
export class ObjectManager implements ForeignObjects {
  readonly directory: ObjectDirectory;
  private readonly objects: ObjectTable;
  private readonly nodeId: string;
  private readonly clients = new Map<string, RpcClient>();
  private readonly pulls = new PullManager<void>();
  private readonly staged = new Map<string, Staged>();
  /** Task results made here and kept for their owner node (by id: the owner's node id). */
  private readonly kept = new Map<string, string>();
  private readonly outbox = new BorrowOutbox();
  private readonly ledger = new BorrowLedger();
  /** Per owner session: the batch being sent (one at a time, so batches apply in order). */
  private readonly sending = new Map<string, Promise<void>>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private native: SharedMemory | undefined;
  private transfers = 0;
  private pulledBytes = 0;
  private closed = false;

  constructor(private readonly options: ObjectManagerOptions) {
    this.objects = options.objects;
    this.nodeId = options.nodeId;
    this.directory = new ObjectDirectory(options.session);
    this.sweepTimer = setInterval(() => this.sweepStaged(), 60_000).unref();
  }

  /** The gRPC handlers of ObjectManagerService. */
  handlers(): ServiceHandlers<'ObjectManagerService'> {
    return {
      Pull: (req, stream) => this.serve(req, stream),
      FreeObjects: (req) => {
        for (const key of req.objectIds) {
          this.unstage(key);
          this.unkeep(key);
        }
        return {};
      },
      UpdateBorrows: (req) => {
        const changes = this.ledger.apply(
          req.borrowerNodeId,
          req.seq,
          req.deltas.map((d) => [d.objectId, d.delta] as const),
          req.grants.map((g) => [g.objectId, g.borrowerNodeId] as const),
        );
        this.applyRefChanges(changes);
        return {};
      },
    };
  }

  stats(): TransferStats {
    return { pulls: this.transfers, pulledBytes: this.pulledBytes, deduplicated: this.pulls.joined };
  }

  // ---------------------------------------------------------------- ForeignObjects (the table's hooks)

  isForeign(id: string): boolean {
    return this.directory.isForeign(id);
  }

  borrowed(id: string, delta: 1 | -1): void {
    const session = sessionOf(id);
    if (session === undefined || this.closed) return;
    this.outbox.add(session, id, delta);
    this.scheduleFlush();
  }

  want(id: string): void {
    // Failures are sealed as the object's value (ObjectLostError): its waiters hear of them.
    this.fetch(id).catch(() => {});
  }

  // ---------------------------------------------------------------- pulls

  /**
   * Makes sure the object is sealed in this node's table: pulled from `from` (host:port), else
   * from its owner, unless it is here or on its way already. A failed pull seals the error as
   * the object's value (so waiters hear of it) and rejects.
   */
  fetch(id: string, from?: string): Promise<void> {
    if (this.objects.isReady(id)) return Promise.resolve();
    return this.pulls.pull(id, async () => {
      let copy: StoredObject;
      try {
        copy = await (from !== undefined ? this.transfer(from, id, `node at ${from}`) : this.fromOwner(id));
      } catch (e) {
        const err = e instanceof ObjectLostError || e instanceof ObjectStoreError ? e : new ObjectLostError(id, (e as Error).message);
        if (!this.objects.isReady(id)) this.objects.seal(id, { data: pack(err, 'an error').data, isError: true });
        throw err;
      }
      if (this.objects.isReady(id)) {
        if (copy.segments) unlinkSegments(copy.segments);
        return;
      }
      this.objects.seal(id, copy);
    });
  }

  /**
   * Pulls a copy of an object from the node at `address` (one keeping it for its owner), for
   * the caller to seal or free; rejects with the transfer's error, sealing nothing.
   */
  copyFrom(address: string, id: string): Promise<StoredObject> {
    return this.transfer(address, id, `node at ${address}`);
  }

  /**
   * Pulls buffers staged under `key` at `address` into this node's arena; returns their
   * references here, in order. They are nobody's until the caller seals or frees them.
   */
  async pullStaged(address: string, key: string): Promise<string[]> {
    return (await this.transfer(address, key, `node at ${address}`)).segments ?? [];
  }

  /** Pulls an object from its owner node, retrying an owner that refuses connections. */
  private async fromOwner(id: string): Promise<StoredObject> {
    for (let attempt = 1; ; attempt++) {
      const owner = await this.owner(id);
      try {
        return await this.transfer(owner.address, id, `owner node ${owner.nodeId} (${owner.address})`);
      } catch (e) {
        if (!(e instanceof ConnectionError)) throw e;
        const now = this.directory.ownerOf(id);
        if (now && !now.alive) throw lostAt(id, now);
        if (attempt >= CONNECT_ATTEMPTS || this.closed) {
          throw new OwnerDiedError(id, `its owner node ${owner.nodeId} (${owner.address}) cannot be reached: ${e.message}`);
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  /** The object's owner node, alive; ObjectLostError when it is dead or unknown. */
  private async owner(id: string): Promise<OwnerNode> {
    this.directory.update(this.options.nodes());
    let owner = this.directory.ownerOf(id);
    if (!owner) {
      this.directory.update(await this.options.refreshNodes());
      owner = this.directory.ownerOf(id);
    }
    if (!owner) {
      throw new OwnerDiedError(id, `no node of the cluster has session ${sessionOf(id) ?? '?'} that issued it: its owner node is gone.`);
    }
    if (!owner.alive) throw lostAt(id, owner);
    return owner;
  }

  /**
   * One transfer: opens the stream, writes each chunk into a hidden block as it arrives, and
   * publishes the blocks once every byte is in. Returns the value with this node's references.
   */
  private async transfer(address: string, key: string, source: string): Promise<StoredObject> {
    const stream = this.client(address).serverStream('ObjectManagerService.Pull', { objectId: key, requesterNodeId: this.nodeId, chunkSize: CHUNK_BYTES });
    const native = this.shm();
    const sinks: Sink[] = [];
    let meta: PullMetadata | undefined;
    let assembler: ChunkAssembler | undefined;
    try {
      for await (const m of stream) {
        if (!meta) {
          meta = packr.unpack(m.metadata) as PullMetadata;
          for (let i = 0; i < meta.buffers.length; i++) sinks.push(this.openSink(native, meta.buffers[i]!, meta.sizes[i]!, key));
          assembler = new ChunkAssembler(meta.sizes);
          continue;
        }
        assembler!.accept(m.bufferIndex, m.offset, m.data.length);
        const sink = sinks[m.bufferIndex]!;
        native.storeWrite(sink.name, sink.index, m.offset, m.data);
      }
      if (!meta || !assembler!.complete) {
        throw new ConnectionError(`the pull of ${key} from ${source} ended early (${assembler?.received ?? 0} of ${assembler?.total ?? '?'} bytes)`);
      }
      const segments = sinks.map((s) => {
        if (!native.storeSeal(s.name, s.index)) throw new ObjectStoreError(`block ${s.name} of ${key} vanished before it was sealed`);
        return `${s.name}#${s.index}`;
      });
      sinks.length = 0;
      this.transfers++;
      this.pulledBytes += assembler!.total;
      const out: StoredObject = { data: meta.data };
      if (meta.isError) out.isError = true;
      if (meta.nested?.length) out.nested = meta.nested;
      if (segments.length) out.segments = segments;
      return out;
    } catch (e) {
      for (const s of sinks) {
        try {
          native.storeAbort(s.name, s.index);
        } catch {
          // the arena is gone (the node is shutting down): so are its blocks
        }
      }
      throw e;
    }
  }

  /** A hidden block for one buffer, after spilling least recently used objects if needed. */
  private openSink(native: SharedMemory, reference: string, size: number, key: string): Sink {
    const hash = reference.indexOf('#');
    const name = hash < 0 ? reference : reference.slice(0, hash);
    for (;;) {
      const index = native.storeCreateHidden(name, size);
      if (index >= 0) return { name, index };
      if (!runtimeState().makeRoom?.(size)) break;
    }
    const s = native.storeStats();
    throw new ObjectStoreFullError(
      `Cannot pull ${key}: its buffer of ${mib(size)} does not fit in this node's object store ` +
      `(${mib(s.used)} of ${mib(s.capacity)} in use by objects being read). Raise --object-store-memory, or drop refs you no longer need.`);
  }

  private shm(): SharedMemory {
    if (this.native) return this.native;
    this.native = sharedMemory();
    if (!runtimeState().store) throw new ObjectStoreError(`Node ${this.nodeId} has no object store to pull objects into.`);
    return this.native;
  }

  private client(address: string): RpcClient {
    let c = this.clients.get(address);
    if (!c) {
      c = new RpcClient(address, {
        serverName: 'tsray raylet',
        // A receive window of several chunks keeps the stream pipelined; gRPC's default 64 KiB
        // would stall the sender after every few frames.
        channelOptions: { 'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW },
      });
      this.clients.set(address, c);
    }
    return c;
  }

  // ---------------------------------------------------------------- serving pulls

  /** Streams an object (or staged buffers) to a node pulling it. */
  private async serve(req: PullRequest, stream: ServerStream<ObjectChunk>): Promise<void> {
    const key = req.objectId;
    let value: StoredObject;
    let release: (() => void) | undefined;
    const staged = this.staged.get(key);
    if (staged) {
      value = staged.value;
    } else {
      if (!this.objects.has(key)) {
        throw new ObjectLostError(key, `node ${this.nodeId} does not hold it (it was freed, or never made there).`);
      }
      // Held while it streams: the last ref elsewhere may go meanwhile.
      this.objects.addRef(key);
      release = () => this.objects.removeRef(key);
      if (!this.objects.isReady(key)) {
        const ready = await new Promise<boolean>((resolve) => {
          const cancel = this.objects.whenReady(key, () => resolve(true));
          stream.onClose(() => {
            cancel();
            resolve(false);
          });
        });
        if (!ready) {
          release();
          return;
        }
      }
      value = this.objects.read(key)!;
    }
    try {
      const refs = value.segments ?? [];
      // Mapped now: the views pin the memory, whatever frees the object meanwhile.
      const views = refs.map((r) => readOutOfBand(r, 'Uint8Array') as Uint8Array);
      const sizes = views.map((v) => v.byteLength);
      const size = chunkSize(req.chunkSize);
      const meta: PullMetadata = { data: value.data, buffers: refs, sizes };
      if (value.isError) meta.isError = true;
      if (value.nested?.length) meta.nested = value.nested;
      stream.write({ objectId: key, metadata: packr.pack(meta), totalSize: sizes.reduce((a, b) => a + b, 0), numChunks: chunkCount(sizes, size) });
      let index = 0;
      for (const c of planChunks(sizes, size)) {
        if (stream.closed) return;
        const v = views[c.buffer]!;
        // A Buffer view, not a copy: protobuf encodes it straight from shared memory.
        const data = Buffer.from(v.buffer, v.byteOffset + c.offset, c.length);
        if (!stream.write({ bufferIndex: c.buffer, offset: c.offset, data, chunkIndex: ++index })) await stream.drain();
      }
      stream.end();
    } finally {
      release?.();
      // The views above pin the buffers (freed objects included) until this thread collects,
      // and the stream's socket may hold chunks of them a while after the end.
      collectGarbageSoon();
    }
  }

  // ---------------------------------------------------------------- staging

  /**
   * Offers buffers for `forNode` to pull under `key` (a task's inline arguments, or its
   * results). `owned`: freed when unstaged; else they belong to someone else.
   */
  stage(key: string, value: StoredObject, forNode: string, owned: boolean): void {
    this.staged.set(key, { value, forNode, owned, expires: Date.now() + STAGED_TTL_MS });
  }

  /**
   * Keeps a task result made here for its owner node `forNode` (Ray keeps data where it is
   * made): sealed in this node's table under its id, so tasks here read it in place and other
   * nodes pull it from here, until the owner frees it (FreeObjects) or dies.
   */
  keep(id: string, value: StoredObject, forNode: string): void {
    if (this.kept.has(id)) {
      if (value.segments) unlinkSegments(value.segments);
      return;
    }
    this.objects.pin(id);
    if (this.objects.isReady(id)) {
      if (value.segments) unlinkSegments(value.segments);
    } else {
      this.objects.seal(id, value);
    }
    this.kept.set(id, forNode);
  }

  /** Lets go of a result kept here for its owner. */
  unkeep(id: string): void {
    if (this.kept.delete(id)) this.objects.unpin(id);
  }

  /** How many results this node keeps for owners elsewhere. */
  get keptCount(): number {
    return this.kept.size;
  }

  /** Withdraws staged buffers (freeing them if they were given to the stage). */
  unstage(key: string): void {
    const s = this.staged.get(key);
    if (!s) return;
    this.staged.delete(key);
    if (s.owned && s.value.segments) unlinkSegments(s.value.segments);
  }

  /** Tells the node at `address` that its staged buffers were pulled (or are not wanted). */
  freeRemote(address: string, keys: string[]): void {
    if (keys.length === 0 || this.closed) return;
    this.client(address).call('ObjectManagerService.FreeObjects', { objectIds: keys }, { timeoutMs: 10_000 }).catch(() => {
      // the node is gone: its staged buffers went with it (or expire)
    });
  }

  private sweepStaged(): void {
    const now = Date.now();
    for (const [key, s] of this.staged) if (s.expires < now) this.unstage(key);
  }

  // ---------------------------------------------------------------- borrows

  /**
   * A task run here returns values containing these refs to its owner node `to`: each one's
   * owner (this node or another) holds a ref for `to` before the reply leaves (call
   * `flushBorrows` after), which `to` takes over with `handedOver`. Returns the ids handed
   * over; refs `to` owns itself need nothing.
   */
  handOver(ids: readonly string[], to: { nodeId: string; session: string }): string[] {
    const out: string[] = [];
    for (const id of ids) {
      const session = sessionOf(id);
      if (session === undefined || session === to.session) continue;
      if (session === this.directory.localSession) {
        if (!this.objects.has(id)) continue;
        this.ledger.grant(to.nodeId, id);
        this.objects.addRef(id);
      } else {
        this.outbox.grant(session, id, to.nodeId);
      }
      out.push(id);
    }
    return out;
  }

  /** The task's reply is processed here: the refs held for this node by `handOver` are released. */
  handedOver(ids: readonly string[]): void {
    for (const id of ids) {
      const session = sessionOf(id);
      if (session === undefined) continue;
      if (session === this.directory.localSession) continue;
      this.outbox.add(session, id, -1);
    }
    if (ids.length) this.scheduleFlush();
  }

  /** Sends every pending borrow change and waits until owners have applied them. */
  async flushBorrows(): Promise<void> {
    const sends = this.outbox.owners().map((s) => this.sendTo(s));
    await Promise.all([...sends, ...this.sending.values()]);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flushBorrows();
    }, BORROW_FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Queues a send of `session`'s pending changes behind the one in flight. */
  private sendTo(session: string): Promise<void> {
    const prev = this.sending.get(session) ?? Promise.resolve();
    const next = prev.then(() => this.sendBatch(session));
    this.sending.set(session, next);
    void next.finally(() => {
      if (this.sending.get(session) === next) this.sending.delete(session);
    });
    return next;
  }

  private async sendBatch(session: string): Promise<void> {
    const batch = this.outbox.take(session);
    if (!batch || this.closed) return;
    this.directory.update(this.options.nodes());
    let owner = this.directory.bySessionTag(session);
    if (!owner) {
      try {
        this.directory.update(await this.options.refreshNodes());
      } catch {
        // the GCS is unreachable: the owner cannot be found either
      }
      owner = this.directory.bySessionTag(session);
    }
    // A dead or unknown owner's objects are lost: there is nothing to keep alive.
    if (!owner?.alive) return;
    try {
      await this.client(owner.address).call('ObjectManagerService.UpdateBorrows', {
        borrowerNodeId: this.nodeId,
        seq: batch.seq,
        deltas: batch.deltas.map(([objectId, delta]) => ({ objectId, delta })),
        grants: batch.grants.map(([objectId, borrowerNodeId]) => ({ objectId, borrowerNodeId })),
      // An owner refusing connections for seconds is dead (its objects are lost, nothing to
      // keep alive): replies waiting on this flush must not wait for the GCS to say so.
      }, { timeoutMs: 10_000, retryForMs: 2_000 });
    } catch (e) {
      if (!this.closed) console.error(`tsray object manager: could not tell node ${owner.nodeId} of borrowed refs: ${(e as Error).message}`);
    }
  }

  private applyRefChanges(changes: ReadonlyArray<readonly [string, number]>): void {
    for (const [id, delta] of changes) {
      // An object freed already stays freed (a ref counted now would recreate it pending).
      if (delta > 0) {
        if (this.objects.has(id)) for (let i = 0; i < delta; i++) this.objects.addRef(id);
      } else {
        for (let i = 0; i < -delta; i++) this.objects.removeRef(id);
      }
    }
  }

  // ---------------------------------------------------------------- nodes

  /** A node's GCS record changed: a dead node's borrows, pulls and staged buffers go. */
  nodeChanged(node: DirectoryNode): void {
    this.directory.update([node]);
    if (node.state !== 'DEAD') return;
    this.applyRefChanges(this.ledger.dropBorrower(node.nodeId).map(([id, n]) => [id, -n] as const));
    const session = this.directory.sessionOfNode(node.nodeId);
    if (session) this.outbox.drop(session);
    const address = `${node.nodeManagerAddress}:${node.nodeManagerPort}`;
    // Pulls from it end now (their streams are cancelled) rather than at a keepalive timeout.
    const c = this.clients.get(address);
    if (c) {
      this.clients.delete(address);
      c.close();
    }
    for (const [key, s] of this.staged) if (s.forNode === node.nodeId) this.unstage(key);
    for (const [id, forNode] of this.kept) if (forNode === node.nodeId) this.unkeep(id);
  }

  close(): void {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    clearInterval(this.sweepTimer);
    for (const key of [...this.staged.keys()]) this.unstage(key);
    for (const id of [...this.kept.keys()]) this.unkeep(id);
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

function lostAt(id: string, owner: OwnerNode): OwnerDiedError {
  return new OwnerDiedError(id, `its owner node ${owner.nodeId} (${owner.address}) is dead${owner.deathReason ? ` (${owner.deathReason})` : ''}.`);
}
