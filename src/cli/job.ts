import type { Command } from 'commander';
import { InvalidArgumentError } from '../common/errors.js';
import { JobSubmissionClient } from '../jobs/job-submission-client.js';
import { isTerminal } from '../jobs/job-status.js';
import type { JobDetails } from '../jobs/job-api.js';

/** `tsray job submit|status|logs|stop|delete|list`: Ray's `ray job` commands, over the head's job API. */

interface AddressFlag {
  address?: string;
}

interface SubmitFlags extends AddressFlag {
  workingDir?: string;
  submissionId?: string;
  wait: boolean;
  entrypointNumCpus?: string;
  entrypointNumGpus?: string;
  entrypointMemory?: string;
  entrypointResources?: string;
  metadataJson?: string;
  runtimeEnvJson?: string;
}

function client(flags: AddressFlag): JobSubmissionClient {
  return new JobSubmissionClient(flags.address ? { address: flags.address } : {});
}

function amount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0)) throw new InvalidArgumentError(`${flag} must be a non-negative number, got "${value}".`);
  return n;
}

function jsonObject<T>(flag: string, value: string | undefined, check: (v: unknown) => boolean, shape: string): T | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new InvalidArgumentError(`${flag} is not valid JSON (${(e as Error).message}); expected ${shape}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every(check)) {
    throw new InvalidArgumentError(`${flag} must be ${shape}, got ${value}.`);
  }
  return parsed as T;
}

/** Prints the job's log as it grows until the job ends; resolves with its final record. */
async function follow(c: JobSubmissionClient, id: string): Promise<JobDetails> {
  for await (const text of c.tailJobLogs(id)) process.stdout.write(text);
  return c.getJobInfo(id);
}

/** The exit code `tsray job submit` (waiting) ends with: 0 when the job succeeded. */
function outcome(job: JobDetails): number {
  console.log(`------------------------------------------\nJob '${job.submission_id}' ${job.status === 'SUCCEEDED' ? 'succeeded' : job.status === 'STOPPED' ? 'was stopped' : 'failed'}\n------------------------------------------`);
  if (job.status === 'FAILED' && job.message) console.error(job.message.split('\n')[0]);
  return job.status === 'SUCCEEDED' ? 0 : 1;
}

export function addJobCommands(program: Command): void {
  const job = program.command('job').description("submit and manage jobs through the head's job API (Ray's `ray job`)");
  const address = '--address <url>';
  const addressHelp = "the head's job API, http://HOST:8265 (default: TSRAY_ADDRESS when an http(s) URL, else the head on this machine)";

  job
    .command('submit')
    .description('run ENTRYPOINT on the head in the uploaded working dir; streams its logs until it ends and exits with its outcome')
    .usage('[options] -- ENTRYPOINT...')
    .option(address, addressHelp)
    .option('--working-dir <dir>', 'a local folder to upload as the job\'s working directory (without node_modules and .git)')
    .option('--submission-id <id>', "the job's id (default: a new raysubmit_... id)")
    .option('--no-wait', 'print the submission id and return without waiting for the job')
    .option('--entrypoint-num-cpus <n>', 'CPUs the entrypoint waits for and holds on the head')
    .option('--entrypoint-num-gpus <n>', 'GPUs the entrypoint waits for and holds on the head')
    .option('--entrypoint-memory <bytes>', 'memory the entrypoint waits for and holds on the head')
    .option('--entrypoint-resources <json>', 'custom resources the entrypoint waits for, e.g. \'{"TPU": 1}\'')
    .option('--metadata-json <json>', 'metadata of the job, a JSON object of strings')
    .option('--runtime-env-json <json>', 'env_vars for the entrypoint, e.g. \'{"env_vars": {"A": "1"}}\'')
    .argument('<entrypoint...>', 'the command (after --)')
    .action(async (words: string[], flags: SubmitFlags) => {
      const c = client(flags);
      const envVars = jsonObject<{ env_vars?: Record<string, string> }>('--runtime-env-json', flags.runtimeEnvJson, () => true, 'a JSON object like {"env_vars": {"A": "1"}}')?.env_vars;
      const id = await c.submitJob({
        entrypoint: words.join(' '),
        ...(flags.submissionId !== undefined ? { submissionId: flags.submissionId } : {}),
        runtimeEnv: { ...(flags.workingDir !== undefined ? { workingDir: flags.workingDir } : {}), ...(envVars ? { envVars } : {}) },
        ...(flags.metadataJson !== undefined ? { metadata: jsonObject<Record<string, string>>('--metadata-json', flags.metadataJson, (v) => typeof v === 'string', 'a JSON object of strings') } : {}),
        ...(flags.entrypointNumCpus !== undefined ? { entrypointNumCpus: amount('--entrypoint-num-cpus', flags.entrypointNumCpus) } : {}),
        ...(flags.entrypointNumGpus !== undefined ? { entrypointNumGpus: amount('--entrypoint-num-gpus', flags.entrypointNumGpus) } : {}),
        ...(flags.entrypointMemory !== undefined ? { entrypointMemory: amount('--entrypoint-memory', flags.entrypointMemory) } : {}),
        ...(flags.entrypointResources !== undefined
          ? { entrypointResources: jsonObject<Record<string, number>>('--entrypoint-resources', flags.entrypointResources, (v) => typeof v === 'number' && v >= 0, 'a JSON object of non-negative numbers') }
          : {}),
      });
      console.log(`Job '${id}' submitted successfully`);
      if (!flags.wait) {
        console.log(`Query its status with: tsray job status ${id}\nFollow its logs with: tsray job logs --follow ${id}\nStop it with:         tsray job stop ${id}`);
        return;
      }
      process.exitCode = outcome(await follow(c, id));
    });

  job
    .command('status')
    .description("print a job's status")
    .option(address, addressHelp)
    .argument('<submission-id>')
    .action(async (id: string, flags: AddressFlag) => {
      const info = await client(flags).getJobInfo(id);
      console.log(`Status for job '${id}': ${info.status}`);
      if (info.message) console.log(`Status message: ${info.message}`);
    });

  job
    .command('logs')
    .description("print a job's logs (--follow: as they grow, until the job ends)")
    .option(address, addressHelp)
    .option('-f, --follow', 'keep printing the log as it grows, until the job ends')
    .argument('<submission-id>')
    .action(async (id: string, flags: AddressFlag & { follow?: boolean }) => {
      const c = client(flags);
      if (flags.follow) await follow(c, id);
      else process.stdout.write(await c.getJobLogs(id));
    });

  job
    .command('stop')
    .description('stop a job: its entrypoint process tree, and with it its actors and tasks')
    .option(address, addressHelp)
    .option('--no-wait', 'return without waiting for the job to end')
    .argument('<submission-id>')
    .action(async (id: string, flags: AddressFlag & { wait: boolean }) => {
      const c = client(flags);
      if (!(await c.stopJob(id))) {
        console.log(`Job '${id}' had ended already (${await c.getJobStatus(id)}).`);
        return;
      }
      console.log(`Stopping job '${id}'`);
      if (!flags.wait) return;
      for (;;) {
        const status = await c.getJobStatus(id);
        if (isTerminal(status)) {
          console.log(`Job '${id}' ended: ${status}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });

  job
    .command('delete')
    .description("delete an ended job's record and logs")
    .option(address, addressHelp)
    .argument('<submission-id>')
    .action(async (id: string, flags: AddressFlag) => {
      await client(flags).deleteJob(id);
      console.log(`Job '${id}' deleted successfully`);
    });

  job
    .command('list')
    .description('list the jobs of the cluster')
    .option(address, addressHelp)
    .option('--json', 'print the job records as JSON')
    .action(async (flags: AddressFlag & { json?: boolean }) => {
      const jobs = await client(flags).listJobs();
      if (flags.json) {
        console.log(JSON.stringify(jobs, null, 2));
        return;
      }
      if (jobs.length === 0) console.log('No jobs.');
      for (const j of jobs) console.log(`${j.submission_id}\t${j.status}\t${new Date(j.start_time ?? 0).toISOString()}\t${j.entrypoint}`);
    });
}
