import { lstatSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { processRunning } from '../common/process-identity.js';

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

/**
 * Why a folder is not this user's alone, or undefined when it is: tsray keeps code, objects,
 * sockets and logs only in folders that no other user can write into or swap. The folder must
 * belong to this user and be writable by nobody else; every folder above it must belong to this
 * user or root and, where others may write, be sticky (as /tmp is), so no one else can rename
 * it away. A symbolic link on the way must belong to this user or root too.
 */
export function privateFolderProblem(dir: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // no POSIX owners here (Windows)
  const path = resolve(dir);
  let st;
  let real: string;
  try {
    st = lstatSync(path);
    if (st.isSymbolicLink()) {
      if (st.uid !== uid && st.uid !== 0) return `${path} is a symbolic link owned by uid ${st.uid}, not by this user (uid ${uid})`;
      st = statSync(path);
    }
    real = realpathSync(path);
  } catch (e) {
    return `${path} cannot be read (${(e as Error).message})`;
  }
  if (!st.isDirectory()) return `${path} is not a folder`;
  if (st.uid !== uid) return `${path} is owned by uid ${st.uid}, not by this user (uid ${uid})`;
  if (st.mode & 0o022) return `${path} is writable by other users (mode ${(st.mode & 0o7777).toString(8)})`;
  return ancestorProblem(path, uid) ?? (real === path ? undefined : ancestorProblem(real, uid));
}

/** The first folder above `path` that another user could rename things in (see above). */
function ancestorProblem(path: string, uid: number): string | undefined {
  for (let d = dirname(path); ; d = dirname(d)) {
    const up = lstatSync(d);
    if (up.uid !== uid && up.uid !== 0) return `${d}, above ${path}, is owned by uid ${up.uid}, not by this user (uid ${uid}) or root`;
    if (!up.isSymbolicLink() && (up.mode & 0o022) && !(up.mode & 0o1000)) {
      return `${d}, above ${path}, is writable by other users and not sticky (mode ${(up.mode & 0o7777).toString(8)})`;
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Makes a folder (and the missing ones above it) with mode 0700 and checks that it is this
 * user's alone (see `privateFolderProblem`); returns what is wrong, or undefined.
 */
export function makePrivateFolder(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return `${dir} cannot be made (${(e as Error).message})`;
  }
  return privateFolderProblem(dir);
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

/** A SIGKILLed process stays a zombie until reaped, which may be seconds: it holds nothing. */
const alive = (pid: number): boolean => processRunning(pid);

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
