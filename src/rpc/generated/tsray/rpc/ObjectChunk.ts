// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The first message of a pull carries `metadata` (msgpack: the value's bytes, whether they
 * encode an error, nested ids, buffer references and sizes) and no data; each later one is
 * `data` of buffer `buffer_index` from `offset`. Chunks arrive in order.
 */
export interface ObjectChunk {
  'objectId'?: (string);
  'offset'?: (number | string | Long);
  /**
   * Bytes of all the object's buffers (first message).
   */
  'totalSize'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  'metadata'?: (Buffer | Uint8Array | string);
  'chunkIndex'?: (number);
  /**
   * Data messages to come after the first (first message).
   */
  'numChunks'?: (number);
  'bufferIndex'?: (number);
}

/**
 * The first message of a pull carries `metadata` (msgpack: the value's bytes, whether they
 * encode an error, nested ids, buffer references and sizes) and no data; each later one is
 * `data` of buffer `buffer_index` from `offset`. Chunks arrive in order.
 */
export interface ObjectChunk__Output {
  'objectId': (string);
  'offset': (number);
  /**
   * Bytes of all the object's buffers (first message).
   */
  'totalSize': (number);
  'data': (Buffer);
  'metadata': (Buffer);
  'chunkIndex': (number);
  /**
   * Data messages to come after the first (first message).
   */
  'numChunks': (number);
  'bufferIndex': (number);
}
