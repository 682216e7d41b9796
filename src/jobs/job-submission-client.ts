import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { ConnectionError, InvalidArgumentError, JobApiError } from '../common/errors.js';
import { AUTH_HEADER } from '../auth/cluster-auth.js';
import { findAuthToken } from '../auth/auth-token.js';
import { localDashboardAddress } from '../cluster/node-folders.js';
import { packageWorkingDir } from '../runtime-env/working-dir.js';
import type {
  JobDeleteResponse, JobDetails, JobLogsResponse, JobStatus, JobStopResponse, JobSubmitRequest, JobSubmitResponse, VersionResponse,
} from './job-api.js';

export type { JobDetails, JobStatus, VersionResponse } from './job-api.js';

export interface JobSubmissionClientOptions {
  /**
   * The head's job API, `http://HOST:8265` (`https://` when the cluster uses TLS). Default:
   * TSRAY_ADDRESS when it is an http(s) URL, else the head started on this machine.
   */
  address?: string;
  /** The cluster token. Default: TSRAY_AUTH_TOKEN, TSRAY_AUTH_TOKEN_PATH or ~/.tsray/auth_token. */
  token?: string;
  /** The CA that signed the head's certificate (PEM), for https. Default: the file TSRAY_TLS_CA_CERT names. */
  ca?: string | Buffer;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/** What a job runs: `submitJob`'s argument. */
export interface SubmitJobOptions {
  /** A shell command run on the head in the job's working directory, e.g. `node main.js`. */
  entrypoint: string;
  /** The job's id (default: a new `raysubmit_...`). */
  submissionId?: string;
  runtimeEnv?: {
    /** A local folder, packaged and uploaded (or a `gcs://` URI uploaded before). */
    workingDir?: string;
    envVars?: Record<string, string>;
  };
  metadata?: Record<string, string>;
  entrypointNumCpus?: number;
  entrypointNumGpus?: number;
  entrypointMemory?: number;
  entrypointResources?: Record<string, number>;
}

/**
 * A client of a tsray (or Ray) head's Jobs REST API: submit jobs, watch them, read their logs,
 * stop and delete them. The `tsray job` command is built on it.
 *
 * @example
 * ```ts
 * import { JobSubmissionClient } from 'tsray/jobs';
 *
 * const client = new JobSubmissionClient({ address: 'http://127.0.0.1:8265' });
 * const id = await client.submitJob({ entrypoint: 'node main.js', runtimeEnv: { workingDir: '.' } });
 * for await (const lines of client.tailJobLogs(id)) process.stdout.write(lines);
 * console.log(await client.getJobStatus(id)); // 'SUCCEEDED'
 * ```
 */
export class JobSubmissionClient {
  readonly address: string;
  private readonly headers: Record<string, string>;
  private readonly ca: string | Buffer | undefined;

  constructor(options: JobSubmissionClientOptions = {}) {
    const fromEnv = process.env.TSRAY_ADDRESS && /^https?:\/\//.test(process.env.TSRAY_ADDRESS) ? process.env.TSRAY_ADDRESS : undefined;
    const address = options.address ?? fromEnv ?? localDashboardAddress();
    if (!address) {
      throw new InvalidArgumentError('No job API address: pass --address http://HOST:8265 (or { address }), set TSRAY_ADDRESS to one, or start a head on this machine with `tsray start --head`.');
    }
    if (!/^https?:\/\/[^/\s]+\/?$/.test(address)) {
      throw new InvalidArgumentError(`Invalid job API address "${address}": expected http://HOST:PORT or https://HOST:PORT (the head's --dashboard-port, 8265 by default).`);
    }
    this.address = address.replace(/\/$/, '');
    const token = options.token ?? findAuthToken();
    this.headers = { ...(token ? { [AUTH_HEADER]: `Bearer ${token}` } : {}), ...options.headers };
    this.ca = options.ca ?? (process.env.TSRAY_TLS_CA_CERT ? readFileSync(process.env.TSRAY_TLS_CA_CERT) : undefined);
  }

  getVersion(): Promise<VersionResponse> {
    return this.json('GET', '/api/version');
  }

  /** Submits a job (uploading a local working directory first); resolves with its submission id. */
  async submitJob(o: SubmitJobOptions): Promise<string> {
    const runtimeEnv: NonNullable<JobSubmitRequest['runtime_env']> = {};
    if (o.runtimeEnv?.workingDir !== undefined) runtimeEnv.working_dir = await this.uploadWorkingDir(o.runtimeEnv.workingDir);
    if (o.runtimeEnv?.envVars !== undefined) runtimeEnv.env_vars = o.runtimeEnv.envVars;
    const body: JobSubmitRequest = {
      entrypoint: o.entrypoint,
      ...(o.submissionId !== undefined ? { submission_id: o.submissionId } : {}),
      ...(Object.keys(runtimeEnv).length > 0 ? { runtime_env: runtimeEnv } : {}),
      ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
      ...(o.entrypointNumCpus !== undefined ? { entrypoint_num_cpus: o.entrypointNumCpus } : {}),
      ...(o.entrypointNumGpus !== undefined ? { entrypoint_num_gpus: o.entrypointNumGpus } : {}),
      ...(o.entrypointMemory !== undefined ? { entrypoint_memory: o.entrypointMemory } : {}),
      ...(o.entrypointResources !== undefined ? { entrypoint_resources: o.entrypointResources } : {}),
    };
    return (await this.json<JobSubmitResponse>('POST', '/api/jobs/', body)).submission_id;
  }

  /**
   * Packages a local folder (as `ray.init`'s workingDir: without node_modules and .git) and
   * uploads it unless the head has it already; resolves with its `gcs://` URI. A `gcs://` URI
   * is returned as it is.
   */
  async uploadWorkingDir(dir: string): Promise<string> {
    if (dir.startsWith('gcs://')) return dir;
    const pkg = packageWorkingDir(dir);
    const name = `_ray_pkg_${pkg.hash}.tar.gz`;
    const path = `/api/packages/gcs/${name}`;
    const exists = await this.request('GET', path);
    if (exists.status !== 200) {
      if (exists.status !== 404) throw this.failure('GET', path, exists);
      const put = await this.request('PUT', path, Buffer.from(pkg.tarball), 'application/octet-stream');
      if (put.status !== 200) throw this.failure('PUT', path, put);
    }
    return `gcs://${name}`;
  }

  getJobInfo(submissionId: string): Promise<JobDetails> {
    return this.json('GET', `/api/jobs/${encodeURIComponent(submissionId)}`);
  }

  async getJobStatus(submissionId: string): Promise<JobStatus> {
    return (await this.getJobInfo(submissionId)).status;
  }

  listJobs(): Promise<JobDetails[]> {
    return this.json('GET', '/api/jobs/');
  }

  async getJobLogs(submissionId: string): Promise<string> {
    return (await this.json<JobLogsResponse>('GET', `/api/jobs/${encodeURIComponent(submissionId)}/logs`)).logs;
  }

  /** Resolves true when the job was running (it is stopping now), false when it had ended. */
  async stopJob(submissionId: string): Promise<boolean> {
    return (await this.json<JobStopResponse>('POST', `/api/jobs/${encodeURIComponent(submissionId)}/stop`)).stopped;
  }

  /** Deletes an ended job's record and logs; a job still running is refused (JobApiError 400). */
  async deleteJob(submissionId: string): Promise<boolean> {
    return (await this.json<JobDeleteResponse>('DELETE', `/api/jobs/${encodeURIComponent(submissionId)}`)).deleted;
  }

  /** The job's log as it grows, from its start, until the job ends (a websocket, as Ray's). */
  async *tailJobLogs(submissionId: string): AsyncGenerator<string> {
    const url = `${this.address.replace(/^http/, 'ws')}/api/jobs/${encodeURIComponent(submissionId)}/logs/tail`;
    const ws = new WebSocket(url, { headers: this.headers, ...(this.ca ? { ca: this.ca } : {}) });
    const queue: string[] = [];
    let done = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    ws.on('message', (data) => {
      queue.push(data.toString());
      notify();
    });
    ws.on('close', () => {
      done = true;
      notify();
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        failure = new JobApiError(res.statusCode ?? 500, text || `The log tail of job ${submissionId} was refused (HTTP ${res.statusCode}).`);
        done = true;
        notify();
      });
    });
    ws.on('error', (e) => {
      failure ??= new ConnectionError(`Cannot tail the logs of job ${submissionId} at ${url}: ${e.message}`, { cause: e });
      done = true;
      notify();
    });
    try {
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift()!;
          continue;
        }
        if (done) break;
        await new Promise<void>((r) => (wake = r));
      }
      if (failure) throw failure;
    } finally {
      ws.terminate();
    }
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), 'application/json');
    if (res.status !== 200) throw this.failure(method, path, res);
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch (e) {
      throw new ConnectionError(`${method} ${this.address}${path} answered something that is not JSON; is that address a job API?`, { cause: e });
    }
  }

  private failure(method: string, path: string, res: { status: number; body: Buffer }): JobApiError {
    const text = res.body.toString('utf8').trim();
    return new JobApiError(res.status, `${method} ${this.address}${path} failed (HTTP ${res.status}): ${text || http.STATUS_CODES[res.status]}`);
  }

  private request(method: string, path: string, body?: Buffer, contentType?: string): Promise<{ status: number; body: Buffer }> {
    const url = new URL(path, this.address);
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { ...this.headers, ...(body ? { 'content-type': contentType!, 'content-length': body.length } : {}) };
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method, headers, ...(this.ca ? { ca: this.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', (e) => reject(new ConnectionError(`Cannot reach the job API at ${this.address} (${method} ${path}): ${e.message}`, { cause: e })));
      req.end(body);
    });
  }
}
