import { readFileSync } from 'node:fs';

/**
 * Whether a recorded pid still names the daemon that was recorded. `kill(pid, 0)` is not enough:
 * it succeeds for a zombie (a SIGKILLed daemon its parent has not reaped yet, for a few seconds
 * after `tsray start` returns), and for an unrelated process that got the pid later. Linux's
 * /proc/<pid>/stat tells both apart: its state (Z, X: dead) and its start time (field 22, clock
 * ticks after boot), which node.json records next to the pid.
 */

/** What /proc/<pid>/stat says about a process. */
export interface ProcStat {
  /** One letter: R, S, D, T, Z (zombie), X (dead), ... */
  state: string;
  /** Field 22: when it started, in clock ticks since boot; with the pid, a process's identity. */
  startTime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
 * spaces and parentheses, so the fields are counted from the last ')'. Undefined if malformed.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After the name: field 3 (state) onwards.
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const state = fields[0];
  const startTime = Number(fields[22 - 3]);
  if (!state || !/^[A-Za-z]$/.test(state) || !Number.isSafeInteger(startTime)) return undefined;
  return { state, startTime };
}

/**
 * Whether a process that /proc describes (undefined: no such process) is the running process
 * recorded with `recordedStartTime` (undefined: a record from before start times were kept).
 */
export function isRecordedProcessRunning(stat: ProcStat | undefined, recordedStartTime: number | undefined): boolean {
  if (!stat) return false;
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  return recordedStartTime === undefined || stat.startTime === recordedStartTime;
}

/** /proc/<pid>/stat of a process; undefined when it is gone; null where /proc has no such files (not Linux). */
export function readProcStat(pid: number): ProcStat | undefined | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return procAvailable() ? undefined : null;
    return null;
  }
}

let hasProc: boolean | undefined;
function procAvailable(): boolean {
  if (hasProc === undefined) {
    try {
      readFileSync('/proc/self/stat');
      hasProc = true;
    } catch {
      hasProc = false;
    }
  }
  return hasProc;
}

/** The start time to record with a pid (undefined where /proc cannot tell). */
export function processStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.startTime;
}

/**
 * Whether `pid` names a running process: not gone, not a zombie, and (given the start time
 * recorded with the pid) not another process that got the pid later. Without /proc (not
 * Linux), existence is all there is to go on.
 */
export function processRunning(pid: number | undefined, recordedStartTime?: number): boolean {
  if (!pid) return false;
  const stat = readProcStat(pid);
  if (stat !== null) return isRecordedProcessRunning(stat, recordedStartTime);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
