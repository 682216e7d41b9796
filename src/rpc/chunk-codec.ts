/**
 * The server-side encoding of messages that carry a large bytes field (object chunks): the
 * field's bytes are copied once, straight into the frame grpc-js sends, instead of first into
 * a protobuf buffer and then into the frame. The wire format is plain protobuf (the field comes
 * last, which any decoder accepts), so clients decode it as before.
 */

/** What grpc-js's server does with a serialized message: reads its length, copies it into the frame. */
interface Framable {
  readonly byteLength: number;
  readonly length: number;
  copy(target: Uint8Array, targetStart?: number): number;
}

/** Below this a plain protobuf encoding costs as little (one small copy). */
const DEFERRED_MIN_BYTES = 64 * 1024;

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/**
 * Wraps a protobuf serializer so that `field` (a bytes field numbered `fieldNumber`), when
 * large, is not copied by protobuf: the rest of the message is encoded as usual, and the
 * result copies the field's bytes from the caller's view (a shared-memory block) when grpc-js
 * frames the message. grpc-js reads only `byteLength`/`length` and calls `copy(frame, 5)`
 * (server-interceptors.js, serializeMessage), so the bytes are copied once, as a raw Buffer
 * message's are. The view must not change until the write is queued, which holds for a call
 * to `stream.write`: grpc-js serializes synchronously.
 */
export function deferLargeBytesField<T extends object>(
  serialize: (message: T) => Buffer,
  field: string,
  fieldNumber: number,
): (message: T) => Buffer {
  // Length-delimited wire type (2); field numbers here are small, so the tag is one varint.
  const tag = varint((fieldNumber << 3) | 2);
  return (message: T): Buffer => {
    const bytes = (message as Record<string, unknown>)[field];
    if (!(bytes instanceof Uint8Array) || bytes.byteLength < DEFERRED_MIN_BYTES) return serialize(message);
    const rest = { ...message } as Record<string, unknown>;
    delete rest[field];
    const head = serialize(rest as T);
    const size = varint(bytes.byteLength);
    const total = head.byteLength + tag.byteLength + size.byteLength + bytes.byteLength;
    const framable: Framable = {
      byteLength: total,
      length: total,
      copy(target: Uint8Array, targetStart = 0): number {
        let at = targetStart;
        target.set(head, at);
        at += head.byteLength;
        target.set(tag, at);
        at += tag.byteLength;
        target.set(size, at);
        at += size.byteLength;
        target.set(bytes, at);
        return total;
      },
    };
    return framable as unknown as Buffer;
  };
}
