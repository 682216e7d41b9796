import type { Socket } from 'node:net';
import { Packr } from 'msgpackr';
import type { WorkerBootData } from '../common/protocol.js';

/** The label of a node's GCS record that holds the path of its driver socket. */
export const SOCKET_LABEL = 'tsray.io/socket';

/** A driver's first message on the socket, and the raylet's answer. */
export type ClientHello = { k: 'hello'; pid: number; jobId: string; namespace: string; packageHash?: string };
export type ClientWelcome = { k: 'welcome'; boot: WorkerBootData } | { k: 'refused'; message: string };

const packr = new Packr({ useRecords: false, moreTypes: true });

/** The largest frame accepted (large values travel through shared memory, not in frames). */
export const MAX_FRAME_BYTES = 1 << 30;

/**
 * A message channel over a stream socket (the Unix socket between a driver and its node's
 * raylet): each frame is a 4-byte length and a msgpack value. Messages sent in one turn of the
 * event loop go out as one frame (an array), like a worker thread's side port batches.
 *
 * What arrives is checked before it is believed: a frame must be 1 byte to MAX_FRAME_BYTES
 * long and hold a non-empty array, and a frame that does not decode, or whose messages the
 * handler throws on, closes this connection with a logged reason. Never the process: the
 * other end may be anyone who can open the socket.
 */
export class ClientChannel<In, Out> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The length of the frame being received, once its header is in; -1 before. */
  private frameBytes = -1;
  private outbox: Out[] = [];
  private flushScheduled = false;
  private closed = false;
  private onMessages: ((batch: In[]) => void) | undefined;
  private onClose: (() => void) | undefined;

  /** `peer` names the other end in the log line of a connection closed for bad input. */
  constructor(private readonly socket: Socket, private readonly peer = 'a client') {
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

  /**
   * Gathers chunks until a whole frame is in, then decodes it: each byte is copied at most
   * once per frame, however many chunks it came in (a 300 MB frame in 64 KiB reads is not
   * concatenated thousands of times).
   */
  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    for (;;) {
      if (this.frameBytes < 0) {
        if (this.pendingBytes < 4) return;
        if (this.pending[0]!.length < 4) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
        const length = this.pending[0]!.readUInt32BE(0);
        if (length === 0 || length > MAX_FRAME_BYTES) {
          this.refuse(`a frame of ${length} bytes (frames are 1 byte to ${MAX_FRAME_BYTES})`);
          return;
        }
        this.frameBytes = length;
      }
      const end = 4 + this.frameBytes;
      if (this.pendingBytes < end) return;
      const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      const rest = buf.subarray(end);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      this.frameBytes = -1;
      let batch: unknown;
      try {
        batch = packr.unpack(buf.subarray(4, end));
      } catch (e) {
        this.refuse(`a frame that is not msgpack (${(e as Error).message})`);
        return;
      }
      if (!Array.isArray(batch) || batch.length === 0 || batch.some((m) => typeof m !== 'object' || m === null)) {
        this.refuse('a frame that is not a list of messages');
        return;
      }
      try {
        this.onMessages?.(batch as In[]);
      } catch (e) {
        this.refuse(`a message its handler refused (${(e as Error)?.message ?? String(e)})`);
        return;
      }
      if (this.closed) return;
    }
  }

  /** Closes this connection for what it sent (`what`), saying so in the log; the process goes on. */
  refuse(what: string): void {
    console.error(`tsray: closed the connection of ${this.peer}: it sent ${what}`);
    this.pending = [];
    this.pendingBytes = 0;
    this.socket.destroy();
    this.closedNow();
  }

  private closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}
