// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.
// Original file: proto/common.proto


/**
 * Where a remote function or actor class lives: the module (relative to the job's working
 * directory on other nodes) and the key it was registered under.
 */
export interface FunctionDescriptor {
  'moduleUrl'?: (string);
  'key'?: (string);
}

/**
 * Where a remote function or actor class lives: the module (relative to the job's working
 * directory on other nodes) and the key it was registered under.
 */
export interface FunctionDescriptor__Output {
  'moduleUrl': (string);
  'key': (string);
}
