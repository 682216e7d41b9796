// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface GetActorRequest {
  /**
   * By id, or (when actor_id is empty) by name in a namespace: live actors only.
   */
  'actorId'?: (string);
  'name'?: (string);
  'namespace'?: (string);
}

export interface GetActorRequest__Output {
  /**
   * By id, or (when actor_id is empty) by name in a namespace: live actors only.
   */
  'actorId': (string);
  'name': (string);
  'namespace': (string);
}
