import { ConnectionError, type RayError } from '../common/errors.js';
import type { NodeInfo } from '../common/core-worker.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../rpc/backoff.js';
import type {
  ActorState,
  ActorTableData,
  Address,
  Channel,
  GcsNodeInfo,
  GetClusterInfoReply,
  JobTableData,
  ListActorsRequest,
  NodeResources,
  PubMessage,
  RegisterNodeReply,
  ResourceView,
  Wire,
} from '../rpc/messages.js';
import { PROTOCOL_VERSION } from '../rpc/protocol-version.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { GcsSubscription, type SubscribeOptions } from './gcs-subscription.js';
import { GcsContact } from './gcs-reconnect.js';
import { performance } from 'node:perf_hooks';

export { GcsSubscription, type SubscribeOptions } from './gcs-subscription.js';

export interface GcsClientOptions {
  /** The version this client announces; tests set another to see it refused. */
  protocolVersion?: string;
  /** How long `connect` waits for the GCS (default 5 s). */
  connectTimeoutMs?: number;
  /** Deadline of one call (default 10 s). */
  callTimeoutMs?: number;
  /** How long idempotent calls retry an unreachable GCS (default 10 s). */
  retryForMs?: number;
  /** Spacing of resubscriptions and retries. */
  backoff?: BackoffPolicy;
}

export interface HeartbeatOptions {
  /** Default: what the GCS said at registration, else 1 s. */
  periodMs?: number;
  /** The node's current resources, sent with each heartbeat (undefined: liveness only). */
  resources?: () => Wire<NodeResources> | undefined;
  /** The GCS declared this node dead: the raylet must exit (its work has moved). The loop stops. */
  onDead?: () => void;
  /** The GCS does not know this node (it restarted without storage): register again. */
  onUnknown?: () => void;
  /** A heartbeat failed (the GCS is unreachable); the loop goes on. */
  onError?: (err: RayError) => void;
  /**
   * Give up after this long without a heartbeat getting through (Ray's
   * gcs_rpc_server_reconnect_timeout_s, 60 s there); default: never.
   */
  reconnectTimeoutMs?: number;
  /** The first heartbeat that failed after contact (once per outage). */
  onContactLost?: (err: RayError) => void;
  /** A heartbeat got through after an outage of `downMs`. */
  onReconnected?: (downMs: number) => void;
  /** `reconnectTimeoutMs` passed without contact: the loop stops; `err` is the last failure. */
  onGiveUp?: (silentMs: number, err: RayError) => void;
}

/** A running heartbeat loop. */
export interface HeartbeatLoop {
  stop(): void;
  readonly stopped: boolean;
}

/** The shape `ray.nodes()` returns, from a GCS node record. */
export function toNodeInfo(n: GcsNodeInfo): NodeInfo {
  return {
    nodeId: n.nodeId,
    alive: n.state === 'ALIVE',
    address: n.nodeManagerAddress,
    resources: { ...n.resourcesTotal },
    isHead: n.isHead,
  };
}

/**
 * The GCS as raylets and drivers use it: node registration (the GCS checks the protocol
 * version), the heartbeat loop, subscriptions that resubscribe by themselves, jobs, actors and
 * the internal KV. Errors are tsray errors: VersionMismatchError when refused for a version,
 * ConnectionError naming the address when the GCS cannot be reached.
 *
 * @example
 * ```ts
 * const gcs = await GcsClient.connect('127.0.0.1:6380');
 * const { node } = await gcs.registerNode({ nodeId, nodeManagerAddress: '10.0.0.2', nodeManagerPort: 7001, resourcesTotal: { CPU: 8 } });
 * const beat = gcs.startHeartbeats(nodeId, { resources: () => ({ available: pool.availableNow() }), onDead: () => process.exit(1) });
 * const sub = gcs.subscribe(['NODE_INFO', 'RESOURCE_VIEW'], (m) => { ... });
 * ```
 */
export class GcsClient {
  readonly rpc: RpcClient;
  readonly protocolVersion: string;
  private readonly connectTimeoutMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly loops = new Set<HeartbeatLoop>();
  private readonly subscriptions = new Set<GcsSubscription>();
  /** From the last registration: the heartbeat period the GCS asked for. */
  private heartbeatPeriodMs: number | undefined;

  constructor(
    readonly address: string,
    options: GcsClientOptions = {},
  ) {
    this.protocolVersion = options.protocolVersion ?? PROTOCOL_VERSION;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.rpc = new RpcClient(address, {
      defaultTimeoutMs: options.callTimeoutMs,
      retryForMs: options.retryForMs,
      backoff: this.backoff,
      serverName: 'tsray GCS',
    });
  }

  /**
   * A client whose GCS answered: fails within `connectTimeoutMs` with a ConnectionError naming
   * the address when nothing is listening there, or when what listens is not a tsray GCS.
   */
  static async connect(address: string, options: GcsClientOptions = {}): Promise<GcsClient> {
    const client = new GcsClient(address, options);
    try {
      await client.rpc.waitForReady(client.connectTimeoutMs);
      await client.getClusterInfo({ timeoutMs: client.connectTimeoutMs });
      return client;
    } catch (err) {
      client.close();
      if (err instanceof ConnectionError) throw err;
      throw new ConnectionError(`${address} answered, but not as a tsray GCS: ${(err as Error).message}`, { cause: err });
    }
  }

  getClusterInfo(options: { timeoutMs?: number } = {}): Promise<GetClusterInfoReply> {
    return this.rpc.call('NodeInfoService.GetClusterInfo', {}, { timeoutMs: options.timeoutMs, retryForMs: options.timeoutMs });
  }

  // ------------------------------------------------------------ nodes

  /** Registers a node (state, start time and protocol version are the GCS's to set). */
  async registerNode(node: Wire<GcsNodeInfo>): Promise<RegisterNodeReply> {
    const reply = await this.rpc.call('NodeInfoService.RegisterNode', { node, protocolVersion: this.protocolVersion });
    this.heartbeatPeriodMs = reply.heartbeatPeriodMs || undefined;
    return reply;
  }

  heartbeat(nodeId: string, resources?: Wire<NodeResources>, timeoutMs?: number): Promise<{ unknownNode: boolean; nodeDead: boolean }> {
    // Not retried here: a heartbeat is superseded by the next one.
    return this.rpc.call('NodeInfoService.Heartbeat', { nodeId, resources: resources ? { ...resources, nodeId } : null }, { timeoutMs, idempotent: false });
  }

  reportResources(resources: Wire<NodeResources>): Promise<{ unknownNode: boolean; nodeDead: boolean }> {
    return this.rpc.call('NodeInfoService.ReportResources', { resources });
  }

  /** Sends a heartbeat every period until stopped (the first one at once). */
  startHeartbeats(nodeId: string, options: HeartbeatOptions = {}): HeartbeatLoop {
    const periodMs = options.periodMs ?? this.heartbeatPeriodMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    const loop = {
      stopped: false,
      stop: () => {
        loop.stopped = true;
        clearTimeout(timer);
        this.loops.delete(loop);
      },
    };
    const now = () => performance.now();
    const contact = new GcsContact(options.reconnectTimeoutMs ?? Infinity, now());
    const beat = async () => {
      if (loop.stopped) return;
      try {
        const reply = await this.heartbeat(nodeId, options.resources?.(), Math.max(periodMs * 2, 1000));
        if (loop.stopped) return;
        const { downMs } = contact.succeeded(now());
        if (downMs !== undefined) options.onReconnected?.(downMs);
        if (reply.nodeDead) {
          loop.stop();
          options.onDead?.();
          return;
        }
        if (reply.unknownNode) options.onUnknown?.();
      } catch (err) {
        if (loop.stopped) return;
        options.onError?.(err as RayError);
        // A refusal from a GCS that answered (a tsray error other than ConnectionError) is contact.
        if (!(err instanceof ConnectionError)) contact.succeeded(now());
        else {
          const verdict = contact.failed(now());
          if (verdict === 'lost') options.onContactLost?.(err);
          if (verdict === 'give-up') {
            loop.stop();
            options.onGiveUp?.(contact.silentMs(now()), err);
            return;
          }
        }
      }
      if (loop.stopped) return;
      timer = setTimeout(() => void beat(), periodMs);
      timer.unref();
    };
    this.loops.add(loop);
    void beat();
    return loop;
  }

  async unregisterNode(nodeId: string, reason = ''): Promise<void> {
    await this.rpc.call('NodeInfoService.UnregisterNode', { nodeId, reason });
  }

  async getAllNodes(aliveOnly = false, options: { retryForMs?: number } = {}): Promise<GcsNodeInfo[]> {
    return (await this.rpc.call('NodeInfoService.GetAllNodes', { aliveOnly }, { retryForMs: options.retryForMs })).nodes;
  }

  async getResourceView(options: { retryForMs?: number } = {}): Promise<ResourceView> {
    return (await this.rpc.call('NodeInfoService.GetResourceView', {}, { retryForMs: options.retryForMs })).view ?? { nodes: [], version: 0 };
  }

  // ------------------------------------------------------------ jobs

  /**
   * Registers a driver's job (an empty jobId gets the next one); refused for another protocol
   * version. Retried while the GCS is unreachable when the job names its id, or its driver's pid
   * and start time (the GCS then knows a retry from a second driver).
   */
  async addJob(job: Wire<JobTableData>, options: { retryForMs?: number } = {}): Promise<JobTableData> {
    const idempotent = !!job.jobId || (!!job.driverPid && !!job.startTimeMs);
    const reply = await this.rpc.call('JobService.AddJob', { job, protocolVersion: this.protocolVersion }, { idempotent, retryForMs: options.retryForMs });
    return reply.job!;
  }

  async markJobFinished(jobId: string, options: { retryForMs?: number } = {}): Promise<void> {
    await this.rpc.call('JobService.MarkJobFinished', { jobId }, { retryForMs: options.retryForMs });
  }

  /**
   * Marks the job finished if it is still the running job of that driver. A GCS restarted in
   * memory hands out job ids from 1 again, so a departing driver's id may by then name another
   * driver's job, which must not be ended. Returns whether it ended the job.
   */
  async finishJobOfDriver(jobId: string, driverPid: number, options: { retryForMs?: number } = {}): Promise<boolean> {
    const job = (await this.rpc.call('JobService.GetAllJobs', {}, { retryForMs: options.retryForMs })).jobs.find((j) => j.jobId === jobId);
    if (!job || job.isDead || job.driverPid !== driverPid) return false;
    await this.markJobFinished(jobId, options);
    return true;
  }

  async getAllJobs(): Promise<JobTableData[]> {
    return (await this.rpc.call('JobService.GetAllJobs', {})).jobs;
  }

  // ------------------------------------------------------------ actors

  /**
   * Registers an actor; the GCS places it (the reply's nodeId, or empty with a placementMessage
   * while no node has room). A taken name fails with InvalidArgumentError unless `getIfExists`.
   */
  async registerActor(
    actor: Wire<ActorTableData>,
    options: { callerNodeId?: string; getIfExists?: boolean; avoidNodeIds?: string[]; timeoutMs?: number } = {},
  ): Promise<{ actor: ActorTableData; existed: boolean }> {
    const limit = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs, retryForMs: options.timeoutMs };
    const reply = await this.rpc.call('ActorService.RegisterActor', {
      actor,
      callerNodeId: options.callerNodeId ?? '',
      getIfExists: options.getIfExists ?? false,
      avoidNodeIds: options.avoidNodeIds ?? [],
    }, limit);
    return { actor: reply.actor!, existed: reply.existed };
  }

  async getActor(actorId: string): Promise<ActorTableData | undefined> {
    return (await this.rpc.call('ActorService.GetActor', { actorId })).actor ?? undefined;
  }

  /** A live actor by name. */
  async getNamedActor(name: string, namespace: string): Promise<ActorTableData | undefined> {
    return (await this.rpc.call('ActorService.GetActor', { name, namespace })).actor ?? undefined;
  }

  async listActors(filter: Wire<ListActorsRequest> = {}): Promise<ActorTableData[]> {
    return (await this.rpc.call('ActorService.ListActors', filter)).actors;
  }

  async updateActorState(
    actorId: string,
    state: ActorState,
    details: { address?: Wire<Address>; pid?: number; deathCause?: string; avoidNodeIds?: string[] } = {},
    options: { timeoutMs?: number } = {},
  ): Promise<ActorTableData> {
    const limit = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs, retryForMs: options.timeoutMs };
    // Reporting ALIVE or DEAD twice changes nothing; RESTARTING twice would restart twice.
    const reply = await this.rpc.call('ActorService.UpdateActorState', { actorId, state, ...details }, { idempotent: state !== 'RESTARTING', ...limit });
    return reply.actor!;
  }

  async killActor(actorId: string, options: { noRestart?: boolean; force?: boolean } = {}): Promise<ActorTableData> {
    const noRestart = options.noRestart ?? true;
    const reply = await this.rpc.call('ActorService.KillActor', { actorId, noRestart, force: options.force ?? false }, { idempotent: noRestart });
    return reply.actor!;
  }

  // ------------------------------------------------------------ internal KV

  /**
   * True when the key was new; without `overwrite` an existing key keeps its value. Retried
   * while the GCS or its storage is unavailable, either way: the key ends up as asked, but a
   * retry whose first attempt had been applied answers false.
   */
  async kvPut(namespace: string, key: string, value: Uint8Array, overwrite = true): Promise<boolean> {
    return (await this.rpc.call('KVService.Put', { namespace, key, value, overwrite }, { idempotent: true })).added;
  }

  async kvGet(namespace: string, key: string): Promise<Uint8Array | undefined> {
    const reply = await this.rpc.call('KVService.Get', { namespace, key });
    return reply.found ? reply.value : undefined;
  }

  /** Deletes the key (or, with `byPrefix`, every key starting with it); returns how many went. */
  async kvDel(namespace: string, key: string, byPrefix = false): Promise<number> {
    return (await this.rpc.call('KVService.Del', { namespace, key, byPrefix })).deleted;
  }

  async kvExists(namespace: string, key: string): Promise<boolean> {
    return (await this.rpc.call('KVService.Exists', { namespace, key })).exists;
  }

  async kvKeys(namespace: string, prefix = ''): Promise<string[]> {
    return (await this.rpc.call('KVService.Keys', { namespace, prefix })).keys;
  }

  // ------------------------------------------------------------ pub/sub

  /** Subscribes to channels; see GcsSubscription. */
  subscribe(channels: readonly Channel[], onMessage: (message: PubMessage) => void, options: SubscribeOptions = {}): GcsSubscription {
    const sub = new GcsSubscription(this.rpc, channels, onMessage, { ...options, backoff: this.backoff }, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  /** Stops heartbeats and subscriptions and closes the channel. */
  close(): void {
    for (const loop of [...this.loops]) loop.stop();
    for (const sub of [...this.subscriptions]) sub.close();
    this.subscriptions.clear();
    this.rpc.close();
  }
}
