import { z } from 'zod';
import { JobApiError } from '../common/errors.js';
import type { JobSubmitRequest } from './job-api.js';
import { SUBMISSION_ID } from './job-status.js';

/**
 * The checks a `POST /api/jobs/` body passes before anything runs. Unknown fields are refused
 * rather than ignored, so a misspelt option fails loudly instead of silently running the job
 * without it; fields sent as null are taken as absent (see withoutNulls).
 */

const resourceAmount = z.number().finite().nonnegative();

const runtimeEnv = z.object({
  working_dir: z.string().regex(/^gcs:\/\/[A-Za-z0-9_.-]{1,200}$/, 'must be a gcs:// package URI uploaded with PUT /api/packages/gcs/{name} (a local path is uploaded by the client, not sent)').optional(),
  env_vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and _'), z.string()).optional(),
}).strict();

const submitRequest = z.object({
  entrypoint: z.string().trim().min(1, 'must be a non-empty shell command').max(65_536),
  submission_id: z.string().regex(SUBMISSION_ID, 'must be 1 to 128 letters, digits, _, - or . (not starting with - or .)').nullish(),
  job_id: z.string().regex(SUBMISSION_ID, 'must be 1 to 128 letters, digits, _, - or .').nullish(),
  runtime_env: runtimeEnv.nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  entrypoint_num_cpus: resourceAmount.nullish(),
  entrypoint_num_gpus: resourceAmount.nullish(),
  entrypoint_memory: z.number().int().nonnegative().nullish(),
  entrypoint_resources: z.record(z.string().min(1), resourceAmount).nullish(),
  entrypoint_label_selector: z.record(z.string(), z.string()).nullish(),
}).strict();

/**
 * The body less its null fields: Ray's SDK sends every field of its request class, unset ones as
 * null, so a field a newer Ray adds arrives as null and must not be refused as unknown.
 */
function withoutNulls(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}

/** What was wrong with a body, one line per problem, each naming its field. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/**
 * A submit request from a parsed JSON body, or a 400 JobApiError naming each bad field.
 *
 * @example
 * parseSubmitRequest({ entrypoint: 'node main.js', entrypoint_num_cpus: 1 });
 */
export function parseSubmitRequest(body: unknown): JobSubmitRequest {
  const parsed = submitRequest.safeParse(withoutNulls(body));
  if (!parsed.success) throw new JobApiError(400, `Invalid job submission: ${describeIssues(parsed.error)}.`);
  const r = parsed.data;
  if (r.submission_id && r.job_id && r.submission_id !== r.job_id) {
    throw new JobApiError(400, 'Invalid job submission: submission_id and job_id (its old name) differ; send submission_id only.');
  }
  return r as JobSubmitRequest;
}
