// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface KillActorRequest {
  'actorId'?: (string);
  /**
   * Without no_restart an actor with restarts left is restarted, as Ray's ray.kill(no_restart=False).
   */
  'noRestart'?: (boolean);
  'force'?: (boolean);
}

export interface KillActorRequest__Output {
  'actorId': (string);
  /**
   * Without no_restart an actor with restarts left is restarted, as Ray's ray.kill(no_restart=False).
   */
  'noRestart': (boolean);
  'force': (boolean);
}
