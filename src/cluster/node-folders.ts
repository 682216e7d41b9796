import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RayError } from '../common/errors.js';
import { makePrivateFolder, privateFolderProblem, sessionsRoot } from '../objectstore/session-files.js';
import { processRunning } from '../common/process-identity.js';

/**
 * Nodes started on this machine by `tsray start`: each has a folder
 * `<tmpdir>/tsray/nodes/node-XXXX/` with its logs, its raylet's socket and `node.json`, which
 * records the daemons' pids. `tsray stop` and `ray.init({ address: 'auto' })` read them. The
 * folders are the cluster user's alone (0700, files 0600), and only such folders are read: a
 * record someone else wrote never names a process to stop or a socket to trust.
 */
export interface NodeRecord {
  nodeDir: string;
  gcsAddress: string;
  isHead: boolean;
  /** The GCS process (head nodes only). */
  gcsPid?: number;
  /** The GCS process's start time (/proc/<pid>/stat field 22): a reused pid is not it. */
  gcsStartTime?: number;
  rayletPid?: number;
  /** The raylet process's start time, as gcsStartTime. */
  rayletStartTime?: number;
  nodeId?: string;
  startedAt: number;
  /**
   * Where the head's GCS keeps its tables (head nodes with Redis only), so that `tsray start
   * --head --gcs-only` can restart it against the same Redis. The password is not recorded.
   */
  gcsStorage?: { redisAddress: string; clusterName?: string; redisUsername?: string; redisTls?: boolean };
  /** The address the head's GCS listens on, when not the one in gcsAddress (`--host`). */
  gcsHost?: string;
  /** The node's `--auth-mode` (absent: token). */
  authMode?: 'token' | 'disabled';
  /** The head's dashboard process (the job API), when it runs one. */
  dashboardPid?: number;
  /** The dashboard process's start time, as gcsStartTime. */
  dashboardStartTime?: number;
  /** Where the job API answers: `http://HOST:PORT` (`https://` when the cluster uses TLS). */
  dashboardAddress?: string;
}

export function nodesRoot(): string {
  return join(sessionsRoot(), 'nodes');
}

/** A fresh node folder (0700) with its logs folder (0700). */
export function newNodeDir(): string {
  const problem = makePrivateFolder(nodesRoot());
  if (problem) throw new RayError(`Cannot make a node folder in ${nodesRoot()}: ${problem}. Node folders hold sockets and logs, and live only in a folder that is this user's alone (or set TMPDIR to one).`);
  const dir = mkdtempSync(join(nodesRoot(), 'node-'));
  mkdirSync(join(dir, 'logs'), { mode: 0o700 });
  return dir;
}

export function writeNodeRecord(record: NodeRecord): void {
  writeFileSync(join(record.nodeDir, 'node.json'), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Whether a node folder is this user's (a folder, not a link, owned by this user). */
function ownFolder(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === (process.getuid?.() ?? st.uid);
  } catch {
    return false;
  }
}

/** Every node folder's record (folders without a readable one are listed with `record: undefined`). */
export function nodeFolders(): Array<{ dir: string; record: NodeRecord | undefined }> {
  let names: string[];
  try {
    names = readdirSync(nodesRoot());
  } catch {
    return [];
  }
  // Another user's folder (or one others may write in) names no node of ours.
  if (privateFolderProblem(nodesRoot())) return [];
  return names.filter((n) => n.startsWith('node-') && ownFolder(join(nodesRoot(), n))).map((n) => {
    const dir = join(nodesRoot(), n);
    try {
      return { dir, record: JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as NodeRecord };
    } catch {
      return { dir, record: undefined };
    }
  });
}

/** Whether a recorded daemon runs (see processRunning: zombies and reused pids do not). */
export const processAlive = processRunning;

/** Whether a record's GCS runs. */
export function gcsRunning(r: NodeRecord | undefined): boolean {
  return processAlive(r?.gcsPid, r?.gcsStartTime);
}

/** Whether a record's raylet runs. */
export function rayletRunning(r: NodeRecord | undefined): boolean {
  return processAlive(r?.rayletPid, r?.rayletStartTime);
}

/**
 * The GCS address of the cluster whose head runs on this machine (`address: 'auto'`, `tsray
 * status`): the newest head whose GCS runs, else the newest whose raylet runs (its GCS is down,
 * perhaps restarting: callers wait for it).
 */
export function localHeadAddress(): string | undefined {
  return pickLocalHead(nodeFolders().map((f) => f.record).filter((r): r is NodeRecord => !!r), processAlive)?.gcsAddress;
}

/** The choice `localHeadAddress` makes, given the records and which processes run. */
export function pickLocalHead(records: NodeRecord[], alive: (pid: number | undefined, startTime?: number) => boolean): NodeRecord | undefined {
  const heads = records.filter((r) => r.isHead && r.gcsAddress).sort((a, b) => b.startedAt - a.startedAt);
  return heads.find((r) => alive(r.gcsPid, r.gcsStartTime)) ?? heads.find((r) => alive(r.rayletPid, r.rayletStartTime));
}

/**
 * Whether the raylet whose socket is `socketPath` is known gone: its node folder's record names
 * a raylet process that no longer runs (a SIGKILLed node leaves its socket file behind).
 */
export function rayletOfSocketGone(socketPath: string): boolean {
  try {
    const record = JSON.parse(readFileSync(join(dirname(socketPath), 'node.json'), 'utf8')) as NodeRecord;
    return !!record.rayletPid && !rayletRunning(record);
  } catch {
    return false; // no record to tell by: connecting tells
  }
}

/** The job API address of the newest head on this machine whose dashboard runs (`tsray job` without --address). */
export function localDashboardAddress(): string | undefined {
  const heads = nodeFolders().map((f) => f.record).filter((r): r is NodeRecord => !!r && r.isHead && !!r.dashboardAddress && processAlive(r.dashboardPid, r.dashboardStartTime));
  return heads.sort((a, b) => b.startedAt - a.startedAt)[0]?.dashboardAddress;
}

/** Whether a raylet `tsray start` started on this machine is running. */
export function localRayletRunning(): boolean {
  return nodeFolders().some((f) => rayletRunning(f.record));
}
