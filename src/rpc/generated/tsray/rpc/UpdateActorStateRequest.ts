// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { _tsray_rpc_ActorTableData_ActorState, _tsray_rpc_ActorTableData_ActorState__Output } from '../../tsray/rpc/ActorTableData.js';
import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';

export interface UpdateActorStateRequest {
  /**
   * From the actor's owner: ALIVE (with its node) once created; RESTARTING when its worker or
   * node died (the GCS places it again if restarts remain, else marks it DEAD); DEAD when it
   * exited, was killed, or its constructor failed.
   */
  'actorId'?: (string);
  'state'?: (_tsray_rpc_ActorTableData_ActorState);
  'address'?: (_tsray_rpc_Address | null);
  'pid'?: (number);
  'deathCause'?: (string);
  /**
   * With RESTARTING: nodes not to move it to (as in RegisterActorRequest).
   */
  'avoidNodeIds'?: (string)[];
}

export interface UpdateActorStateRequest__Output {
  /**
   * From the actor's owner: ALIVE (with its node) once created; RESTARTING when its worker or
   * node died (the GCS places it again if restarts remain, else marks it DEAD); DEAD when it
   * exited, was killed, or its constructor failed.
   */
  'actorId': (string);
  'state': (_tsray_rpc_ActorTableData_ActorState__Output);
  'address': (_tsray_rpc_Address__Output | null);
  'pid': (number);
  'deathCause': (string);
  /**
   * With RESTARTING: nodes not to move it to (as in RegisterActorRequest).
   */
  'avoidNodeIds': (string)[];
}
