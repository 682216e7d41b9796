import { rmSync } from 'node:fs';
import { unlinkSegments } from '../objectstore/shared-arrays.js';
import { removeDeadSessions } from '../objectstore/session-files.js';
import { nodeFolders, processAlive } from '../cluster/node-folders.js';
import { stopProcesses } from '../cluster/daemons.js';
import { removeUnusedPackages } from '../runtime-env/working-dir.js';

/**
 * `tsray stop`: stops every node `tsray start` started on this machine (dashboards, then raylets, so they
 * leave the cluster while the GCS still listens, then GCSs), removes their folders, then what
 * sessions whose process is gone left behind (shared-memory segments, temp folders). Live
 * embedded sessions belong to their programs and are left alone.
 */
export async function stop(): Promise<{ raylets: number; gcs: number; segments: number }> {
  const folders = nodeFolders();
  // With their start times: a pid reused since by another process is not signalled.
  const raylets = folders.flatMap((f) => (f.record?.rayletPid ? [{ pid: f.record.rayletPid, startTime: f.record.rayletStartTime }] : []));
  const gcs = folders.flatMap((f) => (f.record?.gcsPid ? [{ pid: f.record.gcsPid, startTime: f.record.gcsStartTime }] : []));
  // Dashboards first: they stop their jobs' entrypoints, whose drivers need their raylet to leave cleanly.
  await stopProcesses(folders.flatMap((f) => (f.record?.dashboardPid ? [{ pid: f.record.dashboardPid, startTime: f.record.dashboardStartTime }] : [])), 10_000);
  await stopProcesses(raylets);
  await stopProcesses(gcs);
  for (const f of folders) rmSync(f.dir, { recursive: true, force: true });
  // Jobs' unpacked code that no live node uses any more.
  removeUnusedPackages((pid) => processAlive(pid));
  return { raylets: raylets.length, gcs: gcs.length, segments: removeDeadSessions(unlinkSegments) };
}
