import { randomBytes } from 'node:crypto';
import type { RayError } from '../common/errors.js';
import { backoffDelayMs, type BackoffPolicy } from '../rpc/backoff.js';
import type { ClientStream } from '../rpc/client-stream.js';
import type { Channel, PubMessage } from '../rpc/messages.js';
import type { RpcClient } from '../rpc/rpc-client.js';

export interface SubscribeOptions {
  subscriberId?: string;
  /** The stream broke; a resubscription follows (with a fresh snapshot). */
  onError?: (err: RayError) => void;
  /** Called on each (re)subscription the GCS accepted, before its snapshot arrives. */
  onSubscribed?: (attempt: number) => void;
}

/**
 * A subscription to GCS channels that survives GCS restarts and network breaks: it subscribes
 * again with backoff, and each new subscription starts with a snapshot (every node, the current
 * resource view), so the subscriber catches up on what it missed.
 */
export class GcsSubscription {
  /** Resolves once the first subscription is accepted. */
  readonly ready: Promise<void>;
  /** How many times the stream was opened (1 after the first subscription). */
  subscriptions = 0;
  private stream: ClientStream<PubMessage> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failures = 0;
  private resolveReady!: () => void;
  /** One id for every (re)subscription, so the GCS's logs tie them together. */
  private readonly subscriberId: string;

  constructor(
    private readonly rpc: RpcClient,
    private readonly channels: readonly Channel[],
    private readonly onMessage: (message: PubMessage) => void,
    private readonly options: SubscribeOptions & { backoff: BackoffPolicy },
    private readonly onClosed?: () => void,
  ) {
    this.subscriberId = options.subscriberId ?? randomBytes(6).toString('hex');
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.open();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed?.();
    clearTimeout(this.timer);
    this.stream?.cancel();
    // Anyone awaiting `ready` must not hang on a closed subscription.
    this.resolveReady();
  }

  private open(): void {
    if (this.closed || this.rpc.isClosed) return;
    const stream = this.rpc.serverStream('PubSubService.Subscribe', {
      subscriberId: this.subscriberId,
      channels: [...this.channels],
    });
    this.stream = stream;
    stream.ready.then(
      () => {
        if (this.closed || stream !== this.stream) return;
        this.failures = 0;
        this.subscriptions++;
        this.options.onSubscribed?.(this.subscriptions);
        this.resolveReady();
      },
      () => {},
    );
    stream.listen(
      (m) => this.onMessage(m),
      (err) => {
        if (this.closed || stream !== this.stream) return;
        if (err) this.options.onError?.(err);
        this.timer = setTimeout(() => this.open(), backoffDelayMs(this.failures++, this.options.backoff));
        this.timer.unref();
      },
    );
  }
}
