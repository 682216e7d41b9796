// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


/**
 * Resource instances granted with a lease: for GPUs the device ids (CUDA_VISIBLE_DEVICES).
 */
export interface ResourceAllocation {
  'name'?: (string);
  'ids'?: (number)[];
  'amount'?: (number | string);
}

/**
 * Resource instances granted with a lease: for GPUs the device ids (CUDA_VISIBLE_DEVICES).
 */
export interface ResourceAllocation__Output {
  'name': (string);
  'ids': (number)[];
  'amount': (number);
}
