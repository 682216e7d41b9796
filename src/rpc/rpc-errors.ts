import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AuthenticationError, ConnectionError, RayError, errorKinds, rebuildRayError } from '../common/errors.js';
import { HOW_TO_AUTHENTICATE } from '../auth/cluster-auth.js';

/** Trailing metadata key naming the tsray error class of a failed call. */
export const ERROR_KIND_KEY = 'tsray-error-kind';

/** The gRPC code a tsray error travels with (so non-tsray clients see a sensible status). */
const CODE_BY_KIND: Record<string, status> = {
  InvalidArgumentError: status.INVALID_ARGUMENT,
  VersionMismatchError: status.FAILED_PRECONDITION,
  NodeDiedError: status.FAILED_PRECONDITION,
  ActorDiedError: status.FAILED_PRECONDITION,
  ConnectionError: status.UNAVAILABLE,
};

/**
 * A server-side failure as the status grpc-js sends: tsray errors keep their class; an error
 * carrying a numeric gRPC `code` (e.g. UNAVAILABLE from a server too busy to take a call) keeps
 * that code, so clients retry it as they would a transport failure.
 */
export function toServiceError(err: unknown): Partial<ServiceError> {
  const kind = errorKinds(err)?.[0];
  const message = err instanceof Error ? err.message : String(err);
  if (!kind) {
    const code = (err as { code?: unknown } | null)?.code;
    const isGrpcCode = typeof code === 'number' && Number.isInteger(code) && code > 0 && code <= status.UNAUTHENTICATED;
    return { code: isGrpcCode ? code : status.INTERNAL, details: message };
  }
  const metadata = new Metadata();
  metadata.set(ERROR_KIND_KEY, kind);
  return { code: CODE_BY_KIND[kind] ?? status.UNKNOWN, details: message, metadata };
}

/**
 * A failed call as the error its caller should see: the server's tsray error rebuilt (its
 * class travels in metadata), a ConnectionError naming the address when the server could not
 * be reached or did not answer in time, else a RayError naming the method and status.
 */
export function fromServiceError(err: ServiceError, method: string, address: string, timeoutMs: number, server = 'tsray server'): RayError {
  const kind = err.metadata?.get(ERROR_KIND_KEY)?.[0];
  if (typeof kind === 'string') {
    const rebuilt = rebuildRayError(kind, { message: err.details });
    if (rebuilt) {
      rebuilt.stack = `${kind}: ${err.details}\n    (raised by the server at ${address} in ${method})\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`;
      return rebuilt;
    }
  }
  switch (err.code) {
    case status.UNAVAILABLE:
      return new ConnectionError(`cannot reach the ${server} at ${address} (${method}): ${err.details}`, { cause: err });
    case status.DEADLINE_EXCEEDED:
      return new ConnectionError(`the ${server} at ${address} did not answer ${method} within ${timeoutMs} ms`, { cause: err });
    case status.UNAUTHENTICATED:
      return new AuthenticationError(`the ${server} at ${address} refused ${method}: this process has no auth token, or not this cluster's. ${HOW_TO_AUTHENTICATE}`, { cause: err });
    case status.UNIMPLEMENTED:
      return new ConnectionError(`the server at ${address} does not implement ${method}: it is not a ${server} of this version`, { cause: err });
    default:
      return new RayError(`${method} failed at ${address}: ${status[err.code] ?? err.code}: ${err.details}`, { cause: err });
  }
}

/** Whether the failure may be cured by sending the call again. */
export function isRetryable(err: ServiceError): boolean {
  return (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) && !err.metadata?.get(ERROR_KIND_KEY)?.length;
}
