import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { status } from '@grpc/grpc-js';
import { ConnectionError, InvalidArgumentError } from '../common/errors.js';
import { backoffDelayMs, type BackoffPolicy } from '../rpc/backoff.js';
import type { Channel, PubMessage, Wire } from '../rpc/messages.js';
import { PROTOCOL_VERSION, checkProtocolVersion } from '../rpc/protocol-version.js';
import { RpcServer, type ServerStream } from '../rpc/rpc-server.js';
import { GcsActorManager } from './actor-manager.js';
import { TABLES, type GcsStorage } from './gcs-storage.js';
import { GcsJobManager } from './job-manager.js';
import { GcsKvManager } from './kv-manager.js';
import { MemoryGcsStorage } from './memory-storage.js';
import { GcsNodeManager } from './node-manager.js';
import { Publisher } from './pubsub.js';
import { SubscriptionQuota } from './request-limits.js';
import { ClusterResourceView } from './resource-view.js';
import { ResilientStorage } from './resilient-storage.js';

export interface GcsServerOptions {
  /** Interface to listen on (default 127.0.0.1: this machine only; `tsray start` passes --node-ip-address or --host). */
  host?: string;
  /** Port (default 0: a free one; `tsray start --head` passes 6380). */
  port?: number;
  /**
   * Default: in memory. A persistent backend (RedisGcsStorage) is wrapped in a ResilientStorage,
   * so its failures are retried and kept rather than lost or fatal.
   */
  storage?: GcsStorage;
  /** A node silent this long is declared dead (default 10 s). */
  nodeDeathTimeoutMs?: number;
  /** How often nodes are told to heartbeat (default 1 s, at most a fifth of the death timeout). */
  heartbeatPeriodMs?: number;
  /** How often silence is checked (default a tenth of the death timeout, at most 1 s). */
  healthCheckPeriodMs?: number;
  /** The resource view is broadcast at most this often while it changes (default 100 ms). */
  resourceBroadcastPeriodMs?: number;
  /** The cluster's id when storage holds none yet (default: random); a restarted GCS keeps the stored one. */
  clusterId?: string;
  /** Monotonic clock for liveness (tests). */
  now?: () => number;
  /** Spacing of the attempts to load the tables while storage is unreachable at start (default 100 ms to 2 s). */
  restoreBackoff?: BackoffPolicy;
  /** Where recovery and storage messages go (default stderr). */
  log?: (message: string) => void;
}

/** What a start found in storage. */
export interface RestoredCounts {
  nodes: number;
  aliveNodes: number;
  jobs: number;
  actors: number;
}

/**
 * A storage failure as the status a caller retries: the GCS itself is fine and has the change in
 * memory; only storing it failed, so the caller should send the call again later. (Not a tsray
 * error class on the wire: those are not retried by RpcClient. The caller sees a
 * ConnectionError once its retries run out.)
 */
function retryableStatus(err: ConnectionError): Error & { code: number } {
  return Object.assign(new Error(`the GCS cannot reach its storage: ${err.message}`, { cause: err }), { code: status.UNAVAILABLE });
}

/** Wraps a service's handlers so that storage failures reach the caller as retryable. */
function storageFailuresRetryable<H extends object>(handlers: H): H {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(handlers) as Array<[string, (...args: unknown[]) => unknown]>) {
    out[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw err instanceof ConnectionError ? retryableStatus(err) : err;
      }
    };
  }
  return out as H;
}

const ALL_CHANNELS: Channel[] = ['NODE_INFO', 'RESOURCE_VIEW', 'ACTOR', 'JOB'];
/** A subscriber this many messages behind skips resource views (the next one supersedes them). */
const VIEW_BACKLOG_LIMIT = 64;

/**
 * The GCS: the cluster's metadata service (nodes, jobs, actors, internal KV, pub/sub) on one
 * gRPC port. It detects dead nodes by their silence, broadcasts the cluster resource view to
 * every subscriber, and places actors. State lives in memory and is written through to the
 * storage backend.
 *
 * @example
 * ```ts
 * const gcs = new GcsServer({ host: '127.0.0.1', port: 0 });
 * const port = await gcs.start();
 * // ... GcsClient.connect(`127.0.0.1:${port}`) from raylets and drivers
 * await gcs.stop();
 * ```
 */
export class GcsServer {
  readonly nodeDeathTimeoutMs: number;
  readonly heartbeatPeriodMs: number;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly storage: GcsStorage;
  private readonly healthCheckPeriodMs: number;
  private readonly broadcastPeriodMs: number;
  private readonly startTimeMs = Date.now();
  private readonly publisher = new Publisher();
  private readonly subscriptions = new SubscriptionQuota();
  private readonly view = new ClusterResourceView();
  readonly nodes: GcsNodeManager;
  readonly actors: GcsActorManager;
  readonly jobs: GcsJobManager;
  readonly kv: GcsKvManager;
  private readonly rpc = new RpcServer();
  private readonly timers: NodeJS.Timeout[] = [];
  private boundPort: number | undefined;
  private checking = false;
  private flushing: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private id: string;
  private readonly restoreBackoff: BackoffPolicy;
  private readonly log: (message: string) => void;
  /** What the last start loaded from storage. */
  restored: RestoredCounts = { nodes: 0, aliveNodes: 0, jobs: 0, actors: 0 };

  constructor(options: GcsServerOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.log = options.log ?? ((m) => console.error(m));
    const storage = options.storage ?? new MemoryGcsStorage();
    this.storage = storage instanceof MemoryGcsStorage || storage instanceof ResilientStorage ? storage : new ResilientStorage(storage, { log: this.log });
    this.id = options.clusterId ?? randomBytes(8).toString('hex');
    this.restoreBackoff = options.restoreBackoff ?? { initialMs: 100, maxMs: 2000, multiplier: 2, jitter: 0.2 };
    this.nodeDeathTimeoutMs = options.nodeDeathTimeoutMs ?? 10_000;
    if (!(this.nodeDeathTimeoutMs > 0)) throw new InvalidArgumentError(`nodeDeathTimeoutMs must be positive, got ${this.nodeDeathTimeoutMs}`);
    this.heartbeatPeriodMs = options.heartbeatPeriodMs ?? Math.min(1000, this.nodeDeathTimeoutMs / 5);
    this.healthCheckPeriodMs = options.healthCheckPeriodMs ?? Math.min(1000, this.nodeDeathTimeoutMs / 10);
    this.broadcastPeriodMs = options.resourceBroadcastPeriodMs ?? 100;
    const now = options.now ?? (() => performance.now());
    const wallNow = () => Date.now();
    const common = { storage: this.storage, publisher: this.publisher, wallNow };
    this.nodes = new GcsNodeManager({ ...common, view: this.view, deathTimeoutMs: this.nodeDeathTimeoutMs, now });
    this.actors = new GcsActorManager({ ...common, view: this.view });
    this.jobs = new GcsJobManager(common);
    this.kv = new GcsKvManager(this.storage);
    this.nodes.onNodeAdded(() => this.flushView());
    this.nodes.onNodeDead(async (node) => {
      await this.actors.onNodeDead(node.nodeId);
      await this.jobs.onNodeDead(node.nodeId);
      await this.flushView();
    });
    this.jobs.onJobFinished((job) => this.actors.onJobFinished(job.jobId));
    this.addServices();
  }

  /** The bound port, once started. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The cluster's id: the stored one once started on storage that has one. */
  get clusterId(): string {
    return this.id;
  }

  /**
   * Loads every table from storage (waiting, with backoff and a log line, while storage is
   * unreachable: serving before the tables are loaded would hand out an empty cluster), binds,
   * and starts the health checks and broadcasts; resolves with the port. Nodes loaded as alive
   * get a full death timeout from now to be heard from again.
   */
  async start(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.restore();
        break;
      } catch (err) {
        if (!(err instanceof ConnectionError) || this.stopped) throw err;
        const delay = backoffDelayMs(Math.min(attempt, 10), this.restoreBackoff);
        this.log(`tsray gcs: cannot load the cluster's tables yet (${err.message}); retrying in ${Math.round(delay)} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    this.boundPort = await this.rpc.listen(this.host, this.requestedPort);
    this.timers.push(setInterval(() => void this.checkHealth(), this.healthCheckPeriodMs));
    this.timers.push(setInterval(() => void this.flushView(), this.broadcastPeriodMs));
    // The gRPC server keeps a daemon alive; timers alone must not keep an embedding process up.
    for (const t of this.timers) t.unref();
    return this.boundPort;
  }

  /** Ends subscriptions, waits up to `graceMs` for calls in flight, and closes storage. */
  stop(graceMs = 2000): Promise<void> {
    this.stopped ??= (async () => {
      for (const t of this.timers.splice(0)) clearInterval(t);
      await this.rpc.shutdown(graceMs);
      await this.storage.close();
    })();
    return this.stopped;
  }

  /** Loads the tables; each manager starts empty, so a failed attempt can be repeated. */
  private async restore(): Promise<void> {
    const stored = await this.storage.get(TABLES.meta, 'clusterId');
    if (stored) this.id = Buffer.from(stored).toString();
    else await this.storage.put(TABLES.meta, 'clusterId', Buffer.from(this.id), false);
    await this.nodes.restore();
    await this.jobs.restore();
    await this.actors.restore();
    const nodes = this.nodes.all();
    this.restored = {
      nodes: nodes.length,
      aliveNodes: nodes.filter((n) => n.state === 'ALIVE').length,
      jobs: this.jobs.all().length,
      actors: this.actors.list({ includeDead: true }).length,
    };
  }

  /** Declares silent nodes dead (the health check timer runs it; tests may call it). */
  async checkHealth(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.nodes.checkDeaths();
    } catch (err) {
      console.error('tsray gcs: health check failed:', err);
    } finally {
      this.checking = false;
    }
  }

  /** Places waiting actors if something changed, and publishes the view if it changed. */
  private flushView(): Promise<void> {
    // One flush at a time; a flush asked for during one runs right after it.
    const run = async () => {
      try {
        if (this.actors.hasUnplaced()) await this.actors.retryUnplaced();
        if (this.view.takeChanged()) this.publisher.publish('RESOURCE_VIEW', { resourceView: this.view.snapshot() });
      } catch (err) {
        console.error('tsray gcs: resource view broadcast failed:', err);
      }
    };
    this.flushing = (this.flushing ?? Promise.resolve()).then(run);
    return this.flushing;
  }

  private subscribe(channels: Channel[], stream: ServerStream<PubMessage>): void {
    const release = this.subscriptions.take(stream.peer);
    stream.onClose(release);
    const wanted = new Set(channels.length > 0 ? channels : ALL_CHANNELS);
    stream.sendHeaders();
    // The snapshot first, synchronously, so no event can slip in between it and the subscription.
    if (wanted.has('NODE_INFO')) {
      for (const node of this.nodes.all()) stream.write(this.publisher.stamp('NODE_INFO', { nodeInfo: node }));
    }
    if (wanted.has('RESOURCE_VIEW')) stream.write(this.publisher.stamp('RESOURCE_VIEW', { resourceView: this.view.snapshot() }));
    let viewSkipped = false;
    const sendLatestViewOnDrain = () => {
      void stream.drain().then(() => {
        if (!viewSkipped || stream.closed) return;
        viewSkipped = false;
        stream.write(this.publisher.stamp('RESOURCE_VIEW', { resourceView: this.view.snapshot() }));
      });
    };
    const unsubscribe = this.publisher.subscribe(wanted, (message: Wire<PubMessage>) => {
      if (message.channel === 'RESOURCE_VIEW' && stream.backlog > VIEW_BACKLOG_LIMIT) {
        if (!viewSkipped) sendLatestViewOnDrain();
        viewSkipped = true;
        return;
      }
      stream.write(message);
    });
    stream.onClose(unsubscribe);
  }

  private addServices(): void {
    this.rpc.addService('NodeInfoService', storageFailuresRetryable({
      GetClusterInfo: () => ({ protocolVersion: PROTOCOL_VERSION, clusterId: this.clusterId, startTimeMs: this.startTimeMs }),
      RegisterNode: async (req, ctx) => ({
        node: await this.nodes.register(req, ctx.peer),
        clusterId: this.clusterId,
        heartbeatPeriodMs: this.heartbeatPeriodMs,
        nodeDeathTimeoutMs: this.nodeDeathTimeoutMs,
      }),
      Heartbeat: (req) => this.nodes.heartbeat(req.nodeId, req.resources),
      ReportResources: (req) => {
        if (!req.resources?.nodeId) throw new InvalidArgumentError('ReportResources: resources.nodeId is required');
        return this.nodes.heartbeat(req.resources.nodeId, req.resources);
      },
      UnregisterNode: async (req) => {
        await this.nodes.unregister(req.nodeId, req.reason);
        return {};
      },
      GetAllNodes: (req) => ({ nodes: this.nodes.all(req.aliveOnly) }),
      GetResourceView: () => ({ view: this.view.snapshot() }),
    }));
    this.rpc.addService('JobService', storageFailuresRetryable({
      AddJob: async (req, ctx) => {
        checkProtocolVersion(req.protocolVersion, `the driver at ${req.job?.driverAddress?.ipAddress || ctx.peer} (pid ${req.job?.driverPid ?? '?'})`);
        return { job: await this.jobs.add(req.job ?? {}) };
      },
      MarkJobFinished: async (req) => {
        await this.jobs.finish(req.jobId);
        return {};
      },
      GetAllJobs: () => ({ jobs: this.jobs.all() }),
    }));
    this.rpc.addService('ActorService', storageFailuresRetryable({
      RegisterActor: (req) => this.actors.register(req),
      GetActor: (req) => ({
        actor: (req.actorId ? this.actors.get(req.actorId) : this.actors.getNamed(req.name, req.namespace)) ?? null,
      }),
      ListActors: (req) => ({ actors: this.actors.list(req) }),
      UpdateActorState: async (req) => ({ actor: await this.actors.updateState(req) }),
      KillActor: async (req) => ({ actor: await this.actors.kill(req.actorId, req.noRestart) }),
    }));
    this.rpc.addService('KVService', storageFailuresRetryable({
      Put: async (req) => ({ added: await this.kv.put(req.namespace, req.key, req.value, req.overwrite) }),
      Get: async (req) => {
        const value = await this.kv.get(req.namespace, req.key);
        return { found: value !== undefined, value: value ?? new Uint8Array(0) };
      },
      Del: async (req) => ({ deleted: await this.kv.del(req.namespace, req.key, req.byPrefix) }),
      Exists: async (req) => ({ exists: await this.kv.exists(req.namespace, req.key) }),
      Keys: async (req) => ({ keys: await this.kv.keys(req.namespace, req.prefix) }),
    }));
    this.rpc.addService('PubSubService', {
      Subscribe: (req, stream) => this.subscribe(req.channels, stream),
    });
  }
}
