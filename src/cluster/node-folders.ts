import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionsRoot } from '../objectstore/session-files.js';

/**
 * Nodes started on this machine by `tsray start`: each has a folder
 * `<tmpdir>/tsray/nodes/node-XXXX/` with its logs, its raylet's socket and `node.json`, which
 * records the daemons' pids. `tsray stop` and `ray.init({ address: 'auto' })` read them.
 */
export interface NodeRecord {
  nodeDir: string;
  gcsAddress: string;
  isHead: boolean;
  /** The GCS process (head nodes only). */
  gcsPid?: number;
  rayletPid?: number;
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
}

export function nodesRoot(): string {
  return join(sessionsRoot(), 'nodes');
}

/** A fresh node folder with its logs folder. */
export function newNodeDir(): string {
  mkdirSync(nodesRoot(), { recursive: true });
  const dir = mkdtempSync(join(nodesRoot(), 'node-'));
  mkdirSync(join(dir, 'logs'));
  return dir;
}

export function writeNodeRecord(record: NodeRecord): void {
  writeFileSync(join(record.nodeDir, 'node.json'), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every node folder's record (folders without a readable one are listed with `record: undefined`). */
export function nodeFolders(): Array<{ dir: string; record: NodeRecord | undefined }> {
  let names: string[];
  try {
    names = readdirSync(nodesRoot());
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith('node-')).map((n) => {
    const dir = join(nodesRoot(), n);
    try {
      return { dir, record: JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as NodeRecord };
    } catch {
      return { dir, record: undefined };
    }
  });
}

export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
export function pickLocalHead(records: NodeRecord[], alive: (pid: number | undefined) => boolean): NodeRecord | undefined {
  const heads = records.filter((r) => r.isHead && r.gcsAddress).sort((a, b) => b.startedAt - a.startedAt);
  return heads.find((r) => alive(r.gcsPid)) ?? heads.find((r) => alive(r.rayletPid));
}

/** Whether a raylet `tsray start` started on this machine is running. */
export function localRayletRunning(): boolean {
  return nodeFolders().some((f) => processAlive(f.record?.rayletPid));
}
