// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto


export interface HeartbeatReply {
  /**
   * The GCS does not know the node (it restarted without storage, or the node never registered):
   * register again.
   */
  'unknownNode'?: (boolean);
  /**
   * The GCS has declared this node dead (it was silent too long): the raylet must exit, since
   * its tasks and actors are being retried elsewhere.
   */
  'nodeDead'?: (boolean);
}

export interface HeartbeatReply__Output {
  /**
   * The GCS does not know the node (it restarted without storage, or the node never registered):
   * register again.
   */
  'unknownNode': (boolean);
  /**
   * The GCS has declared this node dead (it was silent too long): the raylet must exit, since
   * its tasks and actors are being retried elsewhere.
   */
  'nodeDead': (boolean);
}
