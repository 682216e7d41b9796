import * as grpc from '@grpc/grpc-js';
import type { Wire } from './messages.js';
import { toServiceError } from './rpc-errors.js';

/** What a handler knows of the call besides its request. */
export interface CallContext {
  /** The caller's address, "ipv4:127.0.0.1:53412". */
  readonly peer: string;
  readonly metadata: grpc.Metadata;
}

/** The sending side of a server-streaming call. */
export interface ServerStream<T> extends CallContext {
  /** Queues a message; false once the transport's buffer is full (then await `drain()`). */
  write(message: Wire<T>): boolean;
  /** Sends the response headers now, so the client knows the call was accepted before any message. */
  sendHeaders(): void;
  /** Ends the stream with OK. */
  end(): void;
  /** Ends the stream with an error (tsray errors keep their class at the client). */
  fail(err: unknown): void;
  /** Resolves when the buffer has room again, or the stream closed. */
  drain(): Promise<void>;
  /** Messages queued in the transport and not yet sent. */
  readonly backlog: number;
  /** The stream ended: by either side, or because the server is shutting down. */
  readonly closed: boolean;
  onClose(listener: () => void): void;
}

/** A grpc-js server stream behind the ServerStream interface: close tracking, drain, typed errors. */
export class ServerStreamImpl<T> implements ServerStream<T> {
  closed = false;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly call: grpc.ServerWritableStream<unknown, unknown>) {
    const close = () => this.markClosed();
    call.once('cancelled', close);
    call.once('finish', close);
    call.once('close', close);
    call.once('error', close);
  }

  get peer(): string {
    return this.call.getPeer();
  }

  get metadata(): grpc.Metadata {
    return this.call.metadata;
  }

  get backlog(): number {
    return this.call.writableLength;
  }

  write(message: Wire<T>): boolean {
    if (this.closed) return false;
    return this.call.write(message);
  }

  sendHeaders(): void {
    if (!this.closed) this.call.sendMetadata(new grpc.Metadata());
  }

  end(): void {
    if (this.closed) return;
    this.call.end();
    this.markClosed();
  }

  fail(err: unknown): void {
    if (this.closed) return;
    // grpc-js turns an 'error' event into the call's status and ends the stream.
    this.call.emit('error', toServiceError(err));
    this.markClosed();
  }

  drain(): Promise<void> {
    if (this.closed || !this.call.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.call.off('drain', done);
        resolve();
      };
      this.call.on('drain', done);
      this.onClose(done);
    });
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  private markClosed(): void {
    if (this.closed && this.listeners.length === 0) return;
    this.closed = true;
    for (const l of this.listeners.splice(0)) {
      try {
        l();
      } catch {
        // A listener's failure must not keep the others from hearing of the close.
      }
    }
  }
}
