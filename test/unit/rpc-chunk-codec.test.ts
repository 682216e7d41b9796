import { describe, expect, it } from 'vitest';
import { deferLargeBytesField } from '../../src/rpc/chunk-codec.js';
import { methodDefinition } from '../../src/rpc/proto.js';

/** What grpc-js's server does with a serialized message: a 5-byte prefix, then the message. */
function frame(serialized: Buffer): Buffer {
  const out = Buffer.alloc(serialized.byteLength + 5);
  serialized.copy(out, 5);
  return out.subarray(5);
}

describe('object chunks on the wire', () => {
  const pull = methodDefinition('ObjectManagerService.Pull');

  it('decodes a large chunk, copied once into the frame, as protobuf would encode it', () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < data.length; i += 4093) data[i] = i & 0xff;
    const message = { bufferIndex: 2, offset: 8 * 2 ** 20, data, chunkIndex: 9 };
    const decoded = pull.responseDeserialize(frame(pull.responseSerialize(message))) as Record<string, unknown>;
    expect(decoded).toMatchObject({ bufferIndex: 2, offset: 8 * 2 ** 20, chunkIndex: 9, objectId: '' });
    expect(Buffer.compare(decoded.data as Buffer, data)).toBe(0);
  });

  it('encodes small messages (the metadata) as protobuf does', () => {
    const metadata = Buffer.from('meta');
    const message = { objectId: 'o1', metadata, totalSize: 12, numChunks: 3 };
    const serialized = pull.responseSerialize(message);
    expect(Buffer.isBuffer(serialized)).toBe(true);
    expect(pull.responseDeserialize(serialized)).toMatchObject({ objectId: 'o1', totalSize: 12, numChunks: 3 });
  });

  it('leaves the serializer alone for a field that is not bytes', () => {
    const plain = (m: object) => Buffer.from(JSON.stringify(m));
    const wrapped = deferLargeBytesField(plain, 'data', 4);
    expect(wrapped({ data: 'x'.repeat(100_000) }).toString()).toBe(JSON.stringify({ data: 'x'.repeat(100_000) }));
  });
});
