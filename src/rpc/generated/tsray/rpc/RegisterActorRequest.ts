// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { ActorTableData as _tsray_rpc_ActorTableData, ActorTableData__Output as _tsray_rpc_ActorTableData__Output } from '../../tsray/rpc/ActorTableData.js';

export interface RegisterActorRequest {
  /**
   * actor_id, job_id, name, namespace, class_name, owner, detached, max_restarts,
   * required_resources, scheduling_strategy and creation_task are read; the rest is set by the GCS.
   */
  'actor'?: (_tsray_rpc_ActorTableData | null);
  /**
   * The caller's node: preferred when it has the resources (Ray's locality).
   */
  'callerNodeId'?: (string);
  /**
   * A live actor already holding the name is returned instead of an ALREADY_EXISTS error.
   */
  'getIfExists'?: (boolean);
  /**
   * Nodes the caller just failed to reach: not chosen, though the GCS may not know them dead yet.
   */
  'avoidNodeIds'?: (string)[];
}

export interface RegisterActorRequest__Output {
  /**
   * actor_id, job_id, name, namespace, class_name, owner, detached, max_restarts,
   * required_resources, scheduling_strategy and creation_task are read; the rest is set by the GCS.
   */
  'actor': (_tsray_rpc_ActorTableData__Output | null);
  /**
   * The caller's node: preferred when it has the resources (Ray's locality).
   */
  'callerNodeId': (string);
  /**
   * A live actor already holding the name is returned instead of an ALREADY_EXISTS error.
   */
  'getIfExists': (boolean);
  /**
   * Nodes the caller just failed to reach: not chosen, though the GCS may not know them dead yet.
   */
  'avoidNodeIds': (string)[];
}
