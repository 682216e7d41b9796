import { connect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { ConnectionError } from '../common/errors.js';
import { GcsClient } from '../gcs/gcs-client.js';
import { localRayletRunning, rayletOfSocketGone } from '../cluster/node-folders.js';
import type { GcsNodeInfo } from '../rpc/messages.js';
import { ClientChannel, SOCKET_LABEL, type ClientHello, type ClientWelcome } from '../raylet/client-channel.js';
import { sessionSegmentPrefix } from '../objectstore/session-files.js';
import type { JobContext, RayletToWorker, SubmittedActor, SubmittedTask, WorkerBootData, WorkerToRaylet } from '../common/protocol.js';
import { PACKAGE_NAMESPACE, defaultWorkingDir, packageUrlMapper, packageUrlUnmapper, packageWorkingDir } from '../runtime-env/working-dir.js';
import { runtimeState } from '../common/runtime-state.js';
import { ThreadCoreWorker, type SidePort } from './thread-core-worker.js';
import { DRIVER_NODE_ENV, chosenDriverNode, driverNodeCandidates } from './driver-node-choice.js';

/** A connection to a raylet's socket; undefined when it refuses (its raylet is gone). */
function connectSocket(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = connect(path, () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', () => {
      s.destroy();
      resolve(undefined);
    });
  });
}

/** Connections this process made to a raylet (see the constructor). */
let connections = 0;

type Channel = ClientChannel<RayletToWorker | ClientWelcome, WorkerToRaylet | ClientHello>;

export interface ClusterConnectOptions {
  namespace?: string;
  /** The folder whose code the cluster's nodes run (default: the program's project root). */
  workingDir?: string;
  /**
   * How long finding the cluster may take before a ConnectionError (default 10 s, or env
   * TSRAY_GCS_CONNECT_TIMEOUT_S): a driver started while the GCS restarts waits for it this long.
   */
  connectTimeoutMs?: number;
}

function defaultConnectTimeoutMs(): number {
  const s = Number(process.env.TSRAY_GCS_CONNECT_TIMEOUT_S);
  return s > 0 ? s * 1000 : 10_000;
}

/**
 * A driver's core worker in cluster mode (`ray.init({ address })`): it registers a job with the
 * GCS, attaches to the raylet of this machine over its Unix socket, and from then on speaks the
 * worker-thread protocol to it, as a worker thread does to an embedded driver. The raylet owns
 * what this driver creates; when the driver goes, its references go with it.
 */
export class ClusterDriverCoreWorker extends ThreadCoreWorker {
  /** Operations awaiting the raylet: while there are any, the socket keeps the process alive. */
  private awaiting = 0;

  private constructor(
    boot: WorkerBootData,
    port: SidePort,
    private readonly channel: Channel,
    private readonly socket: Socket,
    private readonly gcs: GcsClient,
    readonly address: string,
    /** Module URLs of the driver's working directory -> the same files in its package. */
    private readonly inPackage: (url: string) => string,
  ) {
    // Each connection names its ids apart: a program that connects again gets the same raylet
    // session, and ids of the earlier connection may still be alive (copies on other nodes).
    super(boot, port, `c${process.pid}i${connections++}`);
  }

  // The raylet runs many jobs' work: each submission names its job, for the workers' context.
  override submit(task: SubmittedTask): void {
    super.submit({ ...task, job: this.job, fn: { ...task.fn, moduleUrl: this.inPackage(task.fn.moduleUrl) } });
  }

  override createActor(spec: SubmittedActor): void {
    super.createActor({ ...spec, job: this.job, fn: { ...spec.fn, moduleUrl: this.inPackage(spec.fn.moduleUrl) } });
  }

  protected override jobOfWork(): JobContext {
    return this.job;
  }

  private get job(): JobContext {
    return { jobId: this.boot.jobId, namespace: this.boot.namespace };
  }

  /** Joins the cluster whose GCS is at `address`; errors name the address and what to do. */
  static async connect(address: string, options: ClusterConnectOptions = {}): Promise<ClusterDriverCoreWorker> {
    const connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs();
    // Calls retry an unreachable GCS (restarting) as long as connecting may take.
    // A malformed TSRAY_NODE_ID fails before anything is connected.
    const chosen = chosenDriverNode();
    const gcs = await GcsClient.connect(address, { connectTimeoutMs, retryForMs: connectTimeoutMs });
    let opened: Socket | undefined;
    try {
      const localNodes = (nodes: GcsNodeInfo[]) => driverNodeCandidates(nodes, (socket) => existsSync(socket) && !rayletOfSocketGone(socket), chosen);
      // The raylet of this machine: its socket is here. The head's first, as Ray's drivers do,
      // or the node TSRAY_NODE_ID names; a node the GCS still lists (it has not missed enough
      // heartbeats yet) whose socket refuses is dead, and the next one serves.
      const attach = async (): Promise<{ node: GcsNodeInfo; socket: Socket } | undefined> => {
        for (const node of localNodes(nodes)) {
          const socket = await connectSocket(node.labels[SOCKET_LABEL]!);
          if (socket) return { node, socket };
        }
        return undefined;
      };
      let nodes = await gcs.getAllNodes(true);
      let attached = await attach();
      // A GCS just restarted lists this machine's running raylet once it registers again
      // (within a heartbeat or two): wait for it rather than report no node here.
      const deadline = Date.now() + connectTimeoutMs;
      while (!attached && localRayletRunning() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        nodes = await gcs.getAllNodes(true);
        attached = await attach();
      }
      if (!attached && chosen !== undefined) {
        throw new ConnectionError(
          `The tsray cluster at ${address} has no live node ${chosen} on this machine (${DRIVER_NODE_ENV}; ${nodes.length} node(s) in all). ` +
          `Name a running node of this machine (\`tsray status\` lists them), or unset ${DRIVER_NODE_ENV}.`);
      }
      if (!attached) {
        const here = localNodes(nodes).length;
        throw new ConnectionError(
          `The tsray cluster at ${address} has no live node on this machine (${nodes.length} node(s) in all${here ? `; ${here} here refused connections` : ''}). ` +
          `Start one here with \`tsray start --address ${address}\`, then connect again.`);
      }
      const { node, socket } = attached;
      opened = socket;
      const channel: Channel = new ClientChannel(socket, 'the raylet');
      const namespace = options.namespace ?? `anonymous-${process.pid}-${Date.now().toString(36)}`;
      // The job's code goes to the GCS once per content; nodes import it from their copy.
      const pkg = packageWorkingDir(options.workingDir ?? defaultWorkingDir(process.argv[1]));
      if (!(await gcs.kvExists(PACKAGE_NAMESPACE, pkg.hash))) await gcs.kvPut(PACKAGE_NAMESPACE, pkg.hash, pkg.tarball, false);
      // Pid, node and start time make a retried AddJob (its reply lost to a GCS restart) the same job;
      // the node lets the GCS end the job if the node dies with the driver.
      const driverAddress = { nodeId: node.nodeId, ipAddress: node.nodeManagerAddress, port: 0, workerId: '' };
      const job = await gcs.addJob({ jobId: '', namespace, driverPid: process.pid, driverAddress, entrypoint: process.argv.slice(1).join(' '), startTimeMs: Date.now() });
      const socketPath = node.labels[SOCKET_LABEL]!;
      let deliver: ((batch: RayletToWorker[]) => void) | undefined;
      let lost: (() => void) | undefined;
      const welcome = await new Promise<ClientWelcome>((resolve, reject) => {
        channel.listen(
          (batch) => {
            if (deliver) return deliver(batch as RayletToWorker[]);
            resolve(batch[0] as ClientWelcome);
          },
          () => {
            if (lost) lost();
            else reject(new ConnectionError(`The raylet at ${socketPath} closed the connection before accepting this driver.`));
          },
        );
        channel.send({ k: 'hello', pid: process.pid, jobId: job.jobId, namespace, packageHash: pkg.hash });
      });
      if (welcome.k !== 'welcome') throw new ConnectionError(`The raylet at ${socketPath} refused this driver: ${welcome.message}`);
      const boot = welcome.boot;
      const state = runtimeState();
      state.segmentPrefix = `${sessionSegmentPrefix(boot.driverPid, boot.session)}${process.pid}c`;
      state.store = boot.store;
      // Errors of the job's classes come back naming their module in the package: this driver's own copy.
      state.ownModuleUrl = packageUrlUnmapper(pkg);
      const port: SidePort = {
        postMessage: (batch) => channel.sendBatch(batch),
        on: (_event, listener) => {
          deliver = listener;
        },
      };
      const core = new ClusterDriverCoreWorker(boot, port, channel, socket, gcs, address, packageUrlMapper(pkg));
      lost = () => core.onRayletLost();
      socket.unref();
      return core;
    } catch (e) {
      opened?.destroy();
      gcs.close();
      throw e;
    }
  }

  /** The raylet went away: pending operations fail rather than hang. */
  private onRayletLost(): void {
    this.failPending(new ConnectionError(`Lost the connection to this machine's raylet (cluster at ${this.address}).`));
  }

  /** Runs `op` with the process kept alive until it settles (idle drivers may exit). */
  private async held<T>(op: () => Promise<T>): Promise<T> {
    if (this.awaiting++ === 0) this.socket.ref();
    try {
      return await op();
    } finally {
      if (--this.awaiting === 0) this.socket.unref();
    }
  }

  /** Every request to the raylet keeps the process alive until answered (idle drivers may exit). */
  protected override request<T>(build: (req: number) => WorkerToRaylet): Promise<T> {
    return this.held(() => super.request<T>(build));
  }

  override async shutdown(): Promise<void> {
    // Held until the raylet has the last messages (ref releases) and the job is marked done.
    this.socket.ref();
    this.flush();
    const state = runtimeState();
    delete state.segmentPrefix;
    delete state.store;
    delete state.ownModuleUrl;
    try {
      // Briefly: a GCS that is down must not hold up the exit (the raylet also reports the end).
      await this.gcs.finishJobOfDriver(this.boot.jobId, process.pid, { retryForMs: 2000 });
    } catch {
      // the GCS is gone: nothing to record the end in
    }
    this.gcs.close();
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.channel.close();
      setTimeout(resolve, 1000).unref();
    });
  }
}
