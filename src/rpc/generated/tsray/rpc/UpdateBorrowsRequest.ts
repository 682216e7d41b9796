// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/object_manager.proto

import type { BorrowDelta as _tsray_rpc_BorrowDelta, BorrowDelta__Output as _tsray_rpc_BorrowDelta__Output } from '../../tsray/rpc/BorrowDelta.js';
import type { BorrowGrant as _tsray_rpc_BorrowGrant, BorrowGrant__Output as _tsray_rpc_BorrowGrant__Output } from '../../tsray/rpc/BorrowGrant.js';
import type { Long } from '@grpc/proto-loader';

export interface UpdateBorrowsRequest {
  'borrowerNodeId'?: (string);
  /**
   * Per borrower, increasing: a batch sent again is applied once.
   */
  'seq'?: (number | string | Long);
  'deltas'?: (_tsray_rpc_BorrowDelta)[];
  'grants'?: (_tsray_rpc_BorrowGrant)[];
}

export interface UpdateBorrowsRequest__Output {
  'borrowerNodeId': (string);
  /**
   * Per borrower, increasing: a batch sent again is applied once.
   */
  'seq': (number);
  'deltas': (_tsray_rpc_BorrowDelta__Output)[];
  'grants': (_tsray_rpc_BorrowGrant__Output)[];
}
