// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { Channel as _tsray_rpc_Channel, Channel__Output as _tsray_rpc_Channel__Output } from '../../tsray/rpc/Channel.js';

export interface SubscribeRequest {
  'subscriberId'?: (string);
  'channels'?: (_tsray_rpc_Channel)[];
}

export interface SubscribeRequest__Output {
  'subscriberId': (string);
  'channels': (_tsray_rpc_Channel__Output)[];
}
