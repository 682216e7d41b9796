import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JobApiError, RuntimeEnvSetupError } from '../common/errors.js';
import type { GcsClient } from '../gcs/gcs-client.js';
import type { JobDetails, JobSubmitRequest, JobSubmitResponse } from './job-api.js';
import { applyJobEvent, isTerminal, newSubmissionId, type JobEvent } from './job-status.js';
import { JOB_PACKAGE_NAMESPACE, JobRecords } from './job-records.js';
import { EntrypointProcess } from './entrypoint-process.js';
import { PACKAGE_NAME, prepareJobDir } from './job-working-dir.js';
import { entrypointRequest, fits, neverFits, subtract, sum, type ResourceAmounts } from './entrypoint-resources.js';

/** How long a closing job server waits for its stopped jobs' records to be written. */
const recordGraceMs = 5000;

export interface JobManagerOptions {
  gcs: GcsClient;
  /** The GCS address entrypoints join the cluster at (their TSRAY_ADDRESS). */
  gcsAddress: string;
  /** Where each job's working directory is unpacked (`<jobsDir>/<submission id>/`). */
  jobsDir: string;
  /** Where each job's log goes (`<logsDir>/job-driver-<submission id>.log`, Ray's name). */
  logsDir: string;
  /** The head node's raylet, whose resources entrypoints wait for; none: they wait for nothing. */
  nodeId?: string;
  /** How long a stopped entrypoint has between SIGTERM and SIGKILL. */
  stopGraceMs?: number;
}

/** A job this server runs now. */
interface ActiveJob {
  request: ResourceAmounts;
  process?: EntrypointProcess;
  stopRequested: boolean;
  holdsResources: boolean;
  /** Settles once the job's end is recorded. */
  done?: Promise<void>;
}

/**
 * Runs submitted jobs on the head: each job's record lives in the GCS KV (JobRecords) and moves
 * through the states job-status.ts allows; this holds only what a record cannot (the running
 * processes). Record updates of one job are applied one after another.
 */
export class JobManager {
  readonly records: JobRecords;
  private readonly active = new Map<string, ActiveJob>();
  private readonly updates = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(private readonly o: JobManagerOptions) {
    this.records = new JobRecords(o.gcs);
  }

  logFile(submissionId: string): string {
    return join(this.o.logsDir, `job-driver-${submissionId}.log`);
  }

  /**
   * Jobs a previous job server left PENDING or RUNNING: nothing runs them now (their processes
   * ended with it), so they are marked FAILED rather than left to look alive for ever.
   */
  async failOrphans(): Promise<number> {
    let n = 0;
    for (const job of await this.records.list()) {
      if (isTerminal(job.status) || this.active.has(job.submission_id)) continue;
      await this.update(job.submission_id, { kind: 'setupFailed', errorType: 'JOB_SUPERVISOR_ACTOR_DIED', message: 'The job server stopped while this job ran.', at: Date.now() });
      n++;
    }
    return n;
  }

  async submit(req: JobSubmitRequest): Promise<JobSubmitResponse> {
    if (this.closed) throw new JobApiError(503, 'The job server is shutting down.');
    const id = req.submission_id ?? req.job_id ?? newSubmissionId();
    const workingDir = req.runtime_env?.working_dir;
    if (workingDir !== undefined && !(await this.hasPackage(workingDir.slice('gcs://'.length)))) {
      throw new JobApiError(400, `Invalid job submission: runtime_env.working_dir ${workingDir} was not uploaded: PUT it to /api/packages/gcs/<name> first.`);
    }
    const job: JobDetails = {
      type: 'SUBMISSION', job_id: null, submission_id: id, driver_info: null, status: 'PENDING', entrypoint: req.entrypoint,
      message: 'Job has not started yet.', error_type: null, start_time: Date.now(), end_time: null, metadata: req.metadata ?? {},
      runtime_env: req.runtime_env ?? {}, driver_agent_http_address: null, driver_node_id: null, driver_exit_code: null,
      entrypoint_num_cpus: req.entrypoint_num_cpus ?? null, entrypoint_num_gpus: req.entrypoint_num_gpus ?? null,
      entrypoint_memory: req.entrypoint_memory ?? null, entrypoint_resources: req.entrypoint_resources ?? null,
    };
    if (!(await this.records.create(job))) {
      throw new JobApiError(400, `Job with submission_id ${id} already exists. Please use a different submission_id.`);
    }
    const active: ActiveJob = { request: entrypointRequest(job), stopRequested: false, holdsResources: false };
    this.active.set(id, active);
    active.done = this.run(job, active).catch((e: unknown) => console.error(`tsray jobs: job ${id} could not be recorded as ended: ${(e as Error).message}`))
      .finally(() => this.active.delete(id));
    return { job_id: id, submission_id: id };
  }

  async get(submissionId: string): Promise<JobDetails> {
    const job = await this.records.get(submissionId);
    if (!job) throw new JobApiError(404, `Job ${submissionId} does not exist.`);
    return job;
  }

  list(): Promise<JobDetails[]> {
    return this.records.list();
  }

  /** The job's log so far ('' before it starts). */
  async logs(submissionId: string): Promise<string> {
    await this.get(submissionId);
    try {
      return readFileSync(this.logFile(submissionId), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops a job: true when it was PENDING or RUNNING, false when it had ended. */
  async stop(submissionId: string): Promise<boolean> {
    const job = await this.get(submissionId);
    if (isTerminal(job.status)) return false;
    const active = this.active.get(submissionId);
    if (!active) {
      await this.update(submissionId, { kind: 'stopped', at: Date.now() });
      return true;
    }
    active.stopRequested = true;
    if (active.process) await active.process.stop(this.o.stopGraceMs);
    else await this.update(submissionId, { kind: 'stopped', at: Date.now() });
    return true;
  }

  /** Deletes an ended job's record, log and working directory; a job still going is refused. */
  async delete(submissionId: string): Promise<boolean> {
    const job = await this.get(submissionId);
    if (!isTerminal(job.status)) {
      throw new JobApiError(400, `Attempted to delete job with submission_id ${submissionId}, but it is in the non-terminal state ${job.status}. Stop it first.`);
    }
    const deleted = await this.records.delete(submissionId);
    rmSync(this.logFile(submissionId), { force: true });
    rmSync(join(this.o.jobsDir, submissionId), { recursive: true, force: true });
    return deleted;
  }

  async hasPackage(name: string): Promise<boolean> {
    return PACKAGE_NAME.test(name) && this.o.gcs.kvExists(JOB_PACKAGE_NAMESPACE, name);
  }

  async putPackage(name: string, bytes: Uint8Array): Promise<void> {
    await this.o.gcs.kvPut(JOB_PACKAGE_NAMESPACE, name, bytes, true);
  }

  /** Stops every running job (the job server is stopping), and resolves once their records say STOPPED. */
  async close(): Promise<void> {
    this.closed = true;
    const jobs = [...this.active.entries()];
    // Processes first, without asking the GCS (it may be what is gone): no job outlives its server.
    for (const [, a] of jobs) a.stopRequested = true;
    await Promise.all(jobs.map(([, a]) => a.process?.stop(this.o.stopGraceMs)));
    // Their records, if the GCS answers soon enough: a job that never started is recorded here.
    const recorded = jobs.map(([id, a]) => (a.process ? a.done : this.update(id, { kind: 'stopped', at: Date.now() }).catch(() => undefined)));
    await Promise.race([Promise.all(recorded), new Promise((r) => setTimeout(r, recordGraceMs).unref())]);
  }

  private async run(job: JobDetails, active: ActiveJob): Promise<void> {
    const id = job.submission_id;
    const at = () => Date.now();
    let dir: string;
    try {
      const name = job.runtime_env.working_dir ? String(job.runtime_env.working_dir).slice('gcs://'.length) : undefined;
      const bytes = name ? await this.o.gcs.kvGet(JOB_PACKAGE_NAMESPACE, name) : undefined;
      if (name && !bytes) throw new RuntimeEnvSetupError(`The working_dir package ${name} is no longer in the GCS.`);
      dir = await prepareJobDir(join(this.o.jobsDir, id), name ? { name, bytes: bytes! } : undefined);
      await this.waitForResources(active);
    } catch (e) {
      if (active.stopRequested) return;
      await this.update(id, { kind: 'setupFailed', errorType: 'RUNTIME_ENV_SETUP_FAILURE', message: (e as Error).message, at: at() });
      return;
    }
    if (active.stopRequested) return;
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...(job.runtime_env.env_vars as Record<string, string> | undefined),
      TSRAY_ADDRESS: this.o.gcsAddress, TSRAY_JOB_SUBMISSION_ID: id,
    };
    try {
      active.process = await EntrypointProcess.start({ command: job.entrypoint, cwd: dir, env, logFile: this.logFile(id) });
    } catch (e) {
      active.holdsResources = false;
      await this.update(id, { kind: 'setupFailed', errorType: 'JOB_ENTRYPOINT_COMMAND_START_ERROR', message: `The entrypoint could not start: ${(e as Error).message}`, at: at() });
      return;
    }
    // Stopped while the shell was starting: the stop found no process to end, so it ends here.
    if (active.stopRequested) void active.process.stop(this.o.stopGraceMs);
    await this.update(id, { kind: 'started', pid: active.process.pid, nodeId: this.o.nodeId ?? null });
    const exit = await active.process.exited;
    active.holdsResources = false;
    await this.update(id, { kind: 'exited', code: exit.code, signal: exit.signal, logTail: this.logTail(id), at: at() }, active.stopRequested);
  }

  /** Waits until the head node has the entrypoint's resources free of other entrypoints' holds. */
  private async waitForResources(active: ActiveJob): Promise<void> {
    if (Object.keys(active.request).length === 0) return;
    for (;;) {
      if (active.stopRequested || this.closed) return;
      const view = await this.o.gcs.getResourceView({ retryForMs: 30_000 });
      const node = view.nodes.find((n) => n.nodeId === this.o.nodeId) ?? view.nodes[0];
      if (node) {
        const never = neverFits(active.request, node.total);
        if (never) throw new RuntimeEnvSetupError(`The entrypoint's resources can never be met on the head node (${never}).`);
        const held = sum([...this.active.values()].filter((a) => a.holdsResources).map((a) => a.request));
        if (fits(active.request, subtract(node.available, held))) {
          active.holdsResources = true;
          return;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private logTail(id: string): string {
    try {
      const size = statSync(this.logFile(id)).size;
      const text = readFileSync(this.logFile(id));
      return text.subarray(Math.max(0, size - 20_000)).toString('utf8');
    } catch {
      return '';
    }
  }

  /** Applies an event to a job's record, after the updates of that job before it. */
  private update(id: string, event: JobEvent, stopRequested = false): Promise<void> {
    const previous = this.updates.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const job = await this.records.get(id);
      if (!job) return; // deleted meanwhile
      const after = applyJobEvent(job, event, stopRequested);
      if (after !== job) await this.records.put(after);
    });
    this.updates.set(id, next);
    void next.finally(() => {
      if (this.updates.get(id) === next) this.updates.delete(id);
    }).catch(() => undefined);
    return next;
  }
}
