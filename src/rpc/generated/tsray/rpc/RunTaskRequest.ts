// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


/**
 * One task run here for an owner on another node (spillback, SPREAD, node affinity). The
 * payload is msgpack: the task as the owner resolved it, its resources, and the bytes of the
 * out-of-band buffers its arguments refer to; the reply carries the task's reply and the bytes
 * of the buffers its results refer to.
 */
export interface RunTaskRequest {
  'payload'?: (Buffer | Uint8Array | string);
}

/**
 * One task run here for an owner on another node (spillback, SPREAD, node affinity). The
 * payload is msgpack: the task as the owner resolved it, its resources, and the bytes of the
 * out-of-band buffers its arguments refer to; the reply carries the task's reply and the bytes
 * of the buffers its results refer to.
 */
export interface RunTaskRequest__Output {
  'payload': (Buffer);
}
