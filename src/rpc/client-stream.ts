import type * as grpc from '@grpc/grpc-js';
import type { RayError } from '../common/errors.js';
import { fromServiceError } from './rpc-errors.js';

/**
 * The receiving side of a server-streaming call. Consume it one way: `for await`, which applies
 * backpressure (object chunks), or `listen` with callbacks (subscriptions).
 */
export class ClientStream<T> implements AsyncIterable<T> {
  /** Resolves once the server has accepted the call (sent its headers). */
  readonly ready: Promise<void>;
  private cancelled = false;

  constructor(
    private readonly call: grpc.ClientReadableStream<T>,
    private readonly method: string,
    private readonly address: string,
    private readonly timeoutMs: number,
    private readonly serverName = 'tsray server',
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      call.once('metadata', () => resolve());
      call.once('error', (err: grpc.ServiceError) => reject(this.mapError(err)));
      call.once('end', () => resolve());
    });
    // `ready` may be ignored by a caller that only iterates: its rejection is reported there.
    this.ready.catch(() => {});
  }

  /** Stops the stream; iteration and `listen` end without an error. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.call.cancel();
  }

  /** Calls `onMessage` for each message, then `onEnd` once: with an error unless the stream ended cleanly or was cancelled. */
  listen(onMessage: (message: T) => void, onEnd: (error?: RayError) => void): void {
    let ended = false;
    const end = (error?: RayError) => {
      if (ended) return;
      ended = true;
      onEnd(error);
    };
    this.call.on('data', (m: T) => {
      if (!this.cancelled) onMessage(m);
    });
    this.call.once('error', (err: grpc.ServiceError) => end(this.cancelled ? undefined : this.mapError(err)));
    this.call.once('end', () => end());
    this.call.once('close', () => end());
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for await (const m of this.call) yield m as T;
    } catch (err) {
      if (this.cancelled) return;
      throw this.mapError(err as grpc.ServiceError);
    } finally {
      // A consumer that stops early (break) must not leave the server streaming.
      if (!this.call.destroyed) this.cancel();
    }
  }

  private mapError(err: grpc.ServiceError): RayError {
    return fromServiceError(err, this.method, this.address, this.timeoutMs, this.serverName);
  }
}
