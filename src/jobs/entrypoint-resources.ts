import type { JobDetails } from './job-api.js';

/**
 * Entrypoint resources (`--entrypoint-num-cpus`, `--entrypoint-num-gpus`, `--entrypoint-memory`,
 * `--entrypoint-resources`), as Ray reserves them for a job's driver: the job stays PENDING
 * until the head node has them free (of tasks and of other entrypoints), and the job server counts them as held while the
 * entrypoint runs, so entrypoints that together ask for more than the node has run one after
 * another instead of all at once.
 */

export type ResourceAmounts = Record<string, number>;

/** What a job's entrypoint asks for, by resource name (CPU, GPU, memory, custom); empty for nothing. */
export function entrypointRequest(job: Pick<JobDetails, 'entrypoint_num_cpus' | 'entrypoint_num_gpus' | 'entrypoint_memory' | 'entrypoint_resources'>): ResourceAmounts {
  const request: ResourceAmounts = {};
  const add = (name: string, amount: number | null | undefined) => {
    if (amount) request[name] = (request[name] ?? 0) + amount;
  };
  add('CPU', job.entrypoint_num_cpus);
  add('GPU', job.entrypoint_num_gpus);
  add('memory', job.entrypoint_memory);
  for (const [name, amount] of Object.entries(job.entrypoint_resources ?? {})) add(name, amount);
  return request;
}

/** The amounts of `a` less those of `b` (names only in `b` are ignored). */
export function subtract(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out: ResourceAmounts = { ...a };
  for (const [name, amount] of Object.entries(b)) if (name in out) out[name] = out[name]! - amount;
  return out;
}

/** The sum of several requests. */
export function sum(requests: Iterable<ResourceAmounts>): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const r of requests) for (const [name, amount] of Object.entries(r)) out[name] = (out[name] ?? 0) + amount;
  return out;
}

/** Whether `request` fits in `free`. */
export function fits(request: ResourceAmounts, free: ResourceAmounts): boolean {
  // A hair of slack: fractional amounts that add up exactly must not fail on float rounding.
  return Object.entries(request).every(([name, amount]) => (free[name] ?? 0) + 1e-9 >= amount);
}

/**
 * Why a request can never run on a node with these totals (a resource it lacks, or too little of
 * it), or undefined when it can once the node is free enough.
 */
export function neverFits(request: ResourceAmounts, total: ResourceAmounts): string | undefined {
  const short = Object.entries(request).filter(([name, amount]) => (total[name] ?? 0) + 1e-9 < amount);
  if (short.length === 0) return undefined;
  return short.map(([name, amount]) => `${name}: asks ${amount}, the head node has ${total[name] ?? 0}`).join('; ');
}
