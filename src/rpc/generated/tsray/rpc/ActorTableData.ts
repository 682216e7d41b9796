// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { Address as _tsray_rpc_Address, Address__Output as _tsray_rpc_Address__Output } from '../../tsray/rpc/Address.js';
import type { SchedulingStrategy as _tsray_rpc_SchedulingStrategy, SchedulingStrategy__Output as _tsray_rpc_SchedulingStrategy__Output } from '../../tsray/rpc/SchedulingStrategy.js';
import type { TaskSpec as _tsray_rpc_TaskSpec, TaskSpec__Output as _tsray_rpc_TaskSpec__Output } from '../../tsray/rpc/TaskSpec.js';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/gcs.proto

export const _tsray_rpc_ActorTableData_ActorState = {
  DEPENDENCIES_UNREADY: 'DEPENDENCIES_UNREADY',
  /**
   * Placed (node_id set) or waiting for a node with the resources (node_id empty).
   */
  PENDING_CREATION: 'PENDING_CREATION',
  ALIVE: 'ALIVE',
  /**
   * Lost its worker or node; re-placed (node_id is the new node) and being created again.
   */
  RESTARTING: 'RESTARTING',
  DEAD: 'DEAD',
} as const;

export type _tsray_rpc_ActorTableData_ActorState =
  | 'DEPENDENCIES_UNREADY'
  | 0
  /**
   * Placed (node_id set) or waiting for a node with the resources (node_id empty).
   */
  | 'PENDING_CREATION'
  | 1
  | 'ALIVE'
  | 2
  /**
   * Lost its worker or node; re-placed (node_id is the new node) and being created again.
   */
  | 'RESTARTING'
  | 3
  | 'DEAD'
  | 4

export type _tsray_rpc_ActorTableData_ActorState__Output = typeof _tsray_rpc_ActorTableData_ActorState[keyof typeof _tsray_rpc_ActorTableData_ActorState]

export interface ActorTableData {
  'actorId'?: (string);
  'jobId'?: (string);
  'name'?: (string);
  'namespace'?: (string);
  'className'?: (string);
  'state'?: (_tsray_rpc_ActorTableData_ActorState);
  /**
   * The node the actor is placed on (empty while no node has room).
   */
  'nodeId'?: (string);
  /**
   * The worker hosting the actor, once ALIVE.
   */
  'address'?: (_tsray_rpc_Address | null);
  'owner'?: (_tsray_rpc_Address | null);
  'detached'?: (boolean);
  /**
   * -1: restart forever.
   */
  'maxRestarts'?: (number);
  'numRestarts'?: (number);
  'requiredResources'?: ({[key: string]: number | string});
  'schedulingStrategy'?: (_tsray_rpc_SchedulingStrategy | null);
  /**
   * The creation task, kept so that any node can create (or re-create) the actor.
   */
  'creationTask'?: (_tsray_rpc_TaskSpec | null);
  'deathCause'?: (string);
  'startTimeMs'?: (number | string | Long);
  'endTimeMs'?: (number | string | Long);
  'pid'?: (number);
  /**
   * Why the actor is not placed yet (no node has the resources now / ever), for users.
   */
  'placementMessage'?: (string);
}

export interface ActorTableData__Output {
  'actorId': (string);
  'jobId': (string);
  'name': (string);
  'namespace': (string);
  'className': (string);
  'state': (_tsray_rpc_ActorTableData_ActorState__Output);
  /**
   * The node the actor is placed on (empty while no node has room).
   */
  'nodeId': (string);
  /**
   * The worker hosting the actor, once ALIVE.
   */
  'address': (_tsray_rpc_Address__Output | null);
  'owner': (_tsray_rpc_Address__Output | null);
  'detached': (boolean);
  /**
   * -1: restart forever.
   */
  'maxRestarts': (number);
  'numRestarts': (number);
  'requiredResources': ({[key: string]: number});
  'schedulingStrategy': (_tsray_rpc_SchedulingStrategy__Output | null);
  /**
   * The creation task, kept so that any node can create (or re-create) the actor.
   */
  'creationTask': (_tsray_rpc_TaskSpec__Output | null);
  'deathCause': (string);
  'startTimeMs': (number);
  'endTimeMs': (number);
  'pid': (number);
  /**
   * Why the actor is not placed yet (no node has the resources now / ever), for users.
   */
  'placementMessage': (string);
}
