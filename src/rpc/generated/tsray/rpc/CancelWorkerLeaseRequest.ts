// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/raylet.proto


export interface CancelWorkerLeaseRequest {
  'taskId'?: (string);
}

export interface CancelWorkerLeaseRequest__Output {
  'taskId': (string);
}
