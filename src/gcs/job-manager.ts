import { InvalidArgumentError } from '../api/errors.js';
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

/** The GCS's job table: drivers register their jobs here and mark them finished. */
export class GcsJobManager {
  private readonly jobs = new Map<string, JobTableData>();
  private lastJob = 0;
  private readonly finishedListeners: Array<(job: JobTableData) => void | Promise<void>> = [];

  constructor(private readonly deps: JobManagerDeps) {}

  onJobFinished(listener: (job: JobTableData) => void | Promise<void>): void {
    this.finishedListeners.push(listener);
  }

  /** Adds a job; an empty job id gets the next one. Adding a known id again returns its record. */
  async add(spec: Wire<JobTableData>): Promise<JobTableData> {
    if (spec.jobId && this.jobs.has(spec.jobId)) return this.jobs.get(spec.jobId)!;
    const jobId = spec.jobId || jobIdOf(++this.lastJob);
    this.lastJob = Math.max(this.lastJob, jobNumber(jobId));
    const job: JobTableData = {
      jobId,
      namespace: spec.namespace ?? '',
      driverPid: spec.driverPid ?? 0,
      driverAddress: (spec.driverAddress as JobTableData['driverAddress']) ?? null,
      entrypoint: spec.entrypoint ?? '',
      isDead: false,
      startTimeMs: this.deps.wallNow(),
      endTimeMs: 0,
      runtimeEnv: spec.runtimeEnv ?? new Uint8Array(0),
    };
    this.jobs.set(jobId, job);
    await this.changed(job);
    return job;
  }

  async finish(jobId: string): Promise<JobTableData> {
    const job = this.jobs.get(jobId);
    if (!job) throw new InvalidArgumentError(`no job ${jobId} is registered with the GCS`);
    if (job.isDead) return job;
    job.isDead = true;
    job.endTimeMs = this.deps.wallNow();
    await this.changed(job);
    for (const l of this.finishedListeners) await l(job);
    return job;
  }

  all(): JobTableData[] {
    return [...this.jobs.values()];
  }

  /** Jobs whose driver ran on a dead node are over. */
  async onNodeDead(nodeId: string): Promise<void> {
    for (const job of [...this.jobs.values()]) {
      if (!job.isDead && job.driverAddress?.nodeId === nodeId) await this.finish(job.jobId);
    }
  }

  async restore(): Promise<void> {
    for (const [, bytes] of await this.deps.storage.list(TABLES.jobs)) {
      const job = decodeRecord<JobTableData>(bytes);
      this.jobs.set(job.jobId, job);
      this.lastJob = Math.max(this.lastJob, jobNumber(job.jobId));
    }
  }

  private async changed(job: JobTableData): Promise<void> {
    this.deps.publisher.publish('JOB', { job: { ...job } });
    await this.deps.storage.put(TABLES.jobs, job.jobId, encodeRecord(job));
  }
}
