// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/core_worker.proto


export interface KillActorOnWorkerRequest {
  'actorId'?: (string);
  'force'?: (boolean);
  'reason'?: (string);
}

export interface KillActorOnWorkerRequest__Output {
  'actorId': (string);
  'force': (boolean);
  'reason': (string);
}
