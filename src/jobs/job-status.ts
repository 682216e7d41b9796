import type { JobDetails, JobErrorType, JobStatus } from './job-api.js';

/**
 * How a job's record changes, as pure functions: the job server applies them to the record it
 * read and writes the result back, so every transition is checked in one place (a stopped job
 * never turns SUCCEEDED because its process happened to exit 0 while being stopped).
 */

const TERMINAL: ReadonlySet<JobStatus> = new Set(['STOPPED', 'SUCCEEDED', 'FAILED']);

/** Whether a job in this state will not change again. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** What happened to a job. */
export type JobEvent =
  | { kind: 'started'; pid: number; nodeId: string | null }
  | { kind: 'exited'; code: number | null; signal: string | null; logTail: string; at: number }
  | { kind: 'stopped'; at: number }
  | { kind: 'setupFailed'; errorType: JobErrorType; message: string; at: number };

/** How many characters of a failed job's log its message quotes (Ray's limit). */
export const FAILED_LOG_TAIL_CHARS = 20_000;

/**
 * The record after `event`, or the same record when the event comes too late to matter (the job
 * ended already). A job stopped while its process runs stays STOPPED when the process exits.
 */
export function applyJobEvent(job: JobDetails, event: JobEvent, stopRequested = false): JobDetails {
  if (isTerminal(job.status)) return job;
  switch (event.kind) {
    case 'started':
      if (job.status !== 'PENDING') return job;
      return { ...job, status: 'RUNNING', message: 'Job is currently running.', driver_node_id: event.nodeId };
    case 'stopped':
      return { ...job, status: 'STOPPED', message: 'Job was intentionally stopped.', end_time: event.at };
    case 'setupFailed':
      return { ...job, status: 'FAILED', message: event.message, error_type: event.errorType, end_time: event.at };
    case 'exited': {
      if (stopRequested) {
        return { ...job, status: 'STOPPED', message: 'Job was intentionally stopped.', end_time: event.at, driver_exit_code: event.code };
      }
      if (event.code === 0) {
        return { ...job, status: 'SUCCEEDED', message: 'Job finished successfully.', end_time: event.at, driver_exit_code: 0 };
      }
      const how = event.code !== null ? `exit code ${event.code}` : `signal ${event.signal}`;
      const tail = event.logTail.slice(-FAILED_LOG_TAIL_CHARS);
      return {
        ...job, status: 'FAILED', error_type: 'JOB_ENTRYPOINT_COMMAND_ERROR', end_time: event.at, driver_exit_code: event.code,
        message: `Job entrypoint command failed with ${how}, last available logs (truncated to ${FAILED_LOG_TAIL_CHARS} chars):\n${tail}`,
      };
    }
  }
}

/** Ray's submission ids: `raysubmit_` and 16 characters. */
export function newSubmissionId(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ123456789';
  let id = 'raysubmit_';
  for (let i = 0; i < 16; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** Submission ids name log files and KV keys: letters, digits, `_`, `-` and `.`, 1 to 128 of them. */
export const SUBMISSION_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
