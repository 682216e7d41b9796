import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { GcsClient } from '../gcs/gcs-client.js';
import { startDaemon, stopProcesses } from '../cluster/daemons.js';
import { newNodeDir, writeNodeRecord, type NodeRecord } from '../cluster/node-folders.js';
import { parseNodeResourceFlags } from '../cluster/node-flags.js';
import { InvalidArgumentError } from '../api/errors.js';

export interface StartOptions {
  head?: boolean;
  address?: string;
  port?: string;
  numCpus?: string;
  numGpus?: string;
  resources?: string;
  objectStoreMemory?: string;
  nodeIpAddress?: string;
}

/** The raylet's flags from `tsray start`'s options (checked here, so errors come before any spawn). */
function rayletFlags(o: StartOptions): string[] {
  parseNodeResourceFlags({ 'num-cpus': o.numCpus, 'num-gpus': o.numGpus, resources: o.resources, 'object-store-memory': o.objectStoreMemory });
  const flags: string[] = [];
  if (o.numCpus !== undefined) flags.push('--num-cpus', o.numCpus);
  if (o.numGpus !== undefined) flags.push('--num-gpus', o.numGpus);
  if (o.resources !== undefined) flags.push('--resources', o.resources);
  if (o.objectStoreMemory !== undefined) flags.push('--object-store-memory', o.objectStoreMemory);
  return flags;
}

/**
 * `tsray start --head` (a GCS and a raylet) or `tsray start --address HEAD:PORT` (a raylet that
 * joins): the daemons detach, log into the node's folder, and this returns once the raylet is
 * registered with the GCS. Running it again starts another node on this machine.
 */
export async function start(o: StartOptions): Promise<NodeRecord> {
  if (!o.head && !o.address) throw new InvalidArgumentError('tsray start needs --head (start a cluster) or --address HEAD:PORT (join one).');
  if (o.head && o.address) throw new InvalidArgumentError('tsray start takes --head or --address, not both.');
  const nodeIp = o.nodeIpAddress ?? '127.0.0.1';
  const flags = rayletFlags(o);
  let gcsAddress = o.address;
  if (gcsAddress) {
    if (!/^[^:\s]+:\d+$/.test(gcsAddress)) throw new InvalidArgumentError(`--address must be HOST:PORT (e.g. 127.0.0.1:6380), got "${gcsAddress}".`);
    // Fails within seconds, naming the address, when nothing (or no GCS) answers there.
    (await GcsClient.connect(gcsAddress)).close();
  }
  const port = o.port ?? '6380';
  if (o.head && !/^\d+$/.test(port)) throw new InvalidArgumentError(`--port must be a port number, got "${port}".`);
  const nodeDir = newNodeDir();
  const record: NodeRecord = { nodeDir, gcsAddress: gcsAddress ?? '', isHead: !!o.head, startedAt: Date.now() };
  try {
    if (o.head) {
      const gcs = await startDaemon<{ port: number }>('gcs/gcs-main', ['--host', '0.0.0.0', '--port', port], join(nodeDir, 'logs', 'gcs.log'), 'port');
      record.gcsPid = gcs.pid;
      record.gcsAddress = gcsAddress = `${nodeIp}:${gcs.ready.port}`;
      writeNodeRecord(record);
    }
    const raylet = await startDaemon<{ ready: boolean; nodeId: string }>('raylet/raylet-main', [
      '--gcs-address', gcsAddress!, '--node-dir', nodeDir, '--node-ip-address', nodeIp, ...(o.head ? ['--head'] : []), ...flags,
    ], join(nodeDir, 'logs', 'raylet.log'), 'ready');
    record.rayletPid = raylet.pid;
    record.nodeId = raylet.ready.nodeId;
    writeNodeRecord(record);
    return record;
  } catch (e) {
    await stopProcesses([record.rayletPid, record.gcsPid].filter((p): p is number => !!p));
    rmSync(nodeDir, { recursive: true, force: true });
    throw e;
  }
}
