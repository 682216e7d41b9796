import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError } from '../common/errors.js';
import { SERVER_CHANNEL_OPTIONS } from './channel-options.js';
import type { ServiceName, StreamMethods, UnaryMethods, Wire } from './messages.js';
import { serviceDefinition } from './proto.js';
import { toServiceError } from './rpc-errors.js';
import { ServerStreamImpl, type CallContext, type ServerStream } from './server-stream.js';

export type { CallContext, ServerStream } from './server-stream.js';

export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Wire<Res> | Promise<Wire<Res>>;
/** Writes to `stream` and ends it (or keeps it open, as a subscription does); a throw fails it. */
export type StreamHandler<Req, Res> = (request: Req, stream: ServerStream<Res>) => void | Promise<void>;

type UnaryHandlersOf<S extends string> = {
  [K in keyof UnaryMethods as K extends `${S}.${infer M}` ? M : never]: UnaryHandler<UnaryMethods[K][0], UnaryMethods[K][1]>;
};
type StreamHandlersOf<S extends string> = {
  [K in keyof StreamMethods as K extends `${S}.${infer M}` ? M : never]: StreamHandler<StreamMethods[K][0], StreamMethods[K][1]>;
};
/** The handlers of one service by method name; a method left out answers UNIMPLEMENTED. */
export type ServiceHandlers<S extends ServiceName> = Partial<UnaryHandlersOf<S> & StreamHandlersOf<S>>;

export interface RpcServerOptions {
  /** Extra grpc channel options (override the defaults: keepalive, 512 MiB messages). */
  channelOptions?: grpc.ChannelOptions;
}

/**
 * A gRPC server for tsray's services (proto/): binds host:port (port 0 picks a free port),
 * adapts promise-returning handlers, sends tsray errors with their class, and shuts down
 * gracefully (ending open streams first, since subscriptions never end by themselves) or by force.
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
  private boundPort: number | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: RpcServerOptions = {}) {
    this.server = new grpc.Server({ ...SERVER_CHANNEL_OPTIONS, ...options.channelOptions });
  }

  /** The bound port, once listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  addService<S extends ServiceName>(service: S, handlers: ServiceHandlers<S>): this {
    const definition = serviceDefinition(service);
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(definition)) {
      const handler = (handlers as Record<string, ((...args: any[]) => unknown) | undefined>)[name];
      if (!handler) continue;
      if (method.requestStream) throw new InvalidArgumentError(`${service}.${name}: client-streaming methods are not supported`);
      impl[name] = method.responseStream ? this.streamImpl(handler) : this.unaryImpl(handler);
    }
    this.server.addService(definition, impl);
    return this;
  }

  /** Binds and starts serving; resolves with the port (the free one chosen when `port` is 0). */
  listen(host: string, port: number): Promise<number> {
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new Promise((resolve, reject) => {
      this.server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, bound) => {
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
}
