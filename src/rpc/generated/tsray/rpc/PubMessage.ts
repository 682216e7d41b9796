// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/gcs.proto

import type { Channel as _tsray_rpc_Channel, Channel__Output as _tsray_rpc_Channel__Output } from '../../tsray/rpc/Channel.js';
import type { NodeInfo as _tsray_rpc_NodeInfo, NodeInfo__Output as _tsray_rpc_NodeInfo__Output } from '../../tsray/rpc/NodeInfo.js';
import type { ResourceView as _tsray_rpc_ResourceView, ResourceView__Output as _tsray_rpc_ResourceView__Output } from '../../tsray/rpc/ResourceView.js';
import type { ActorTableData as _tsray_rpc_ActorTableData, ActorTableData__Output as _tsray_rpc_ActorTableData__Output } from '../../tsray/rpc/ActorTableData.js';
import type { JobTableData as _tsray_rpc_JobTableData, JobTableData__Output as _tsray_rpc_JobTableData__Output } from '../../tsray/rpc/JobTableData.js';
import type { Long } from '@grpc/proto-loader';

export interface PubMessage {
  'channel'?: (_tsray_rpc_Channel);
  /**
   * Increases by one per published message (per GCS run).
   */
  'sequence'?: (number | string | Long);
  'nodeInfo'?: (_tsray_rpc_NodeInfo | null);
  'resourceView'?: (_tsray_rpc_ResourceView | null);
  'actor'?: (_tsray_rpc_ActorTableData | null);
  'job'?: (_tsray_rpc_JobTableData | null);
  'payload'?: "nodeInfo"|"resourceView"|"actor"|"job";
}

export interface PubMessage__Output {
  'channel': (_tsray_rpc_Channel__Output);
  /**
   * Increases by one per published message (per GCS run).
   */
  'sequence': (number);
  'nodeInfo'?: (_tsray_rpc_NodeInfo__Output | null);
  'resourceView'?: (_tsray_rpc_ResourceView__Output | null);
  'actor'?: (_tsray_rpc_ActorTableData__Output | null);
  'job'?: (_tsray_rpc_JobTableData__Output | null);
  'payload'?: "nodeInfo"|"resourceView"|"actor"|"job";
}
