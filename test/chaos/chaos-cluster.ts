// The cluster the chaos suite runs on, and the faults it injects into it: a Redis-backed head and
// two nodes started with the CLI, in a private TMPDIR. One of the nodes is the driver's (the test
// process attaches to it with TSRAY_NODE_ID) and is never killed: a driver whose node dies is
// lost, in Ray too. Injectors run their commands
// asynchronously: the test process is also the driver, and must not block while it waits.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { alive, cliCluster, root, type CliCluster, type NodeRecordOnDisk } from '../fixtures/cli-cluster.js';
import { startRedis, type RedisServer } from '../fixtures/redis-server.js';
import type { FaultKind } from './fault-schedule.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`chaos: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** The pids of processes whose parent is `ppid` (from /proc). */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields follow its last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === ppid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** SIGKILL; false if the process was already gone. */
function kill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** What an injected fault did, for the log. */
export interface InjectedFault {
  kind: FaultKind;
  /** False when there was nothing to strike (no such process yet). */
  injected: boolean;
  detail: string;
}

export class ChaosCluster {
  private constructor(
    readonly cluster: CliCluster,
    readonly redis: RedisServer,
    readonly address: string,
    /** The node the driver attaches to: no fault strikes its raylet. */
    readonly driverNodeId: string,
  ) {}

  static async start(): Promise<ChaosCluster> {
    const redis = await startRedis();
    const cluster = cliCluster('chaos');
    try {
      const { address } = cluster.startHead('--num-cpus', '2', '--redis-address', redis.address, '--cluster-name', 'chaos');
      const driverNodeId = cluster.addNode(address, '--num-cpus', '2');
      cluster.addNode(address, '--num-cpus', '2');
      return new ChaosCluster(cluster, redis, address, driverNodeId);
    } catch (e) {
      cluster.dispose();
      await redis.stop();
      throw e;
    }
  }

  /** `tsray <args>` without blocking this process; throws with its output when it fails. */
  cli(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, ...args], { cwd: root, env: this.cluster.env, encoding: 'utf8', timeout: 120_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`tsray ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout)));
    });
  }

  /** The head that runs: a head killed whole keeps its record (until `tsray stop`), the newest is the live one. */
  head(): NodeRecordOnDisk {
    return this.cluster.nodeRecords().filter((r) => r.isHead).sort((a, b) => b.startedAt - a.startedAt)[0]!;
  }

  /** The raylets of live nodes the raylet fault may strike: neither the head nor the driver's node. */
  liveWorkerNodes(): NodeRecordOnDisk[] {
    return this.cluster.nodeRecords().filter((r) => !r.isHead && r.nodeId !== this.driverNodeId && alive(r.rayletPid));
  }

  /** Process workers (task processes and actor processes) of every live raylet. */
  processWorkers(): number[] {
    return this.cluster.nodeRecords().filter((r) => alive(r.rayletPid)).flatMap((r) => childrenOf(r.rayletPid)).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('process-worker');
      } catch {
        return false;
      }
    });
  }

  /**
   * Injects one fault and returns once the cluster has been given back what the fault took
   * (a fresh node, a GCS, Redis), not once the work has recovered: that is the workload's to show.
   * `actorPids` are the processes hosting actors now; 'worker' spares them, 'actor' picks one.
   */
  async inject(kind: FaultKind, pick: (n: number) => number, actorPids: ReadonlySet<number>): Promise<InjectedFault> {
    switch (kind) {
      case 'worker':
      case 'actor': {
        const workers = this.processWorkers();
        const hosts = workers.filter((p) => actorPids.has(p));
        const pool = kind === 'actor' ? hosts : workers.filter((p) => !actorPids.has(p));
        if (pool.length === 0) return { kind, injected: false, detail: `no ${kind} process to kill (${workers.length} process workers)` };
        const pid = pool[pick(pool.length)]!;
        if (!kill(pid)) return { kind, injected: false, detail: `${kind} process ${pid} exited before the kill` };
        return { kind, injected: true, detail: `SIGKILL ${kind} process ${pid}` };
      }
      case 'raylet': {
        const nodes = this.liveWorkerNodes();
        if (nodes.length === 0) return { kind, injected: false, detail: 'no non-head raylet to kill' };
        const victim = nodes[pick(nodes.length)]!;
        if (!kill(victim.rayletPid)) return { kind, injected: false, detail: `raylet ${victim.rayletPid} exited before the kill` };
        await until(`raylet ${victim.rayletPid} to be gone`, () => !alive(victim.rayletPid), 10_000);
        const fresh = /started node (\w+)/.exec(await this.cli('start', '--address', this.address, '--num-cpus', '2'))![1]!;
        return { kind, injected: true, detail: `SIGKILL raylet of node ${victim.nodeId}, added node ${fresh}` };
      }
      case 'gcs': {
        const pid = this.head().gcsPid!;
        process.kill(pid, 'SIGKILL');
        await until(`GCS ${pid} to be gone`, () => !alive(pid), 10_000);
        await this.cli('start', '--head', '--gcs-only');
        return { kind, injected: true, detail: `SIGKILL GCS ${pid}, restarted it with --gcs-only (pid ${this.head().gcsPid})` };
      }
      case 'head': {
        // The whole head at once (its machine lost), then `tsray start --head` again on its port and Redis.
        const head = this.head();
        kill(head.gcsPid!);
        kill(head.rayletPid);
        await until(`head ${head.nodeId} (GCS ${head.gcsPid}, raylet ${head.rayletPid}) to be gone`, () => !alive(head.gcsPid!) && !alive(head.rayletPid), 10_000);
        const port = head.gcsAddress.slice(head.gcsAddress.lastIndexOf(':') + 1);
        const out = await this.cli('start', '--head', '--port', port, '--num-cpus', '2', '--redis-address', this.redis.address, '--cluster-name', 'chaos');
        const fresh = /node (\w+)\)/.exec(out)?.[1] ?? '?';
        return { kind, injected: true, detail: `SIGKILL head ${head.nodeId} (GCS ${head.gcsPid}, raylet ${head.rayletPid}), started head node ${fresh} on port ${port}` };
      }
      case 'redis': {
        const pid = this.redis.pid();
        await this.redis.kill();
        await sleep(500 + pick(1500));
        await this.redis.restart();
        return { kind, injected: true, detail: `SIGKILL redis-server ${pid}, restarted it on port ${this.redis.port}` };
      }
    }
  }

  async dispose(): Promise<void> {
    try {
      this.cluster.dispose();
    } finally {
      await this.redis.stop();
    }
  }
}
