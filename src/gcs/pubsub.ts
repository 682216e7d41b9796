import type { ActorTableData, Channel, GcsNodeInfo, JobTableData, PubMessage, ResourceView, Wire } from '../rpc/messages.js';

/** Receives published messages; must not throw (a throwing sink is dropped). */
export type Sink = (message: Wire<PubMessage>) => void;

export type Payload =
  | { nodeInfo: Wire<GcsNodeInfo> }
  | { resourceView: Wire<ResourceView> }
  | { actor: Wire<ActorTableData> }
  | { job: Wire<JobTableData> };

interface Subscriber {
  readonly channels: ReadonlySet<Channel>;
  readonly sink: Sink;
}

/**
 * Fan-out of GCS events to subscribers by channel, numbering every message. Transport-free: the
 * GCS server plugs each subscription stream in as a sink.
 */
export class Publisher {
  private readonly subscribers = new Set<Subscriber>();
  private sequence = 0;

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(channels: Iterable<Channel>, sink: Sink): () => void {
    const sub: Subscriber = { channels: new Set(channels), sink };
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Numbers a message without publishing it (a snapshot sent to one new subscriber). */
  stamp(channel: Channel, payload: Payload): Wire<PubMessage> {
    return { channel, sequence: ++this.sequence, ...payload };
  }

  /** Delivers to every subscriber of the channel; returns how many received it. */
  publish(channel: Channel, payload: Payload): number {
    const message = this.stamp(channel, payload);
    let delivered = 0;
    for (const sub of [...this.subscribers]) {
      if (!sub.channels.has(channel)) continue;
      try {
        sub.sink(message);
        delivered++;
      } catch {
        // One broken subscriber must not starve the others.
        this.subscribers.delete(sub);
      }
    }
    return delivered;
  }
}
