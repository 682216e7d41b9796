import http from 'node:http';
import https from 'node:https';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { JobApiError } from '../common/errors.js';
import { AUTH_HEADER, HOW_TO_AUTHENTICATE, type ClusterAuth } from '../auth/cluster-auth.js';
import { tokenVerifier } from '../auth/auth-token.js';
import type { TlsSettings } from '../auth/tls-config.js';
import { MAX_PACKAGE_BYTES } from '../runtime-env/working-dir.js';
import { JOBS_API_VERSION, PACKAGE_PROTOCOL, type VersionResponse } from './job-api.js';
import { parseSubmitRequest } from './job-request-schema.js';
import { isTerminal } from './job-status.js';
import { PACKAGE_NAME } from './job-working-dir.js';
import type { JobManager } from './job-manager.js';

export interface JobServerOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  manager: JobManager;
  auth: ClusterAuth;
  /** HTTPS with the cluster's certificate when the cluster uses TLS. */
  tls?: TlsSettings;
  /** The tsray version, reported by GET /api/version. */
  version: string;
  sessionName: string;
}

/** JSON bodies larger than this are refused (a submit request is a few KiB). */
const MAX_JSON_BYTES = 1 << 20;
/** How often a log tail looks for new output. */
const TAIL_POLL_MS = 200;

/** A route's answer: JSON, or nothing (status only). */
type Answer = { status?: number; json?: unknown };

/**
 * The Jobs REST API of the head (Ray's paths and JSON) over HTTP, or HTTPS when the cluster uses
 * TLS. Every request shows the cluster token (`Authorization: Bearer <token>`) or is answered
 * 401; a bad body is answered 400 naming what was wrong. A request that fails in any way ends
 * that request (or connection), never the server.
 */
export class JobServer {
  private readonly server: http.Server;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly verify: ((presented: string | undefined) => boolean) | null;
  private readonly tails = new Set<NodeJS.Timeout>();

  constructor(private readonly o: JobServerOptions) {
    this.verify = o.auth.mode === 'token' ? tokenVerifier(o.auth.token!) : null;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = o.tls ? https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.ca }, handler) : http.createServer(handler);
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    // A malformed request (bad HTTP, a failed TLS handshake) ends its connection only.
    this.server.on('clientError', (_err, socket) => socket.destroy());
    this.server.on('tlsClientError', (_err, socket) => socket.destroy());
  }

  /** Listens (on `port`, default the options'); resolves with the port. */
  start(port = this.o.port): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.o.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  async stop(): Promise<void> {
    for (const t of this.tails) clearInterval(t);
    for (const ws of this.sockets.clients) ws.terminate();
    this.sockets.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private authorized(req: http.IncomingMessage): boolean {
    if (!this.verify) return true;
    const header = req.headers[AUTH_HEADER];
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return this.verify(m?.[1]);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (!this.authorized(req)) {
        req.resume();
        throw new JobApiError(401, `Unauthorized: this tsray job server needs the cluster token in the header "Authorization: Bearer <token>". ${HOW_TO_AUTHENTICATE}`);
      }
      const answer = await this.route(req);
      const body = answer.json === undefined ? '' : JSON.stringify(answer.json);
      res.writeHead(answer.status ?? 200, body ? { 'content-type': 'application/json' } : {});
      res.end(body);
    } catch (e) {
      const status = e instanceof JobApiError ? e.status : 500;
      const message = e instanceof JobApiError ? e.message : `Internal error of the tsray job server: ${(e as Error).message}`;
      if (status === 500) console.error(`tsray jobs: ${req.method} ${req.url} failed:`, e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(message);
    }
  }

  private async route(req: http.IncomingMessage): Promise<Answer> {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const m = this.o.manager;
    if (path === '/api/version') {
      this.allow(method, ['GET']);
      const v: VersionResponse = { version: JOBS_API_VERSION, ray_version: RAY_VERSION, ray_commit: `tsray-${this.o.version}`, session_name: this.o.sessionName };
      return { json: v };
    }
    let match = /^\/api\/packages\/([^/]+)\/([^/]+)$/.exec(path);
    if (match) {
      const [, protocol, name] = match as unknown as [string, string, string];
      if (protocol !== PACKAGE_PROTOCOL) throw new JobApiError(400, `Unsupported package protocol "${protocol}": packages are uploaded as /api/packages/gcs/<name>.`);
      if (!PACKAGE_NAME.test(name)) throw new JobApiError(400, `Invalid package name "${name}": expected a name like _ray_pkg_<hash>.zip or .tar.gz.`);
      this.allow(method, ['GET', 'PUT']);
      if (method === 'GET') {
        if (!(await m.hasPackage(name))) throw new JobApiError(404, `Package gcs://${name} does not exist.`);
        return {};
      }
      const bytes = await readBody(req, MAX_PACKAGE_BYTES);
      if (bytes.length === 0) throw new JobApiError(400, `Package ${name} is empty: send the archive as the request body.`);
      await m.putPackage(name, bytes);
      return {};
    }
    if (path === '/api/jobs') {
      this.allow(method, ['GET', 'POST']);
      if (method === 'GET') return { json: await m.list() };
      return { json: await m.submit(parseSubmitRequest(parseJson(await readBody(req, MAX_JSON_BYTES)))) };
    }
    match = /^\/api\/jobs\/([^/]+)(\/logs|\/stop)?$/.exec(path);
    if (match) {
      const id = decodeURIComponent(match[1]!);
      switch (match[2]) {
        case '/logs':
          this.allow(method, ['GET']);
          return { json: { logs: await m.logs(id) } };
        case '/stop':
          this.allow(method, ['POST']);
          return { json: { stopped: await m.stop(id) } };
        default:
          this.allow(method, ['GET', 'DELETE']);
          if (method === 'GET') return { json: await m.get(id) };
          return { json: { deleted: await m.delete(id) } };
      }
    }
    throw new JobApiError(404, `No such endpoint: ${method} ${path}. The job API is under /api/jobs/ and /api/packages/.`);
  }

  private allow(method: string, allowed: string[]): void {
    if (!allowed.includes(method)) throw new JobApiError(405, `Method ${method} is not allowed here; use ${allowed.join(' or ')}.`);
  }

  /** `GET /api/jobs/{id}/logs/tail`: a websocket that gets the log as it grows, closed once the job ends. */
  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}`);
    };
    const match = /^\/api\/jobs\/([^/]+)\/logs\/tail\/?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match) return refuse(404, 'Only /api/jobs/{id}/logs/tail takes a websocket.');
    if (!this.authorized(req)) return refuse(401, `Unauthorized: send the cluster token as "Authorization: Bearer <token>". ${HOW_TO_AUTHENTICATE}`);
    const id = decodeURIComponent(match[1]!);
    this.o.manager.get(id).then(
      () => this.sockets.handleUpgrade(req, socket, head, (ws) => this.tail(ws, id)),
      (e: unknown) => refuse(e instanceof JobApiError ? e.status : 500, (e as Error).message),
    );
  }

  private tail(ws: WebSocket, id: string): void {
    const file = this.o.manager.logFile(id);
    let offset = 0;
    let busy = false;
    const send = (): boolean => {
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        return false;
      }
      if (size <= offset) return false;
      const buffer = Buffer.alloc(Math.min(size - offset, 1 << 20));
      const fd = openSync(file, 'r');
      try {
        offset += readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      ws.send(buffer.toString('utf8'));
      return true;
    };
    const poll = async () => {
      if (busy || ws.readyState !== ws.OPEN) return;
      busy = true;
      try {
        while (send()) { /* until caught up */ }
        const job = await this.o.manager.records.get(id);
        // Everything the job wrote is sent before the socket closes.
        if (!job || isTerminal(job.status)) {
          while (send()) { /* the last lines */ }
          stopTail();
          ws.close(1000);
        }
      } catch {
        // the GCS is restarting: try again on the next tick
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void poll(), TAIL_POLL_MS);
    this.tails.add(timer);
    const stopTail = () => {
      clearInterval(timer);
      this.tails.delete(timer);
    };
    ws.on('close', stopTail);
    ws.on('error', stopTail);
    void poll();
  }
}

/**
 * The Ray version GET /api/version reports: Ray's SDK checks the server is a recent enough Ray,
 * and tsray speaks the job API of this one.
 */
const RAY_VERSION = '2.58.0';

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new JobApiError(400, `The request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** The request's body, refused with 413 past `limit` bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > limit) {
        req.destroy();
        reject(new JobApiError(413, `The request body is over ${limit} bytes.`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
