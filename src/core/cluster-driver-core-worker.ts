import { connect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { ConnectionError } from '../api/errors.js';
import { GcsClient } from '../gcs/gcs-client.js';
import { ClientChannel } from '../raylet/client-channel.js';
import { SOCKET_LABEL, type ClientHello, type ClientWelcome } from '../raylet/raylet-daemon.js';
import { sessionSegmentPrefix } from '../objectstore/session-files.js';
import type { RayletToWorker, WorkerBootData, WorkerToRaylet } from '../runtime/protocol.js';
import { runtimeState } from './runtime-state.js';
import { ThreadCoreWorker, type SidePort } from './thread-core-worker.js';

type Channel = ClientChannel<RayletToWorker | ClientWelcome, WorkerToRaylet | ClientHello>;

export interface ClusterConnectOptions {
  namespace?: string;
  /** How long finding the cluster may take before a ConnectionError (default 5 s). */
  connectTimeoutMs?: number;
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
  ) {
    super(boot, port, `c${process.pid}`);
  }

  /** Joins the cluster whose GCS is at `address`; errors name the address and what to do. */
  static async connect(address: string, options: ClusterConnectOptions = {}): Promise<ClusterDriverCoreWorker> {
    const gcs = await GcsClient.connect(address, { connectTimeoutMs: options.connectTimeoutMs ?? 5000 });
    try {
      const nodes = await gcs.getAllNodes(true);
      // The raylet of this machine: its socket is here. The head's first, as Ray's drivers do.
      const local = nodes
        .filter((n) => n.labels[SOCKET_LABEL] && existsSync(n.labels[SOCKET_LABEL]!))
        .sort((a, b) => Number(b.isHead) - Number(a.isHead));
      if (local.length === 0) {
        throw new ConnectionError(
          `The tsray cluster at ${address} has no node on this machine (${nodes.length} node(s) elsewhere). ` +
          `Start one here with \`tsray start --address ${address}\`, then connect again.`);
      }
      const namespace = options.namespace ?? `anonymous-${process.pid}-${Date.now().toString(36)}`;
      const job = await gcs.addJob({ jobId: '', namespace, driverPid: process.pid, entrypoint: process.argv.slice(1).join(' '), startTimeMs: Date.now() });
      const socketPath = local[0]!.labels[SOCKET_LABEL]!;
      const socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect(socketPath, () => resolve(s));
        s.once('error', (e) => reject(new ConnectionError(`Cannot reach the raylet of this machine at ${socketPath}: ${e.message}`, { cause: e })));
      });
      const channel: Channel = new ClientChannel(socket);
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
        channel.send({ k: 'hello', pid: process.pid, jobId: job.jobId, namespace });
      });
      if (welcome.k !== 'welcome') throw new ConnectionError(`The raylet at ${socketPath} refused this driver: ${welcome.message}`);
      const boot = welcome.boot;
      const state = runtimeState();
      state.segmentPrefix = `${sessionSegmentPrefix(boot.driverPid, boot.session)}${process.pid}c`;
      state.store = boot.store;
      const port: SidePort = {
        postMessage: (batch) => channel.sendBatch(batch),
        on: (_event, listener) => {
          deliver = listener;
        },
      };
      const core = new ClusterDriverCoreWorker(boot, port, channel, socket, gcs, address);
      lost = () => core.onRayletLost();
      socket.unref();
      return core;
    } catch (e) {
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
    try {
      await this.gcs.markJobFinished(this.boot.jobId);
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
