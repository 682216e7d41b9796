// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto


/**
 * An outcome carried inside a reply, for calls whose transport succeeded but whose work did not
 * (e.g. one task of a batch). `code` is a gRPC status code (0 = OK).
 */
export interface Status {
  'code'?: (number);
  'message'?: (string);
  /**
   * The tsray error class to rebuild, when there is one.
   */
  'errorKind'?: (string);
}

/**
 * An outcome carried inside a reply, for calls whose transport succeeded but whose work did not
 * (e.g. one task of a batch). `code` is a gRPC status code (0 = OK).
 */
export interface Status__Output {
  'code': (number);
  'message': (string);
  /**
   * The tsray error class to rebuild, when there is one.
   */
  'errorKind': (string);
}
