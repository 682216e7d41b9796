// The chaos suite's fault plan: which fault strikes when, from a seed, so a failing run can be
// replayed exactly (`TSRAY_CHAOS_SEED=<seed>`). Pure: no processes here, see chaos-cluster.ts.

/**
 * The faults the suite injects: SIGKILL of a process worker, an actor's process, a non-head
 * raylet (not the driver's), the GCS, Redis, and the whole head (its GCS and raylet together,
 * then `tsray start --head` again on the same port and Redis).
 */
export const FAULT_KINDS = ['worker', 'actor', 'raylet', 'gcs', 'redis', 'head'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  /** Milliseconds after the workload starts. */
  atMs: number;
  kind: FaultKind;
}

/** mulberry32: small, seedable, good enough to plan faults (and to pick fuzz bytes). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ScheduleOptions {
  seed: number;
  /** How long the workload runs; no fault is planned in its last `quietMs`. */
  durationMs: number;
  /** Mean gap between faults (each gap is drawn from 0.5x to 1.5x of it). */
  meanGapMs: number;
  /** Time at the start and at the end with no fault: the first results, and the settling. */
  quietMs: number;
  kinds?: readonly FaultKind[];
}

/**
 * Faults in time order. Kinds come in shuffled rounds of the whole list, so every kind strikes
 * once before any strikes twice: a short run still meets each of them, a long one repeats them
 * in varying orders.
 */
export function faultSchedule(o: ScheduleOptions): PlannedFault[] {
  const kinds = o.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new RangeError('faultSchedule: kinds is empty; name at least one fault kind.');
  if (!(o.meanGapMs > 0)) throw new RangeError(`faultSchedule: meanGapMs must be > 0, got ${o.meanGapMs}.`);
  const random = prng(o.seed);
  const plan: PlannedFault[] = [];
  let round: FaultKind[] = [];
  for (let at = o.quietMs + random() * o.meanGapMs; at < o.durationMs - o.quietMs; at += o.meanGapMs * (0.5 + random())) {
    if (round.length === 0) {
      round = [...kinds];
      for (let i = round.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [round[i], round[j]] = [round[j]!, round[i]!];
      }
    }
    plan.push({ atMs: Math.round(at), kind: round.pop()! });
  }
  return plan;
}

/**
 * The kinds a run uses: all of FAULT_KINDS, or those named in `text` (TSRAY_CHAOS_FAULTS, comma
 * separated), to chase one fault or add a new one.
 */
export function faultKinds(text: string | undefined): FaultKind[] {
  if (text === undefined || text.trim() === '') return [...FAULT_KINDS];
  const named = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const unknown = named.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || named.length === 0) {
    throw new RangeError(`TSRAY_CHAOS_FAULTS names unknown fault kinds (${unknown.join(', ')}): use a comma-separated list of ${FAULT_KINDS.join(', ')}.`);
  }
  return [...new Set(named)] as FaultKind[];
}
