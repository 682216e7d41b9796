// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A task's return value: inline bytes when small, else a location in a node's object store.
 */
export interface ReturnObject {
  'objectId'?: (string);
  /**
   * msgpack of the value, when it travels inline.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * True when the value lives in the shared-memory store of node_id instead.
   */
  'inPlasma'?: (boolean);
  'nodeId'?: (string);
  'size'?: (number | string | Long);
  /**
   * ObjectRefs nested inside the value (the owner counts them).
   */
  'nestedObjectIds'?: (string)[];
}

/**
 * A task's return value: inline bytes when small, else a location in a node's object store.
 */
export interface ReturnObject__Output {
  'objectId': (string);
  /**
   * msgpack of the value, when it travels inline.
   */
  'data': (Buffer);
  /**
   * True when the value lives in the shared-memory store of node_id instead.
   */
  'inPlasma': (boolean);
  'nodeId': (string);
  'size': (number);
  /**
   * ObjectRefs nested inside the value (the owner counts them).
   */
  'nestedObjectIds': (string)[];
}
