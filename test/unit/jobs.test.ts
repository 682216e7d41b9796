import { describe, expect, it } from 'vitest';
import type { JobDetails } from '../../src/jobs/job-api.js';
import { applyJobEvent, isTerminal, newSubmissionId, SUBMISSION_ID } from '../../src/jobs/job-status.js';
import { entrypointRequest, fits, neverFits, subtract, sum } from '../../src/jobs/entrypoint-resources.js';
import { parseSubmitRequest } from '../../src/jobs/job-request-schema.js';
import { JobApiError } from '../../src/common/errors.js';

const pending: JobDetails = {
  type: 'SUBMISSION', job_id: null, submission_id: 's1', driver_info: null, status: 'PENDING', entrypoint: 'true', message: null,
  error_type: null, start_time: 1, end_time: null, metadata: {}, runtime_env: {}, driver_agent_http_address: null, driver_node_id: null,
  driver_exit_code: null, entrypoint_num_cpus: null, entrypoint_num_gpus: null, entrypoint_memory: null, entrypoint_resources: null,
};

describe('job status transitions', () => {
  it('PENDING -> RUNNING -> SUCCEEDED on exit 0, FAILED with the exit code and log tail otherwise', () => {
    const running = applyJobEvent(pending, { kind: 'started', pid: 10, nodeId: 'n1' });
    expect(running).toMatchObject({ status: 'RUNNING', driver_node_id: 'n1' });
    expect(applyJobEvent(running, { kind: 'exited', code: 0, signal: null, logTail: '', at: 5 })).toMatchObject({ status: 'SUCCEEDED', end_time: 5, driver_exit_code: 0 });
    const failed = applyJobEvent(running, { kind: 'exited', code: 2, signal: null, logTail: 'x'.repeat(30_000) + 'END', at: 6 });
    expect(failed).toMatchObject({ status: 'FAILED', error_type: 'JOB_ENTRYPOINT_COMMAND_ERROR', driver_exit_code: 2 });
    expect(failed.message).toMatch(/^Job entrypoint command failed with exit code 2/);
    expect(failed.message!.endsWith('END')).toBe(true);
    expect(failed.message!.length).toBeLessThan(20_200);
    expect(applyJobEvent(running, { kind: 'exited', code: null, signal: 'SIGKILL', logTail: '', at: 6 }).message).toMatch(/signal SIGKILL/);
  });

  it('a stopped job stays STOPPED whatever its process does, and a terminal job never changes', () => {
    const running = applyJobEvent(pending, { kind: 'started', pid: 10, nodeId: null });
    expect(applyJobEvent(running, { kind: 'exited', code: 0, signal: null, logTail: '', at: 7 }, true).status).toBe('STOPPED');
    const stopped = applyJobEvent(pending, { kind: 'stopped', at: 3 });
    expect(stopped.status).toBe('STOPPED');
    for (const status of ['STOPPED', 'SUCCEEDED', 'FAILED'] as const) {
      const done = { ...pending, status };
      expect(isTerminal(status)).toBe(true);
      expect(applyJobEvent(done, { kind: 'started', pid: 1, nodeId: null })).toBe(done);
      expect(applyJobEvent(done, { kind: 'setupFailed', errorType: 'RUNTIME_ENV_SETUP_FAILURE', message: 'x', at: 1 })).toBe(done);
    }
    expect(isTerminal('RUNNING')).toBe(false);
    // Started only from PENDING.
    expect(applyJobEvent(running, { kind: 'started', pid: 11, nodeId: null })).toBe(running);
  });

  it('makes Ray-shaped submission ids that pass the id check', () => {
    const id = newSubmissionId();
    expect(id).toMatch(/^raysubmit_[A-Za-z0-9]{16}$/);
    expect(SUBMISSION_ID.test(id)).toBe(true);
    expect(newSubmissionId()).not.toBe(id);
    for (const bad of ['', '../x', 'a/b', '.hidden', '-x', 'x'.repeat(129), 'a b']) expect(SUBMISSION_ID.test(bad)).toBe(false);
  });
});

describe('entrypoint resources', () => {
  it('adds up a request and checks it against free and total amounts', () => {
    const request = entrypointRequest({ entrypoint_num_cpus: 1.5, entrypoint_num_gpus: null, entrypoint_memory: 100, entrypoint_resources: { TPU: 1, CPU: 0.5 } });
    expect(request).toEqual({ CPU: 2, memory: 100, TPU: 1 });
    expect(entrypointRequest({ entrypoint_num_cpus: 0, entrypoint_num_gpus: null, entrypoint_memory: null, entrypoint_resources: null })).toEqual({});
    const total = { CPU: 4, memory: 1000, TPU: 1 };
    const held = sum([{ CPU: 1 }, { CPU: 1, TPU: 1 }]);
    expect(held).toEqual({ CPU: 2, TPU: 1 });
    expect(fits(request, total)).toBe(true);
    expect(fits(request, subtract(total, held))).toBe(false); // the TPU is held
    expect(fits({ CPU: 0.1 + 0.2 }, { CPU: 0.3 })).toBe(true);
    expect(neverFits(request, total)).toBeUndefined();
    expect(neverFits({ CPU: 8, GPU: 1 }, total)).toBe('CPU: asks 8, the head node has 4; GPU: asks 1, the head node has 0');
  });
});

describe('submit request checks', () => {
  const refused = (body: unknown): string => {
    try {
      parseSubmitRequest(body);
    } catch (e) {
      expect(e).toBeInstanceOf(JobApiError);
      expect((e as JobApiError).status).toBe(400);
      return (e as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(body)}`);
  };

  it("accepts Ray's SDK body, nulls included", () => {
    const body = {
      entrypoint: 'python x.py', submission_id: null, job_id: null, runtime_env: { working_dir: 'gcs://_ray_pkg_abc.zip', env_vars: { A: '1' } },
      metadata: { k: 'v' }, entrypoint_num_cpus: null, entrypoint_num_gpus: 1, entrypoint_memory: null, entrypoint_resources: null,
    };
    expect(parseSubmitRequest(body)).toMatchObject({ entrypoint: 'python x.py', entrypoint_num_gpus: 1 });
    expect(parseSubmitRequest({ entrypoint: 'true', job_id: 'old' }).job_id).toBe('old');
    // A field a newer Ray adds, unset, arrives as null.
    expect(parseSubmitRequest({ entrypoint: 'true', entrypoint_future_option: null })).toEqual({ entrypoint: 'true' });
  });

  it('names each bad field', () => {
    expect(refused(null)).toMatch(/Invalid job submission/);
    expect(refused({ entrypoint: '  ' })).toMatch(/entrypoint: must be a non-empty shell command/);
    expect(refused({ entrypoint: 'x', entrypint_num_cpus: 1 })).toMatch(/entrypint_num_cpus/);
    expect(refused({ entrypoint: 'x', entrypoint_resources: { TPU: -1 } })).toMatch(/entrypoint_resources\.TPU/);
    expect(refused({ entrypoint: 'x', entrypoint_memory: 1.5 })).toMatch(/entrypoint_memory/);
    expect(refused({ entrypoint: 'x', runtime_env: { working_dir: '/home/me/project' } })).toMatch(/runtime_env\.working_dir: must be a gcs:\/\/ package URI/);
    expect(refused({ entrypoint: 'x', runtime_env: { env_vars: { 'A=B': 'c' } } })).toMatch(/runtime_env\.env_vars/);
    expect(refused({ entrypoint: 'x', submission_id: 'a', job_id: 'b' })).toMatch(/submission_id and job_id/);
  });
});
