import type { RayletToWorker, SubmittedActor } from '../common/protocol.js';
import type { HostItem, Raylet } from '../raylet/raylet.js';
import { resourceRequest } from '../raylet/resources.js';
import type { TaskRecord } from './task-manager.js';

interface HostState {
  readonly hostId: string;
  threadId: number | undefined;
  /** Messages for the host before it said where it runs. */
  buffer: RayletToWorker[];
  readonly actors: Set<string>;
  /** For a dedicated host: its item in the raylet (holding the actor's resources). */
  item: HostItem | undefined;
}

/**
 * The threads that host a node's actors: light actors share a few threads, taken in turn; a
 * dedicated actor gets a thread of its own, which holds the actor's resources and ends with it.
 * Messages for a host wait until its thread says where it runs.
 */
export class ActorThreads {
  private readonly hosts = new Map<string, HostState>();
  private readonly sharedHosts: string[] = [];
  private nextHost = 0;
  private roundRobin = 0;
  /** Set at shutdown: hosts ending then are not crashes. */
  private closed = false;

  constructor(
    private readonly raylet: Raylet<TaskRecord>,
    /** How many shared host threads light actors spread over. */
    private readonly sharedHostCount: number,
    /** A host's thread died or the host stopped: the actors it held, and why. */
    private readonly onGone: (hostId: string, actorIds: Set<string>, err: unknown) => void,
  ) {}

  /** Puts the actor on a host (a shared one, or a new one of its own if dedicated): the host's id. */
  place(spec: SubmittedActor): string {
    const hostId = spec.dedicated ? this.startDedicatedHost(spec) : this.pickSharedHost();
    this.hosts.get(hostId)!.actors.add(spec.actorId);
    return hostId;
  }

  send(hostId: string, msg: RayletToWorker): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    if (host.threadId === undefined) host.buffer.push(msg);
    else this.raylet.send(host.threadId, msg);
  }

  /** The host's thread started: what waited for it goes. */
  ready(hostId: string, threadId: number): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    host.threadId = threadId;
    const buffered = host.buffer;
    host.buffer = [];
    for (const msg of buffered) this.raylet.send(threadId, msg);
  }

  /** The actor died: it leaves its host, and a dedicated host ends with it. */
  release(hostId: string | undefined, actorId: string): void {
    const host = hostId === undefined ? undefined : this.hosts.get(hostId);
    if (!host) return;
    host.actors.delete(actorId);
    if (host.item) {
      // A dedicated host ends with its actor: its thread and resources go back.
      this.send(host.hostId, { k: 'stopHost', hostId: host.hostId });
      if (host.threadId === undefined) this.raylet.cancelHost(host.item);
    } else {
      this.send(host.hostId, { k: 'killActor', actorId });
    }
  }

  /** Shutdown: every host is about to end with its thread. */
  close(): void {
    this.closed = true;
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
      this.raylet.startHost(host.hostId, undefined, (err) => this.gone(host.hostId, err));
      return host.hostId;
    }
    return this.sharedHosts[this.roundRobin++ % this.sharedHosts.length]!;
  }

  private startDedicatedHost(spec: SubmittedActor): string {
    const host = this.newHost(undefined);
    const item: HostItem = { request: resourceRequest(spec.resources), exec: undefined, lease: undefined, leaseBlocked: false, hostId: host.hostId, isolation: spec.isolation, bundle: spec.placement ?? undefined };
    host.item = item;
    this.raylet.startHost(host.hostId, item, (err) => this.gone(host.hostId, err));
    return host.hostId;
  }

  /** The host's thread died or the host stopped: its actors die with it. */
  private gone(hostId: string, err: unknown): void {
    const host = this.hosts.get(hostId);
    if (!host || this.closed) return;
    this.hosts.delete(hostId);
    const i = this.sharedHosts.indexOf(hostId);
    if (i >= 0) this.sharedHosts.splice(i, 1);
    this.onGone(hostId, host.actors, err);
  }
}
