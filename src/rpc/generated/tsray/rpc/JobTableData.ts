// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';
import type { Long } from '@grpc/proto-loader';

export interface JobTableData {
  'jobId'?: (string);
  'namespace'?: (string);
  'driverPid'?: (number);
  /**
   * The driver's core worker (owner of its objects) and the node it runs on.
   */
  'driverAddress'?: (_tsray_rpc_Address | null);
  'entrypoint'?: (string);
  'isDead'?: (boolean);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  /**
   * msgpack of the job's runtime environment (working_dir hash, env vars, ...).
   */
  'runtimeEnv'?: (Buffer | Uint8Array | string);
}

export interface JobTableData__Output {
  'jobId': (string);
  'namespace': (string);
  'driverPid': (number);
  /**
   * The driver's core worker (owner of its objects) and the node it runs on.
   */
  'driverAddress': (_tsray_rpc_Address__Output | null);
  'entrypoint': (string);
  'isDead': (boolean);
  'startTimeMs': (number);
  'endTimeMs': (number);
  /**
   * msgpack of the job's runtime environment (working_dir hash, env vars, ...).
   */
  'runtimeEnv': (Buffer);
}
