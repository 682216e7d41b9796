import { createServer, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { chmodSync, rmSync } from 'node:fs';
import { DriverCoreWorker } from '../core/driver-core-worker.js';
import { runtimeState } from '../common/runtime-state.js';
import type { NodeInfo } from '../common/core-worker.js';
import { GcsClient, toNodeInfo, type HeartbeatLoop } from '../gcs/gcs-client.js';
import type { GcsSubscription } from '../gcs/gcs-subscription.js';
import type { ActorTableData, GcsNodeInfo, NodeResources } from '../rpc/messages.js';
import { PROTOCOL_VERSION } from '../rpc/protocol-version.js';
import type { RayletToWorker, WorkerToRaylet } from '../common/protocol.js';
import { ClientChannel, SOCKET_LABEL, type ClientHello, type ClientWelcome } from '../raylet/client-channel.js';
import { RemoteTasks, runTaskForOwner, type RemoteNode } from '../remote/remote-tasks.js';
import { ObjectManager } from '../objectmanager/object-manager.js';
import { SESSION_LABEL } from '../objectmanager/object-directory.js';
import { RpcServer } from '../rpc/rpc-server.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { RemoteActors, actorHostHandlers } from '../remote/remote-actors.js';
import { FailedNodes } from '../remote/failed-nodes.js';
import { PLACEMENT_GROUP_NAMESPACE, bundleCluster, bundleHandlers } from '../remote/remote-bundles.js';
import { PACKAGE_NAMESPACE, codeSearchPath, ensurePackage, isUnderRoots, packageModulePath } from '../runtime-env/working-dir.js';
import type { ResourceMap } from '../common/resources.js';


export interface RayletDaemonOptions {
  gcsAddress: string;
  /** The address other nodes and drivers reach this node at. */
  nodeIp: string;
  /** The node's folder (socket, logs); made by whoever starts the daemon. */
  nodeDir: string;
  isHead: boolean;
  numCpus?: number;
  numGpus?: number;
  gpuIds?: number[];
  resources?: ResourceMap;
  objectStoreMemory?: number;
  /**
   * How long the raylet goes on without reaching the GCS before it exits, saying why (default
   * 60 s, Ray's gcs_rpc_server_reconnect_timeout_s). Meanwhile it keeps running its work, retries
   * with backoff, and registers again if a restarted GCS does not know it.
   */
  gcsReconnectTimeoutMs?: number;
}

/** Ray's default for gcs_rpc_server_reconnect_timeout_s. */
export const DEFAULT_GCS_RECONNECT_TIMEOUT_MS = 60_000;

/**
 * A raylet as a daemon (`tsray start`): the node's runtime (worker pool, object store, owner
 * tables: the embedded runtime), registered with the GCS, heartbeating its resources, and
 * serving drivers of this machine over a Unix socket in the node's folder. A driver speaks the
 * worker-thread protocol there, so everything a worker thread can do, a driver can.
 *
 * @example
 * ```ts
 * const daemon = await RayletDaemon.start({ gcsAddress: '127.0.0.1:6380', nodeIp: '127.0.0.1', nodeDir, isHead: true });
 * await daemon.stop();
 * ```
 */
/** How often queued work that cannot start here is checked against the cluster's view. */
const SPILL_CHECK_MS = 200;

export class RayletDaemon {
  private readonly clients = new Set<ClientChannel<WorkerToRaylet | ClientHello, RayletToWorker | ClientWelcome>>();
  private readonly nodes = new Map<string, GcsNodeInfo>();
  private readonly view = new Map<string, NodeResources>();
  private heartbeats: HeartbeatLoop | undefined;
  private reregistering: Promise<void> | undefined;
  private subscription: GcsSubscription | undefined;
  private reportVersion = 0;
  private stopping: Promise<void> | undefined;
  /** Serves other raylets (tasks sent here by their owners). */
  private readonly rpc = new RpcServer();
  private rpcPort = 0;
  private readonly remote: RemoteTasks;
  /** Moves objects between this node and others, and keeps alive what other nodes borrow. */
  readonly objectManager: ObjectManager;
  private readonly peers = new Map<string, RpcClient>();
  private readonly preparedPackages = new Set<string>();
  /** Nodes a call to just failed: task and actor placement leave them out for a while. */
  private readonly failedNodes = new FailedNodes();
  /** Looks for queued work to spill back while tasks wait here (see spillSoon). */
  private spillTimer: NodeJS.Timeout | undefined;
  private spillQueued = false;
  /** Detached actors this node restarts for the GCS (their owner gone), by id and restart count. */
  private readonly orphanRestarts = new Set<string>();
  private remoteActors: RemoteActors | undefined;

  private constructor(
    readonly options: RayletDaemonOptions,
    private readonly gcs: GcsClient,
    readonly runtime: DriverCoreWorker,
    private readonly server: Server,
    readonly socketPath: string,
  ) {
    this.objectManager = new ObjectManager({
      objects: runtime.objects,
      nodeId: runtime.boot.nodeId,
      session: runtime.boot.session,
      nodes: () => this.nodes.values(),
      refreshNodes: () => gcs.getAllNodes(),
    });
    runtime.objects.foreign = this.objectManager;
    runtime.transferStats = () => this.objectManager.stats();
    // TSRAY_LOCALITY_AWARE=0 turns locality-aware placement off (bench/locality.ts compares).
    this.remote = new RemoteTasks(runtime, this.objectManager, () => this.origin(), () => this.remoteNodes(), this.failedNodes,
      { localityAware: process.env.TSRAY_LOCALITY_AWARE !== '0' });
    this.remote.onSpillRoom = () => this.spillSoon();
  }

  /** This node as the sender of work: where its objects are pulled from. */
  private origin(): { nodeId: string; session: string; address: string } {
    return { nodeId: this.nodeId, session: this.runtime.boot.session, address: `${this.options.nodeIp}:${this.rpcPort}` };
  }

  /** A client of another raylet (actor calls), one per address. */
  private peer(address: string): RpcClient {
    let c = this.peers.get(address);
    if (!c) this.peers.set(address, (c = new RpcClient(address, { serverName: 'tsray raylet' })));
    return c;
  }

  /** Alive nodes with their resources now, for placing tasks. */
  private remoteNodes(): RemoteNode[] {
    const out: RemoteNode[] = [];
    for (const n of this.nodes.values()) {
      if (n.nodeId !== this.nodeId && !n.nodeManagerPort) continue;
      const r = n.nodeId === this.nodeId ? this.report(false) : this.view.get(n.nodeId);
      out.push({
        nodeId: n.nodeId,
        alive: n.state === 'ALIVE',
        total: r?.total ?? n.resourcesTotal,
        available: r?.available ?? n.resourcesTotal,
        address: `${n.nodeManagerAddress}:${n.nodeManagerPort}`,
      });
    }
    return out;
  }

  get nodeId(): string {
    return this.runtime.boot.nodeId;
  }

  /** Starts the runtime and the socket, registers with the GCS, and starts heartbeats. */
  static async start(options: RayletDaemonOptions): Promise<RayletDaemon> {
    // Calls that need the GCS wait for it (with backoff) as long as the raylet would.
    const gcs = await GcsClient.connect(options.gcsAddress, { retryForMs: options.gcsReconnectTimeoutMs ?? DEFAULT_GCS_RECONNECT_TIMEOUT_MS });
    const runtime = new DriverCoreWorker({
      numCpus: options.numCpus,
      numGpus: options.numGpus,
      gpuIds: options.gpuIds,
      resources: options.resources,
      objectStoreMemory: options.objectStoreMemory,
      namespace: 'raylet',
      // Workers here import modules of job packages (and of the code search path) only.
      codeRoots: codeSearchPath(),
    });
    runtimeState().coreWorker = runtime;
    const socketPath = join(options.nodeDir, 'raylet.sock');
    rmSync(socketPath, { force: true });
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    // Only this user may connect (the node's folder is 0700 as well).
    chmodSync(socketPath, 0o600);
    const daemon = new RayletDaemon(options, gcs, runtime, server, socketPath);
    server.on('connection', (socket) => daemon.accept(socket));
    try {
      daemon.rpcPort = await daemon.rpc
        .addService('NodeManagerService', {
          RunTask: async (req) => ({ payload: await runTaskForOwner(runtime, daemon.objectManager, req.payload) }),
          ...actorHostHandlers(runtime.actors, daemon.objectManager, runtime.objects, (url) => daemon.prepareModule(url)),
          ...bundleHandlers(runtime.raylet),
        })
        .addService('ObjectManagerService', daemon.objectManager.handlers())
        .listen(options.nodeIp, 0);
      runtime.tasks.remote = daemon.remote;
      // Work sent here by other nodes may come from a job whose code is not unpacked here yet.
      runtime.prepareCode = (url) => daemon.prepareModule(url);
      runtime.pgs.cluster = bundleCluster(() => daemon.remoteNodes(), (address) => daemon.peer(address));
      // `tsray status` lists the cluster's groups from the GCS.
      runtime.pgs.onChange = (entry) => {
        void daemon.gcs.kvPut(PLACEMENT_GROUP_NAMESPACE, entry.placementGroupId, Buffer.from(JSON.stringify(entry))).catch(() => {
          // the GCS is away: the next change publishes the group again
        });
      };
      runtime.actors.groupNode = async (pgId, bundleIndex) => {
        const placed = await runtime.pgs.wait(pgId, undefined);
        if (placed.state !== 'CREATED') return null;
        // Any bundle (-1): one here if the group has one, else its first.
        if (bundleIndex < 0 && runtime.pgs.holdsHere(pgId, -1)) return runtime.boot.nodeId;
        return runtime.pgs.nodeOfBundle(pgId, bundleIndex) ?? null;
      };
      runtime.actors.remote = daemon.remoteActors = new RemoteActors({
        localId: runtime.boot.nodeId,
        nodes: () => daemon.remoteNodes(),
        client: (address) => daemon.peer(address),
        gcs,
        objects: daemon.objectManager,
        table: runtime.objects,
        origin: () => daemon.origin(),
        failedNodes: daemon.failedNodes,
      });
      await daemon.register();
    } catch (e) {
      await daemon.stop();
      throw e;
    }
    return daemon;
  }

  /** Registers, then heartbeats and listens to the GCS for as long as the raylet runs. */
  private async register(): Promise<void> {
    await this.registerNode();
    const gcsAddress = this.options.gcsAddress;
    const timeoutMs = this.options.gcsReconnectTimeoutMs ?? DEFAULT_GCS_RECONNECT_TIMEOUT_MS;
    this.heartbeats = this.gcs.startHeartbeats(this.nodeId, {
      resources: () => this.report(),
      reconnectTimeoutMs: timeoutMs,
      onDead: () => {
        console.error(`tsray raylet: the GCS declared node ${this.nodeId} dead; exiting.`);
        void this.stop().then(() => process.exit(1));
      },
      onUnknown: () => this.registerAgain(),
      onContactLost: (err) => {
        console.error(`tsray raylet: lost contact with the GCS at ${gcsAddress} (${err.message}); running tasks and actors go on, retrying for up to ${timeoutMs / 1000} s`);
      },
      onReconnected: (downMs) => console.error(`tsray raylet: reached the GCS at ${gcsAddress} again after ${Math.round(downMs)} ms`),
      onGiveUp: (silentMs, err) => {
        console.error(
          `tsray raylet: could not reach the GCS at ${gcsAddress} for ${Math.round(silentMs / 1000)} s (gcs reconnect timeout ${timeoutMs / 1000} s; ` +
            `last error: ${err.message}); exiting, since without the GCS this node cannot learn where its work moved.`,
        );
        void this.stop().then(() => process.exit(1));
      },
    });
    this.subscription ??= this.gcs.subscribe(['NODE_INFO', 'RESOURCE_VIEW', 'JOB', 'ACTOR'], (m) => {
      if (m.actor) this.actorChanged(m.actor);
      // A job ended (its driver left another node): its work here ends with it.
      if (m.job?.isDead) this.runtime.endJob(m.job.jobId);
      if (m.nodeInfo) {
        this.nodes.set(m.nodeInfo.nodeId, m.nodeInfo);
        this.objectManager.nodeChanged(m.nodeInfo);
      }
      if (m.resourceView) {
        // A node's new report counts what was spilled to it before: charge it no more.
        for (const n of m.resourceView.nodes) if (this.view.get(n.nodeId)?.version !== n.version) this.remote.reported(n.nodeId);
        this.view.clear();
        for (const n of m.resourceView.nodes) this.view.set(n.nodeId, n);
      }
      // A node joined or resources moved: pending placement groups may fit now, and work
      // queued here that cannot start may have somewhere to go.
      this.runtime.pgs.retryPending();
      this.spill();
    });
    // The view changes only when some node's resources do: work queued here after the last
    // change (SPREAD sends it from a view a moment old) is looked at on this beat as well.
    this.spillTimer ??= setInterval(() => {
      if (this.runtime.pendingTasks() > 0) this.spill();
    }, SPILL_CHECK_MS);
    this.spillTimer.unref();
    this.runtime.clusterView = {
      nodes: () => this.clusterNodes(),
      totals: () => this.sum((n) => n.total),
      available: () => this.sum((n) => n.available),
    };
  }

  /**
   * The GCS restarts a detached actor whose node died on a node of its choice. While its owner
   * lives, the owner creates it there; once the owner is gone as well, the chosen node does,
   * from the creation the GCS keeps, and owns it from then on.
   */
  private actorChanged(actor: ActorTableData): void {
    if (actor.state !== 'RESTARTING' || actor.nodeId !== this.nodeId || !actor.detached) return;
    const owner = actor.owner?.nodeId;
    if (owner && (owner === this.nodeId || this.nodes.get(owner)?.state === 'ALIVE')) return;
    const restart = `${actor.actorId}@${actor.numRestarts}`;
    if (this.orphanRestarts.has(restart)) return;
    this.orphanRestarts.add(restart);
    const remote = this.remoteActors;
    if (!remote) return;
    void remote.keptCreation(actor.actorId).then(async (kept) => {
      if (!kept) {
        console.error(`tsray raylet: cannot restart detached actor ${actor.actorId}: the GCS keeps no creation of it`);
        return;
      }
      await this.prepareModule(kept.spec.fn.moduleUrl);
      this.runtime.actors.restartOrphan(kept.spec, kept.create, actor.numRestarts);
    }).catch((e: unknown) => {
      this.orphanRestarts.delete(restart);
      console.error(`tsray raylet: restarting detached actor ${actor.actorId} failed: ${(e as Error).message}`);
    });
  }

  /**
   * A driver's connection closed: its job is over, whether it said so or was killed. Told to the
   * GCS with retries (it may be restarting), so no job stays "running" for ever; a second report
   * (the driver's own) changes nothing.
   */
  private driverLeft(jobId: string, pid: number): void {
    if (this.stopping) return;
    // What this node owns for the job ends now, whether or not the GCS can be reached.
    this.runtime.endJob(jobId);
    this.gcs.finishJobOfDriver(jobId, pid).catch((e: unknown) => {
      if (!this.stopping) console.error(`tsray raylet: could not tell the GCS that job ${jobId} ended: ${(e as Error).message}`);
    });
  }

  /**
   * A restarted GCS without this node (in-memory storage): register again, once at a time, while
   * heartbeats go on (each one until then answers "unknown").
   */
  private registerAgain(): void {
    if (this.reregistering || this.stopping) return;
    console.error(`tsray raylet: the GCS at ${this.options.gcsAddress} does not know node ${this.nodeId} (it restarted without persistent storage); registering again.`);
    this.reregistering = this.registerNode()
      .then(() => console.error(`tsray raylet: node ${this.nodeId} registered again.`))
      .catch((e: unknown) => console.error('tsray raylet: registering again failed:', (e as Error).message))
      .finally(() => {
        this.reregistering = undefined;
      });
  }

  private async registerNode(): Promise<void> {
    const totals = this.runtime.totalsOfNode();
    const reply = await this.gcs.registerNode({
      nodeId: this.nodeId,
      nodeManagerAddress: this.options.nodeIp,
      nodeManagerPort: this.rpcPort,
      objectManagerPort: this.rpcPort,
      nodeName: hostname(),
      isHead: this.options.isHead,
      state: 'ALIVE',
      resourcesTotal: totals,
      // The session tag: other nodes find the owner of an object from its id with it.
      labels: { [SOCKET_LABEL]: this.socketPath, [SESSION_LABEL]: this.runtime.boot.session },
      startTimeMs: Date.now(),
      sessionDir: this.options.nodeDir,
      pid: process.pid,
      protocolVersion: PROTOCOL_VERSION,
    });
    if (reply.node) this.nodes.set(this.nodeId, reply.node);
  }

  /** This node's resources now (`send`: for a heartbeat, which versions each report). */
  private report(send = true): NodeResources {
    const available = this.runtime.availableOfNode();
    const total = this.runtime.totalsOfNode();
    const own = { nodeId: this.nodeId, total, available, pendingTasks: this.runtime.pendingTasks(), version: send ? ++this.reportVersion : this.reportVersion };
    this.view.set(this.nodeId, own);
    return own;
  }

  private clusterNodes(): NodeInfo[] {
    return [...this.nodes.values()].map(toNodeInfo);
  }

  private sum(pick: (n: NodeResources) => Record<string, number>): ResourceMap {
    const out: ResourceMap = {};
    for (const n of this.view.values()) {
      if (this.nodes.get(n.nodeId)?.state === 'DEAD') continue;
      for (const [k, v] of Object.entries(pick(n))) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  }

  /**
   * Makes the module of work sent here by another node importable: it must be a module of a job
   * package, whose package is then unpacked here, or one on this node's code search path.
   * Anything else (a `data:` or `http:` URL, a file elsewhere) is refused before anything is
   * imported.
   */
  private async prepareModule(url: string): Promise<void> {
    if (isUnderRoots(url, this.runtime.boot.codeRoots)) return;
    await this.preparePackage(packageModulePath(url).hash);
  }

  /**
   * Unpacks a job's code package here (fetched from the GCS once per node, and checked against
   * its hash). Remembered once done: every task sent here asks, and the package stays while this
   * raylet uses it.
   */
  private async preparePackage(hash: string | undefined): Promise<void> {
    if (!hash || this.preparedPackages.has(hash)) return;
    await ensurePackage(hash, () => this.gcs.kvGet(PACKAGE_NAMESPACE, hash), () => this.gcs.kvDel(PACKAGE_NAMESPACE, hash));
    this.preparedPackages.add(hash);
  }

  /** A driver connected: it says who it is, gets the node's boot data, then speaks the worker protocol. */
  private accept(socket: Socket): void {
    const channel = new ClientChannel<WorkerToRaylet | ClientHello, RayletToWorker | ClientWelcome>(socket, 'a driver');
    this.clients.add(channel);
    let attached: { deliver(batch: WorkerToRaylet[]): void; detach(): void } | undefined;
    let driver: { jobId: string; pid: number } | undefined;
    channel.listen(
      (batch) => {
        if (attached) {
          attached.deliver(batch as WorkerToRaylet[]);
          return;
        }
        const hello = batch[0] as ClientHello | undefined;
        if (!isHello(hello)) {
          channel.send({ k: 'refused', message: 'expected a hello first: { k: "hello", pid, jobId, namespace, packageHash? }' });
          channel.close();
          return;
        }
        if (this.stopping) {
          channel.send({ k: 'refused', message: `node ${this.nodeId} is stopping` });
          channel.close();
          return;
        }
        // The job's code is unpacked here before the driver may submit anything.
        void this.preparePackage(hello.packageHash).then(
          () => {
            if (channel.isClosed) return;
            attached = this.runtime.attachClient((msg) => channel.send(msg));
            driver = { jobId: hello.jobId, pid: hello.pid };
            channel.send({ k: 'welcome', boot: { ...this.runtime.boot, jobId: hello.jobId, namespace: hello.namespace } });
            // Outside the channel's own guard (this runs later): a message the runtime throws
            // on closes this connection, as it would have there.
            try {
              if (batch.length > 1) attached.deliver(batch.slice(1) as WorkerToRaylet[]);
            } catch (e) {
              channel.refuse(`a message its handler refused (${(e as Error)?.message ?? String(e)})`);
            }
          },
          (err: Error) => {
            channel.send({ k: 'refused', message: err.message });
            channel.close();
          },
        );
      },
      () => {
        this.clients.delete(channel);
        attached?.detach();
        if (driver) this.driverLeft(driver.jobId, driver.pid);
      },
    );
  }

  /** Spills once this turn's replies are in (many spilled tasks end together). */
  private spillSoon(): void {
    if (this.spillQueued) return;
    this.spillQueued = true;
    setImmediate(() => {
      this.spillQueued = false;
      if (this.runtime.pendingTasks() > 0) this.spill();
    });
  }

  /** Spillback: queued work that cannot start here goes to nodes with room (see spillback.ts). */
  private spill(): void {
    if (this.stopping) return;
    try {
      this.remote.spillQueued();
    } catch (e) {
      console.error('tsray raylet: spilling queued tasks back failed:', e);
    }
  }

  /** Stops serving drivers, leaves the cluster, and shuts the runtime down. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.spillTimer);
      this.heartbeats?.stop();
      this.subscription?.close();
      for (const c of this.clients) c.destroy();
      this.remote.close();
      this.objectManager.close();
      for (const c of this.peers.values()) c.close();
      await this.rpc.shutdown();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      rmSync(this.socketPath, { force: true });
      try {
        await this.gcs.rpc.call('NodeInfoService.UnregisterNode', { nodeId: this.nodeId, reason: 'raylet stopped' }, { timeoutMs: 2000, retryForMs: 2000 });
      } catch {
        // the GCS is gone or will notice the silence
      }
      this.gcs.close();
      await this.runtime.shutdown();
      runtimeState().coreWorker = null;
    })();
    return this.stopping;
  }
}

/** A driver's hello, checked field by field: it is the first thing a stranger could send. */
function isHello(m: unknown): m is ClientHello {
  const h = m as Partial<ClientHello> | undefined;
  return h?.k === 'hello' && Number.isSafeInteger(h.pid) && typeof h.jobId === 'string' && h.jobId.length <= 256 &&
    typeof h.namespace === 'string' && h.namespace.length <= 256 && (h.packageHash === undefined || (typeof h.packageHash === 'string' && h.packageHash.length <= 128));
}
