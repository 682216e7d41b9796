import * as protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../common/errors.js';
import { deferLargeBytesField } from './chunk-codec.js';

/**
 * proto/ sits at the package root: two levels up from both src/rpc (under tsx) and dist/rpc
 * (compiled), so one relative URL finds it either way.
 */
export const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

export const PROTO_FILES = ['common.proto', 'gcs.proto', 'raylet.proto', 'core_worker.proto', 'object_manager.proto'] as const;

/** Every proto package lives under this name. */
export const PROTO_PACKAGE = 'tsray.rpc';

/**
 * Field names become camelCase; int64 become numbers (times in ms and sizes stay far below
 * 2^53); enums are their names; unset fields decode to their defaults (unset messages to null),
 * so handlers never see undefined.
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

let loaded: protoLoader.PackageDefinition | undefined;

/** The parsed protos (loaded once per process). */
export function packageDefinition(): protoLoader.PackageDefinition {
  if (loaded) return loaded;
  loaded = protoLoader.loadSync([...PROTO_FILES], LOADER_OPTIONS);
  // Object chunks (8 MiB of shared memory each) skip protobuf's copy of their bytes.
  const pull = (loaded[`${PROTO_PACKAGE}.ObjectManagerService`] as protoLoader.ServiceDefinition).Pull!;
  pull.responseSerialize = deferLargeBytesField(pull.responseSerialize, 'data', 4);
  return loaded;
}

/** The definition of one service, e.g. `serviceDefinition('NodeInfoService')`. */
export function serviceDefinition(service: string): protoLoader.ServiceDefinition {
  const def = packageDefinition()[`${PROTO_PACKAGE}.${service}`];
  if (!def || 'format' in def) throw new InvalidArgumentError(`no service ${service} in ${PROTO_DIR}`);
  return def as protoLoader.ServiceDefinition;
}

/** One method's definition (path, serializers, streaming flags) from "Service.Method". */
export function methodDefinition(name: string): protoLoader.MethodDefinition<object, object> {
  const dot = name.indexOf('.');
  const method = serviceDefinition(name.slice(0, dot))[name.slice(dot + 1)];
  if (!method) throw new InvalidArgumentError(`no method ${name} in ${PROTO_DIR}`);
  return method as protoLoader.MethodDefinition<object, object>;
}
