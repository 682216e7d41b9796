// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface ReturnWorkerRequest {
  'leaseId'?: (string);
  'workerId'?: (string);
  /**
   * The worker misbehaved or is exiting: do not reuse it.
   */
  'disconnectWorker'?: (boolean);
}

export interface ReturnWorkerRequest__Output {
  'leaseId': (string);
  'workerId': (string);
  /**
   * The worker misbehaved or is exiting: do not reuse it.
   */
  'disconnectWorker': (boolean);
}
