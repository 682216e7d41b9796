/**
 * The JSON of Ray's Jobs REST API (dashboard/modules/job/common.py and pydantic_models.py,
 * API version 4), field for field, so Ray's own `JobSubmissionClient`, `ray job` and KubeRay's
 * submitter work against a tsray head. Times are milliseconds since the epoch, as in Ray.
 */

/** Ray's Jobs API version this server speaks (4: DELETE /api/jobs/{id} exists). */
export const JOBS_API_VERSION = '4';

/** A job's state. PENDING, then RUNNING, then one of the three terminal states. */
export type JobStatus = 'PENDING' | 'RUNNING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';

/** Why a job failed, when it did (Ray's JobErrorType names). */
export type JobErrorType = 'JOB_ENTRYPOINT_COMMAND_ERROR' | 'RUNTIME_ENV_SETUP_FAILURE' | 'JOB_SUPERVISOR_ACTOR_DIED' | 'JOB_ENTRYPOINT_COMMAND_START_ERROR';

/** The body of `POST /api/jobs/`. */
export interface JobSubmitRequest {
  /** A shell command, run on the head in the job's working directory, e.g. `node main.js`. */
  entrypoint: string;
  /** The job's id; a new `raysubmit_...` one when absent. */
  submission_id?: string | null;
  /** Ray's old name for submission_id. */
  job_id?: string | null;
  /** `working_dir` (a `gcs://` package URI uploaded first) and `env_vars`. */
  runtime_env?: { working_dir?: string; env_vars?: Record<string, string> } | null;
  metadata?: Record<string, string> | null;
  entrypoint_num_cpus?: number | null;
  entrypoint_num_gpus?: number | null;
  entrypoint_memory?: number | null;
  entrypoint_resources?: Record<string, number> | null;
}

/** The answer to `POST /api/jobs/`. */
export interface JobSubmitResponse {
  job_id: string;
  submission_id: string;
}

/** One job, as `GET /api/jobs/{id}` and `GET /api/jobs/` describe it. */
export interface JobDetails {
  type: 'SUBMISSION';
  /** The cluster job id of the entrypoint's driver (tsray does not track it: null). */
  job_id: string | null;
  submission_id: string;
  driver_info: null;
  status: JobStatus;
  entrypoint: string;
  message: string | null;
  error_type: JobErrorType | null;
  start_time: number | null;
  end_time: number | null;
  metadata: Record<string, string>;
  runtime_env: Record<string, unknown>;
  driver_agent_http_address: string | null;
  driver_node_id: string | null;
  driver_exit_code: number | null;
  entrypoint_num_cpus: number | null;
  entrypoint_num_gpus: number | null;
  entrypoint_memory: number | null;
  entrypoint_resources: Record<string, number> | null;
}

/** `GET /api/version`. */
export interface VersionResponse {
  version: string;
  ray_version: string;
  ray_commit: string;
  session_name: string;
}

/** `GET /api/jobs/{id}/logs`. */
export interface JobLogsResponse {
  logs: string;
}

/** `POST /api/jobs/{id}/stop`. */
export interface JobStopResponse {
  stopped: boolean;
}

/** `DELETE /api/jobs/{id}`. */
export interface JobDeleteResponse {
  deleted: boolean;
}

/** The package URI scheme of uploaded working directories (`gcs://_ray_pkg_<hash>.zip` in Ray). */
export const PACKAGE_PROTOCOL = 'gcs';
