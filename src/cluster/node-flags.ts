import { InvalidArgumentError } from '../common/errors.js';
import type { ResourceMap } from '../common/resources.js';

/** The resource flags of `tsray start` and the raylet process, checked. */
export interface NodeResourceFlags {
  numCpus?: number;
  numGpus?: number;
  resources?: ResourceMap;
  objectStoreMemory?: number;
}

function count(flag: string, value: string | undefined, whole: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) {
    throw new InvalidArgumentError(`--${flag} must be a ${whole ? 'whole ' : ''}number >= 0, got "${value}".`);
  }
  return n;
}

/** Parses `--num-cpus`, `--num-gpus`, `--resources '{"TPU": 4}'` and `--object-store-memory`. */
export function parseNodeResourceFlags(values: Record<string, string | boolean | undefined>): NodeResourceFlags {
  const flags: NodeResourceFlags = {
    numCpus: count('num-cpus', values['num-cpus'] as string | undefined, false),
    numGpus: count('num-gpus', values['num-gpus'] as string | undefined, true),
    objectStoreMemory: count('object-store-memory', values['object-store-memory'] as string | undefined, true),
  };
  const json = values.resources as string | undefined;
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new InvalidArgumentError(`--resources must be a JSON object like '{"TPU": 4}': ${(e as Error).message}.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InvalidArgumentError(`--resources must be a JSON object like '{"TPU": 4}', got ${json}.`);
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'number' || !(v >= 0)) throw new InvalidArgumentError(`--resources: "${k}" must be a number >= 0, got ${JSON.stringify(v)}.`);
      if (k === 'CPU' || k === 'GPU') throw new InvalidArgumentError(`--resources: set ${k} with --num-${k.toLowerCase()}s, not in --resources.`);
    }
    flags.resources = parsed as ResourceMap;
  }
  for (const k of Object.keys(flags) as Array<keyof NodeResourceFlags>) if (flags[k] === undefined) delete flags[k];
  return flags;
}
