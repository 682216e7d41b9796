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

/** The GCS address of the cluster whose head runs on this machine (`address: 'auto'`). */
export function localHeadAddress(): string | undefined {
  const heads = nodeFolders().map((f) => f.record).filter((r): r is NodeRecord => !!r && r.isHead && processAlive(r.gcsPid));
  heads.sort((a, b) => b.startedAt - a.startedAt);
  return heads[0]?.gcsAddress;
}
