// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

export const Channel = {
  /**
   * NodeInfo whenever a node registers or dies. A new subscription first receives every known node.
   */
  NODE_INFO: 'NODE_INFO',
  /**
   * The whole ResourceView, at most every resource-broadcast period while it changes. A new
   * subscription first receives the current view.
   */
  RESOURCE_VIEW: 'RESOURCE_VIEW',
  /**
   * ActorTableData on every actor state change.
   */
  ACTOR: 'ACTOR',
  /**
   * JobTableData when a job is added or finishes.
   */
  JOB: 'JOB',
} as const;

export type Channel =
  /**
   * NodeInfo whenever a node registers or dies. A new subscription first receives every known node.
   */
  | 'NODE_INFO'
  | 0
  /**
   * The whole ResourceView, at most every resource-broadcast period while it changes. A new
   * subscription first receives the current view.
   */
  | 'RESOURCE_VIEW'
  | 1
  /**
   * ActorTableData on every actor state change.
   */
  | 'ACTOR'
  | 2
  /**
   * JobTableData when a job is added or finishes.
   */
  | 'JOB'
  | 3

export type Channel__Output = typeof Channel[keyof typeof Channel]
