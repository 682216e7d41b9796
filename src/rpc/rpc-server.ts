import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError } from '../common/errors.js';
import { tokenVerifier } from '../auth/auth-token.js';
import { AUTH_HEADER, HOW_TO_AUTHENTICATE, clusterAuth, type ClusterAuth } from '../auth/cluster-auth.js';
import { clusterTls, type TlsSettings } from '../auth/tls-config.js';
import { SERVER_CHANNEL_OPTIONS } from './channel-options.js';
import type { ReplyInputOf, RequestOf, ServiceName, StreamMethods, UnaryMethods } from './messages.js';
import { PROTO_PACKAGE, packageDefinition, serviceDefinition } from './proto.js';
import { toServiceError } from './rpc-errors.js';
import { ServerStreamImpl, type CallContext, type ServerStream } from './server-stream.js';

export type { CallContext, ServerStream } from './server-stream.js';

/** Answers a decoded request with what the reply's serializer takes (the generated input type). */
export type UnaryHandler<Req, ReplyInput> = (request: Req, context: CallContext) => ReplyInput | Promise<ReplyInput>;
/** Writes to `stream` and ends it (or keeps it open, as a subscription does); a throw fails it. */
export type StreamHandler<Req, Res> = (request: Req, stream: ServerStream<Res>) => void | Promise<void>;

type UnaryHandlersOf<S extends string> = {
  [K in keyof UnaryMethods as K extends `${S}.${infer M}` ? M : never]: UnaryHandler<RequestOf<K>, ReplyInputOf<K>>;
};
type StreamHandlersOf<S extends string> = {
  [K in keyof StreamMethods as K extends `${S}.${infer M}` ? M : never]: StreamHandler<StreamMethods[K][0], StreamMethods[K][1]>;
};
/** The handlers of one service by method name; a method left out answers UNIMPLEMENTED. */
export type ServiceHandlers<S extends ServiceName> = Partial<UnaryHandlersOf<S> & StreamHandlersOf<S>>;

export interface RpcServerOptions {
  /** Extra grpc channel options (override the defaults: keepalive, 512 MiB messages). */
  channelOptions?: grpc.ChannelOptions;
  /** Who may call (default: this process's `clusterAuth()`: the cluster token, unless disabled). */
  auth?: ClusterAuth;
  /** TLS (default: this process's `clusterTls()`; null: plaintext). */
  tls?: TlsSettings | null;
}

/** Why a call was refused: said to the caller, who may be a stranger, so it names nothing of the cluster. */
const REFUSED = 'this tsray cluster requires its auth token on every call (metadata "authorization: Bearer <token>"); none or a wrong one was given.';

/**
 * A gRPC server for tsray's services (proto/): binds host:port (port 0 picks a free port),
 * adapts promise-returning handlers, sends tsray errors with their class, and shuts down
 * gracefully (ending open streams first, since subscriptions never end by themselves) or by force.
 *
 * Every call shows the cluster token first (unless auth is disabled): one without it gets
 * UNAUTHENTICATED before any handler runs. Every method of every service in proto/ is
 * registered, those without a handler answering UNIMPLEMENTED after the check, so a stranger
 * learns nothing from probing which services a port serves.
 *
 * @example
 * ```ts
 * const server = new RpcServer().addService('KVService', { Get: async (req) => ({ found: false }) });
 * const port = await server.listen('127.0.0.1', 0);
 * await server.shutdown();
 * ```
 */
export class RpcServer {
  private readonly server: grpc.Server;
  private readonly streams = new Set<ServerStreamImpl<unknown>>();
  private readonly services = new Set<string>();
  /** Whether a call's metadata carries the cluster token; null when auth is disabled. */
  private readonly verify: ((presented: string | undefined) => boolean) | null;
  private readonly credentials: grpc.ServerCredentials;
  private boundPort: number | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: RpcServerOptions = {}) {
    this.server = new grpc.Server({ ...SERVER_CHANNEL_OPTIONS, ...options.channelOptions });
    const auth = options.auth ?? clusterAuth();
    if (auth.mode === 'token' && !auth.token) {
      throw new InvalidArgumentError(`This server would require the cluster auth token, but this process has none. ${HOW_TO_AUTHENTICATE} ` +
        'On a closed network, start the cluster with --auth-mode disabled.');
    }
    this.verify = auth.mode === 'token' ? tokenVerifier(auth.token!) : null;
    const tls = options.tls === undefined ? clusterTls() : options.tls;
    this.credentials = tls
      ? grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], tls.verifyClient)
      : grpc.ServerCredentials.createInsecure();
  }

  /** The bound port, once listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  addService<S extends ServiceName>(service: S, handlers: ServiceHandlers<S>): this {
    const definition = serviceDefinition(service);
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(definition)) {
      if (method.requestStream) throw new InvalidArgumentError(`${service}.${name}: client-streaming methods are not supported`);
      const handler = (handlers as Record<string, ((...args: any[]) => unknown) | undefined>)[name] ?? unimplemented(`${service}.${name}`);
      impl[name] = method.responseStream ? this.streamImpl(handler) : this.unaryImpl(handler);
    }
    this.server.addService(definition, impl);
    this.services.add(service);
    return this;
  }

  /** Binds and starts serving; resolves with the port (the free one chosen when `port` is 0). */
  listen(host: string, port: number): Promise<number> {
    for (const name of Object.keys(packageDefinition())) {
      const service = name.slice(PROTO_PACKAGE.length + 1);
      if (name.startsWith(`${PROTO_PACKAGE}.`) && !('format' in packageDefinition()[name]!) && !this.services.has(service)) {
        this.addService(service as ServiceName, {});
      }
    }
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new Promise((resolve, reject) => {
      this.server.bindAsync(target, this.credentials, (err, bound) => {
        if (err) {
          reject(new InvalidArgumentError(`cannot listen on ${target}: ${err.message} (is the port in use?)`, { cause: err }));
          return;
        }
        this.boundPort = bound;
        resolve(bound);
      });
    });
  }

  /**
   * Stops accepting calls, ends open streams with OK, and waits up to `graceMs` for calls in
   * flight before cutting them off.
   */
  shutdown(graceMs = 2000): Promise<void> {
    this.stopping ??= (async () => {
      for (const s of [...this.streams]) s.end();
      let timer: NodeJS.Timeout | undefined;
      const graceful = new Promise<boolean>((resolve) => this.server.tryShutdown(() => resolve(true)));
      const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const clean = await Promise.race([graceful, expired]);
      clearTimeout(timer);
      if (!clean) this.server.forceShutdown();
    })();
    return this.stopping;
  }

  /** Cuts every connection at once (a crash, as tests simulate one). */
  forceShutdown(): void {
    this.server.forceShutdown();
  }

  private unaryImpl(handler: (...args: any[]) => unknown): grpc.handleUnaryCall<unknown, unknown> {
    return (call, callback) => {
      if (!this.authorized(call.metadata)) {
        callback({ code: grpc.status.UNAUTHENTICATED, details: REFUSED });
        return;
      }
      const context: CallContext = { peer: call.getPeer(), metadata: call.metadata };
      let result: Promise<unknown>;
      try {
        result = Promise.resolve(handler(call.request, context));
      } catch (err) {
        result = Promise.reject(err);
      }
      result.then(
        (reply) => callback(null, reply ?? {}),
        (err: unknown) => callback(toServiceError(err)),
      );
    };
  }

  private streamImpl(handler: (...args: any[]) => unknown): grpc.handleServerStreamingCall<unknown, unknown> {
    return (call) => {
      const stream = new ServerStreamImpl<unknown>(call);
      if (!this.authorized(call.metadata)) {
        stream.fail(Object.assign(new Error(REFUSED), { code: grpc.status.UNAUTHENTICATED }));
        return;
      }
      this.streams.add(stream);
      stream.onClose(() => this.streams.delete(stream));
      if (this.stopping) {
        stream.end();
        return;
      }
      Promise.resolve()
        .then(() => handler(call.request, stream))
        .catch((err: unknown) => stream.fail(err));
    };
  }

  private authorized(metadata: grpc.Metadata): boolean {
    if (!this.verify) return true;
    const value = metadata.get(AUTH_HEADER)[0];
    return typeof value === 'string' && value.startsWith('Bearer ') && this.verify(value.slice(7));
  }
}

/** The handler of a method this server does not serve (reached only after the auth check). */
function unimplemented(method: string): () => never {
  return () => {
    throw Object.assign(new Error(`${method} is not served at this address`), { code: grpc.status.UNIMPLEMENTED });
  };
}
