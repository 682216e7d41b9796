import * as grpc from '@grpc/grpc-js';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { ConnectionError, InvalidArgumentError } from '../common/errors.js';
import { DEFAULT_BACKOFF, backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { AUTH_HEADER, clusterAuth } from '../auth/cluster-auth.js';
import { clusterTls, type TlsSettings } from '../auth/tls-config.js';
import { CLIENT_CHANNEL_OPTIONS } from './channel-options.js';
import { IDEMPOTENT_METHODS, type ReplyOf, type RequestInputOf, type StreamMethod, type UnaryMethod } from './messages.js';
import { methodDefinition } from './proto.js';
import { ClientStream } from './client-stream.js';
import { fromServiceError, isRetryable } from './rpc-errors.js';

export interface RpcClientOptions {
  /** Deadline of one attempt of a unary call, unless the call says otherwise (default 10 s). */
  defaultTimeoutMs?: number;
  /** How long an idempotent call keeps retrying an unreachable server (default 10 s). */
  retryForMs?: number;
  backoff?: BackoffPolicy;
  /** Extra grpc channel options (override the defaults: keepalive, 512 MiB messages, fast reconnect). */
  channelOptions?: grpc.ChannelOptions;
  /** What the server is, for error messages ("tsray GCS"); default "tsray server". */
  serverName?: string;
  /** The cluster token sent with every call (default: the one this process finds, if any). */
  authToken?: string;
  /** TLS (default: this process's `clusterTls()`; null: plaintext). */
  tls?: TlsSettings | null;
}

export interface CallOptions {
  /** Deadline of each attempt. */
  timeoutMs?: number;
  /** Whether the call may be sent again; default from IDEMPOTENT_METHODS. */
  idempotent?: boolean;
  /** Retry budget for this call (idempotent calls only). */
  retryForMs?: number;
}

export interface StreamOptions {
  /** Deadline of the whole stream; default none (a subscription lives as long as it is wanted). */
  timeoutMs?: number;
}

const ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

/** Checks that an address is "host:port" (grpc would silently default a missing port to 443). */
export function parseAddress(address: string): { host: string; port: number } {
  const m = ADDRESS.exec(address);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new InvalidArgumentError(`an address must be "host:port", got "${address}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** The TLS server name sent when dialing an IP address, which SNI cannot carry. */
const IP_SERVER_NAME = 'tsray-node';

/**
 * Credentials that check the server's certificate against the cluster CA and against the
 * address dialed. Nodes are usually dialed by IP, which the TLS server name (SNI) may not be,
 * so the name sent is a placeholder and the certificate is checked against the IP here.
 */
function tlsCredentials(tls: TlsSettings, address: string): grpc.ChannelCredentials {
  const { host } = parseAddress(address);
  return grpc.credentials.createSsl(tls.ca, tls.key, tls.cert, {
    checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
  });
}

/**
 * A client of a tsray gRPC server (GCS, raylet, core worker, object manager: one channel for all
 * their services). Unary calls return promises, each attempt with a deadline; idempotent calls are
 * retried with exponential backoff and jitter while the server is unreachable or slow; failures
 * arrive as tsray errors (the server's own class, or ConnectionError naming the address).
 *
 * @example
 * ```ts
 * const client = new RpcClient('127.0.0.1:6380');
 * await client.waitForReady(5000);
 * const { nodes } = await client.call('NodeInfoService.GetAllNodes', { aliveOnly: true });
 * client.close();
 * ```
 */
export class RpcClient {
  private readonly client: grpc.Client;
  private readonly defaultTimeoutMs: number;
  private readonly retryForMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly pendingSleeps = new Set<() => void>();
  private readonly streams = new Set<ClientStream<unknown>>();
  private closed = false;
  private readonly serverName: string;
  /** Sent with every call: the cluster token, when this process has one. */
  private readonly metadata = new grpc.Metadata();

  constructor(
    readonly address: string,
    options: RpcClientOptions = {},
  ) {
    parseAddress(address);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.retryForMs = options.retryForMs ?? 10_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.serverName = options.serverName ?? 'tsray server';
    const token = options.authToken ?? clusterAuth().token;
    if (token) this.metadata.set(AUTH_HEADER, `Bearer ${token}`);
    const tls = options.tls === undefined ? clusterTls() : options.tls;
    this.client = new grpc.Client(address, tls ? tlsCredentials(tls, address) : grpc.credentials.createInsecure(), {
      ...CLIENT_CHANNEL_OPTIONS,
      ...(tls && isIP(parseAddress(address).host) ? { 'grpc.ssl_target_name_override': IP_SERVER_NAME } : {}),
      ...options.channelOptions,
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Connects, or fails with a ConnectionError naming the address once `timeoutMs` has passed. */
  waitForReady(timeoutMs: number): Promise<void> {
    this.checkOpen('connect');
    return new Promise((resolve, reject) => {
      this.client.waitForReady(Date.now() + timeoutMs, (err) => {
        if (!err) resolve();
        else if (this.closed) reject(new ConnectionError(`the client of ${this.address} was closed while connecting`));
        else reject(new ConnectionError(`cannot connect to the ${this.serverName} at ${this.address} within ${timeoutMs} ms: ${err.message}`, { cause: err }));
      });
    });
  }

  /** One unary call; retried per `options` (see the class). */
  async call<M extends UnaryMethod>(method: M, request: RequestInputOf<M>, options: CallOptions = {}): Promise<ReplyOf<M>> {
    const definition = methodDefinition(method);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const retryForMs = options.retryForMs ?? this.retryForMs;
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      this.checkOpen(method);
      try {
        return (await this.attempt(definition, request, timeoutMs)) as ReplyOf<M>;
      } catch (e) {
        const err = e as grpc.ServiceError;
        const delay = backoffDelayMs(attempt, this.backoff);
        const elapsed = Date.now() - start;
        if (this.closed || !idempotent || !isRetryable(err) || elapsed + delay > retryForMs) {
          const mapped = fromServiceError(err, method, this.address, timeoutMs, this.serverName);
          if (attempt > 0) mapped.message += ` (gave up after ${attempt + 1} attempts in ${elapsed} ms)`;
          throw mapped;
        }
        await this.sleep(delay);
      }
    }
  }

  /** Starts a server-streaming call. Streams are not retried: their consumers resubscribe. */
  serverStream<M extends StreamMethod>(method: M, request: RequestInputOf<M>, options: StreamOptions = {}): ClientStream<ReplyOf<M>> {
    this.checkOpen(method);
    const definition = methodDefinition(method);
    const callOptions: grpc.CallOptions = options.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : {};
    const call = this.client.makeServerStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request as object,
      this.metadata.clone(),
      callOptions,
    ) as grpc.ClientReadableStream<ReplyOf<M>>;
    const stream = new ClientStream<ReplyOf<M>>(call, method, this.address, options.timeoutMs ?? 0, this.serverName);
    this.streams.add(stream as ClientStream<unknown>);
    call.once('close', () => this.streams.delete(stream as ClientStream<unknown>));
    return stream;
  }

  /** Cancels open streams and pending retries, and closes the channel. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams]) s.cancel();
    for (const wake of [...this.pendingSleeps]) wake();
    this.client.close();
  }

  private attempt(definition: ReturnType<typeof methodDefinition>, request: unknown, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request as object,
        this.metadata.clone(),
        { deadline: Date.now() + timeoutMs },
        (err, reply) => (err ? reject(err) : resolve(reply)),
      );
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pendingSleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pendingSleeps.add(wake);
    });
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new InvalidArgumentError(`${what}: the client of ${this.address} is closed`);
  }
}
