import type { Socket } from 'node:net';
import { Packr } from 'msgpackr';
import type { WorkerBootData } from '../common/protocol.js';

/**
 * A message channel over a stream socket (the Unix socket between a driver and its node's
 * raylet): each frame is a 4-byte length and a msgpack value. Messages sent in one turn of the
 * event loop go out as one frame (an array), like a worker thread's side port batches.
 */

/** The label of a node's GCS record that holds the path of its driver socket. */
export const SOCKET_LABEL = 'tsray.io/socket';

/** A driver's first message on the socket, and the raylet's answer. */
export type ClientHello = { k: 'hello'; pid: number; jobId: string; namespace: string; packageHash?: string };
export type ClientWelcome = { k: 'welcome'; boot: WorkerBootData } | { k: 'refused'; message: string };

const packr = new Packr({ useRecords: false, moreTypes: true });

export class ClientChannel<In, Out> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private outbox: Out[] = [];
  private flushScheduled = false;
  private closed = false;
  private onMessages: ((batch: In[]) => void) | undefined;
  private onClose: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.closedNow());
    socket.on('error', () => this.closedNow());
  }

  /** Handlers for incoming batches and for the end of the connection. */
  listen(onMessages: (batch: In[]) => void, onClose: () => void): void {
    this.onMessages = onMessages;
    this.onClose = onClose;
  }

  /** Queues a message; the turn's messages leave together. */
  send(message: Out): void {
    if (this.closed) return;
    this.outbox.push(message);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends a batch at once (already gathered by the caller). */
  sendBatch(batch: Out[]): void {
    if (this.closed || batch.length === 0) return;
    this.write(batch);
  }

  close(): void {
    this.flush();
    this.socket.end();
  }

  /** Ends the connection at once (the other side sees it closed). */
  destroy(): void {
    this.socket.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0 || this.closed) return;
    const batch = this.outbox;
    this.outbox = [];
    this.write(batch);
  }

  private write(batch: Out[]): void {
    const body = packr.pack(batch);
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32BE(body.length, 0);
    this.socket.write(head);
    this.socket.write(body);
  }

  private receive(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    for (;;) {
      if (this.pendingBytes < 4) return;
      let buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      const length = buf.readUInt32BE(0);
      if (buf.length < 4 + length) {
        this.pending = [buf];
        return;
      }
      const batch = packr.unpack(buf.subarray(4, 4 + length)) as In[];
      buf = buf.subarray(4 + length);
      this.pending = buf.length > 0 ? [buf] : [];
      this.pendingBytes = buf.length;
      this.onMessages?.(batch);
    }
  }

  private closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}
