import { InvalidArgumentError } from '../common/errors.js';
import { GCS_LIMITS, checkLength } from './request-limits.js';
import type { JobTableData, Wire } from '../rpc/messages.js';
import { TABLES, decodeRecord, encodeRecord, type GcsStorage } from './gcs-storage.js';
import type { Publisher } from './pubsub.js';

export interface JobManagerDeps {
  storage: GcsStorage;
  publisher: Publisher;
  wallNow: () => number;
}

/** Ray's job ids: a counter as 4 little-endian bytes in hex, so job 1 is "01000000". */
export function jobIdOf(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString('hex');
}

function jobNumber(jobId: string): number {
  return /^[0-9a-f]{8}$/.test(jobId) ? Buffer.from(jobId, 'hex').readUInt32LE() : 0;
}

/**
 * What makes two AddJob calls the same driver's: its pid, node and start time. Undefined when
 * the call does not say (then a retry could not be told from a new driver).
 */
export function jobSubmissionKey(job: Wire<JobTableData>): string | undefined {
  if (!job.driverPid || !job.startTimeMs) return undefined;
  return `${job.driverPid}@${job.driverAddress?.nodeId ?? ''}@${job.startTimeMs}`;
}

/**
 * The GCS's job table: drivers register their jobs here and mark them finished. AddJob is
 * idempotent for a driver that gives its pid and start time: a retry (its reply was lost to a
 * GCS restart or a storage failure) gets the job the first call made, not a second one.
 */
export class GcsJobManager {
  private readonly jobs = new Map<string, JobTableData>();
  private readonly bySubmission = new Map<string, string>();
  private lastJob = 0;
  private readonly finishedListeners: Array<(job: JobTableData) => void | Promise<void>> = [];

  constructor(private readonly deps: JobManagerDeps) {}

  onJobFinished(listener: (job: JobTableData) => void | Promise<void>): void {
    this.finishedListeners.push(listener);
  }

  /** Adds a job; an empty job id gets the next one. Adding a known id again returns its record. */
  async add(spec: Wire<JobTableData>): Promise<JobTableData> {
    checkLength(spec.jobId ?? '', 'AddJob: job.jobId', GCS_LIMITS.idChars);
    checkLength(spec.namespace ?? '', 'AddJob: job.namespace', GCS_LIMITS.idChars);
    if (spec.jobId && this.jobs.has(spec.jobId)) return this.jobs.get(spec.jobId)!;
    const submission = jobSubmissionKey(spec);
    const earlier = submission === undefined ? undefined : this.jobs.get(this.bySubmission.get(submission) ?? '');
    if (earlier) {
      // Stored again: the first call may have failed to store it.
      await this.deps.storage.put(TABLES.jobs, earlier.jobId, encodeRecord(earlier));
      return earlier;
    }
    const jobId = spec.jobId || jobIdOf(++this.lastJob);
    this.lastJob = Math.max(this.lastJob, jobNumber(jobId));
    const job: JobTableData = {
      jobId,
      namespace: spec.namespace ?? '',
      driverPid: spec.driverPid ?? 0,
      driverAddress: (spec.driverAddress as JobTableData['driverAddress']) ?? null,
      entrypoint: spec.entrypoint ?? '',
      isDead: false,
      // The driver's clock when it says (it also names the submission), else the GCS's.
      startTimeMs: spec.startTimeMs || this.deps.wallNow(),
      endTimeMs: 0,
      runtimeEnv: spec.runtimeEnv ?? new Uint8Array(0),
    };
    this.jobs.set(jobId, job);
    if (submission !== undefined) this.bySubmission.set(submission, jobId);
    await this.changed(job);
    return job;
  }

  async finish(jobId: string): Promise<JobTableData> {
    const job = this.jobs.get(jobId);
    if (!job) throw new InvalidArgumentError(`no job ${jobId} is registered with the GCS`);
    if (job.isDead) return job;
    job.isDead = true;
    job.endTimeMs = this.deps.wallNow();
    const submission = jobSubmissionKey(job);
    if (submission !== undefined) this.bySubmission.delete(submission);
    // The job's actors end even if storing its end fails (storage keeps it for later).
    this.deps.publisher.publish('JOB', { job: { ...job } });
    for (const l of this.finishedListeners) {
      try {
        await l(job);
      } catch (err) {
        console.error(`tsray gcs: ending job ${jobId}'s actors failed:`, err);
      }
    }
    await this.persist(job);
    return job;
  }

  all(): JobTableData[] {
    return [...this.jobs.values()];
  }

  /** Jobs whose driver ran on a dead node are over. */
  async onNodeDead(nodeId: string): Promise<void> {
    for (const job of [...this.jobs.values()]) {
      if (!job.isDead && job.driverAddress?.nodeId === nodeId) {
        await this.finish(job.jobId).catch((err: unknown) => console.error(`tsray gcs: storing the end of job ${job.jobId} failed (kept for later): ${(err as Error).message}`));
      }
    }
  }

  async restore(): Promise<void> {
    for (const [, bytes] of await this.deps.storage.list(TABLES.jobs)) {
      const job = decodeRecord<JobTableData>(bytes);
      this.jobs.set(job.jobId, job);
      this.lastJob = Math.max(this.lastJob, jobNumber(job.jobId));
      const submission = jobSubmissionKey(job);
      if (!job.isDead && submission !== undefined) this.bySubmission.set(submission, job.jobId);
    }
  }

  private async changed(job: JobTableData): Promise<void> {
    this.deps.publisher.publish('JOB', { job: { ...job } });
    await this.persist(job);
  }

  private async persist(job: JobTableData): Promise<void> {
    await this.deps.storage.put(TABLES.jobs, job.jobId, encodeRecord(job));
  }
}
