import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import type { PubMessage } from '../../src/rpc/messages.js';
import { killAll, root, startGcs } from '../fixtures/gcs-process.js';
import { until } from '../helpers.js';

// The GCS as a process: its lifecycle under signals, clients outliving a restart, and the
// compiled entry point.

const clients: GcsClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await killAll();
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `pid` (children, grandchildren, ...). */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  const kids = out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}


describe('the GCS process', () => {
  it('exits cleanly on SIGTERM with a subscriber connected, leaving no process behind', async () => {
    const gcs = await startGcs(['--shutdown-grace-ms', '10000']);
    const client = await GcsClient.connect(gcs.address);
    clients.push(client);
    const sub = client.subscribe(['NODE_INFO'], () => {});
    await sub.ready;
    await client.registerNode({ nodeId: 'n1', resourcesTotal: { CPU: 1 } });
    const pid = gcs.child.pid!;
    const family = [pid, ...descendants(pid)];
    const t0 = Date.now();
    gcs.child.kill('SIGTERM');
    const { code, signal } = await gcs.exited;
    // Open subscriptions are ended, not waited out: the exit comes well inside the 10 s grace.
    expect(Date.now() - t0).toBeLessThan(5000);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(gcs.stderr()).toContain('SIGTERM: shutting down');
    await until('the whole process tree to be gone', () => family.every((p) => !isRunning(p)), 3000);
  });

  it('exits cleanly on SIGINT too', async () => {
    const gcs = await startGcs();
    gcs.child.kill('SIGINT');
    expect(await gcs.exited).toEqual({ code: 0, signal: null });
  });

  it('exits with code 1 and says why when its port is taken', async () => {
    const gcs = await startGcs();
    const clash = await startGcs(['--port', String(gcs.port)]).catch((e: Error) => e);
    expect(clash).toBeInstanceOf(Error);
    expect((clash as Error).message).toMatch(/exited \(code 1\)[\s\S]*cannot listen on 127\.0\.0\.1:\d+/);
  });

  it('keeps subscriptions and heartbeats going across a GCS restart on the same port', async () => {
    const first = await startGcs();
    const raylet = await GcsClient.connect(first.address, { backoff: { initialMs: 50, maxMs: 300, multiplier: 2, jitter: 0.2 } });
    const watcher = await GcsClient.connect(first.address, { backoff: { initialMs: 50, maxMs: 300, multiplier: 2, jitter: 0.2 } });
    clients.push(raylet, watcher);
    const heard: PubMessage[] = [];
    const sub = watcher.subscribe(['NODE_INFO'], (m) => heard.push(m));
    await sub.ready;
    await raylet.registerNode({ nodeId: 'survives', resourcesTotal: { CPU: 2 } });
    // A GCS that lost its (in-memory) tables answers heartbeats with "unknown": the raylet registers again.
    let reRegistered = 0;
    raylet.startHeartbeats('survives', {
      periodMs: 100,
      onUnknown: () => {
        reRegistered++;
        void raylet.registerNode({ nodeId: 'survives', resourcesTotal: { CPU: 2 } }).catch(() => {});
      },
    });
    await until('the first registration', () => heard.some((m) => m.nodeInfo?.nodeId === 'survives'));

    first.child.kill('SIGTERM');
    await first.exited;
    const mark = heard.length;
    const second = await startGcs(['--port', String(first.port)]);
    expect(second.port).toBe(first.port);

    await until('the node registered again with the new GCS', () => reRegistered > 0 && sub.subscriptions >= 2, 15_000);
    await until('the node alive in the new GCS', async () => (await raylet.getAllNodes(true)).some((n) => n.nodeId === 'survives'), 15_000);
    // The watcher's new subscription hears of it from the new GCS (as an event or in its snapshot).
    await until('the watcher to hear of it again', () => heard.slice(mark).some((m) => m.nodeInfo?.nodeId === 'survives' && m.nodeInfo.state === 'ALIVE'));
  });

  it('starts from the compiled build under plain node (protos found from dist/)', async () => {
    // `npm test` builds dist/ first, as the compiled-build test relies on.
    const main = `${root}dist/head/gcs-main.js`;
    expect(existsSync(main)).toBe(true);
    const gcs = await startGcs([], { file: main, plainNode: true });
    const client = await GcsClient.connect(gcs.address);
    clients.push(client);
    const info = await client.getClusterInfo();
    expect(info.protocolVersion).toBe(client.protocolVersion);
    gcs.child.kill('SIGTERM');
    expect((await gcs.exited).code).toBe(0);
  });
});
