// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto


/**
 * How to reach a raylet or a worker (Ray's rpc::Address).
 */
export interface Address {
  'nodeId'?: (string);
  'ipAddress'?: (string);
  'port'?: (number);
  /**
   * Empty for a raylet's own address.
   */
  'workerId'?: (string);
}

/**
 * How to reach a raylet or a worker (Ray's rpc::Address).
 */
export interface Address__Output {
  'nodeId': (string);
  'ipAddress': (string);
  'port': (number);
  /**
   * Empty for a raylet's own address.
   */
  'workerId': (string);
}
