/**
 * How an object's out-of-band buffers cross between nodes: cut into chunks that one server
 * stream carries in order (ObjectManagerService.Pull), and put back together on arrival. Pure
 * bookkeeping: the object manager does the I/O.
 */

const MiB = 2 ** 20;

/**
 * Bytes per chunk. Large enough that per-message costs (a protobuf frame, a callback, a native
 * call) vanish next to the copy, small enough that a chunk is written into the arena while the
 * next ones are still on the wire.
 */
export const CHUNK_BYTES = 8 * MiB;

/**
 * Chunks a server lets wait in the transport before it pauses for the reader: several in
 * flight (the stream is pipelined, never one round trip per chunk), and a bounded amount of
 * memory per transfer.
 */
export const PIPELINE_DEPTH = 4;

/** The HTTP/2 receive window a puller advertises: room for the pipeline's chunks in flight. */
export const FLOW_CONTROL_WINDOW = PIPELINE_DEPTH * CHUNK_BYTES;

/** One chunk: `length` bytes of buffer `buffer` from `offset`. */
export interface Chunk {
  buffer: number;
  offset: number;
  length: number;
}

/** The chunk size to use: the one asked for within [64 KiB, 64 MiB], else the default. */
export function chunkSize(requested: number | undefined): number {
  if (!requested || !Number.isFinite(requested) || requested <= 0) return CHUNK_BYTES;
  return Math.min(64 * MiB, Math.max(64 * 1024, Math.floor(requested)));
}

/** The chunks of buffers of these sizes, in the order they are sent. */
export function* planChunks(sizes: readonly number[], chunkBytes: number): Generator<Chunk> {
  if (!(chunkBytes > 0)) throw new RangeError(`chunk size must be positive, got ${chunkBytes}`);
  for (let buffer = 0; buffer < sizes.length; buffer++) {
    const size = sizes[buffer]!;
    for (let offset = 0; offset < size; offset += chunkBytes) {
      yield { buffer, offset, length: Math.min(chunkBytes, size - offset) };
    }
  }
}

/** How many chunks `planChunks` yields. */
export function chunkCount(sizes: readonly number[], chunkBytes: number): number {
  let n = 0;
  for (const size of sizes) n += Math.ceil(size / chunkBytes);
  return n;
}

/**
 * The receiving side's check of a transfer: chunks must come in the planned order, inside their
 * buffer, and cover every byte, so a truncated or garbled stream is an error rather than an
 * object with holes.
 */
export class ChunkAssembler {
  private buffer = 0;
  private offset = 0;
  /** Bytes accepted so far. */
  received = 0;
  readonly total: number;

  constructor(private readonly sizes: readonly number[]) {
    this.total = sizes.reduce((a, b) => a + b, 0);
    this.skipFull();
  }

  /** Records a chunk; throws a RangeError naming what is wrong if it is not the next one. */
  accept(buffer: number, offset: number, length: number): void {
    if (this.complete) throw new RangeError(`chunk of buffer ${buffer} at ${offset} after the last byte`);
    if (buffer !== this.buffer || offset !== this.offset) {
      throw new RangeError(`chunk of buffer ${buffer} at ${offset} out of order: expected buffer ${this.buffer} at ${this.offset}`);
    }
    const size = this.sizes[buffer]!;
    if (length <= 0 || offset + length > size) {
      throw new RangeError(`chunk of ${length} bytes at ${offset} does not fit buffer ${buffer} of ${size} bytes`);
    }
    this.offset += length;
    this.received += length;
    this.skipFull();
  }

  /** Every byte of every buffer has arrived. */
  get complete(): boolean {
    return this.buffer >= this.sizes.length;
  }

  private skipFull(): void {
    while (this.buffer < this.sizes.length && this.offset >= this.sizes[this.buffer]!) {
      this.buffer++;
      this.offset = 0;
    }
  }
}
