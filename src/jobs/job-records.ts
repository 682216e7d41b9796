import type { GcsClient } from '../gcs/gcs-client.js';
import type { JobDetails } from './job-api.js';

/** The GCS KV namespace of job records (Ray keeps its JobInfo in the internal KV too). */
export const JOB_NAMESPACE = 'tsray.jobs';
/** The GCS KV namespace of uploaded job packages, by package name. */
export const JOB_PACKAGE_NAMESPACE = 'tsray.job_packages';

/**
 * Job records in the GCS KV, one JSON value per submission id, so they live where the GCS keeps
 * its tables (Redis when it uses Redis) and outlive both a GCS restart and the job server.
 * Each call goes to the GCS, retried while it restarts: the job server caches nothing that a
 * restarted GCS could contradict.
 */
export class JobRecords {
  constructor(private readonly gcs: GcsClient) {}

  async get(submissionId: string): Promise<JobDetails | undefined> {
    const bytes = await this.gcs.kvGet(JOB_NAMESPACE, submissionId);
    return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as JobDetails) : undefined;
  }

  /** Writes a new record; false when one with this id exists already. */
  async create(job: JobDetails): Promise<boolean> {
    return this.gcs.kvPut(JOB_NAMESPACE, job.submission_id, encode(job), false);
  }

  async put(job: JobDetails): Promise<void> {
    await this.gcs.kvPut(JOB_NAMESPACE, job.submission_id, encode(job), true);
  }

  async delete(submissionId: string): Promise<boolean> {
    return (await this.gcs.kvDel(JOB_NAMESPACE, submissionId)) > 0;
  }

  /** Every job, oldest first. */
  async list(): Promise<JobDetails[]> {
    const keys = await this.gcs.kvKeys(JOB_NAMESPACE);
    const jobs = await Promise.all(keys.map((k) => this.get(k)));
    return jobs.filter((j): j is JobDetails => !!j).sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
  }
}

function encode(job: JobDetails): Uint8Array {
  return Buffer.from(JSON.stringify(job), 'utf8');
}
