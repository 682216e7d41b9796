import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a session keeps things on this machine: shared-memory segments named
 * `/tsray-<driver pid>.<session>-...` in /dev/shm, and a temp folder
 * `<tmpdir>/tsray/session-<driver pid>.<session>/` (spill files). The driver's pid in both names
 * lets a later start tell a dead session's leftovers from a live one's.
 */

/** The name prefix of every shared-memory segment of a session. */
export function sessionSegmentPrefix(driverPid: number, session: string): string {
  return `/tsray-${driverPid}.${session}-`;
}

/** The folder holding every session's temp folder. */
export function sessionsRoot(): string {
  return join(tmpdir(), 'tsray');
}

/** A session's temp folder. */
export function sessionDir(driverPid: number, session: string): string {
  return join(sessionsRoot(), `session-${driverPid}.${session}`);
}

/** The segments in /dev/shm whose names start with `prefix`. */
export function sessionSegments(prefix: string): string[] {
  try {
    return readdirSync('/dev/shm').filter((f) => `/${f}`.startsWith(prefix)).map((f) => `/${f}`);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what sessions whose driver is gone (killed with SIGKILL, say, before it could clean
 * up) left behind: their segments, through `unlink`, and their temp folders. Returns how many
 * segments it removed.
 */
export function removeDeadSessions(unlink: (names: string[]) => void): number {
  let dead: string[] = [];
  try {
    dead = readdirSync('/dev/shm').filter((f) => {
      const m = /^tsray-(\d+)\./.exec(f);
      return m !== null && !alive(Number(m[1]));
    }).map((f) => `/${f}`);
  } catch {
    // no /dev/shm: nothing of ours there
  }
  unlink(dead);
  try {
    for (const f of readdirSync(sessionsRoot())) {
      const m = /^session-(\d+)\./.exec(f);
      if (m && !alive(Number(m[1]))) rmSync(join(sessionsRoot(), f), { recursive: true, force: true });
    }
  } catch {
    // no sessions folder yet
  }
  return dead.length;
}
