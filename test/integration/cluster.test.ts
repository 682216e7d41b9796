import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import * as ray from '../../src/index.js';
import { alive, cliCluster, root, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { context, slowSquare, square } from '../fixtures/tasks.js';
import { makeBig, sumBig } from '../fixtures/arrays.js';
import { Counter, Where } from '../fixtures/actors.js';
import { gpuView } from '../fixtures/gpu-tasks.js';

const cluster = cliCluster('cluster-test');
const { tmp, env, cli, startHead, addNode, nodeRecords } = cluster;

let address = '';

beforeAll(() => {
  address = startHead('--num-cpus', '2').address;
  addNode(address, '--num-cpus', '1');
  addNode(address, '--num-cpus', '1', '--num-gpus', '2', '--resources', '{"TPU": 2}');
}, 400_000);

disconnectAfterEachTest(ray, cluster);

describe('a cluster started with the CLI', () => {
  it('tsray status shows every node and the resources', () => {
    const out = cli('status', '--address', address);
    expect(out.match(/ALIVE/g)).toHaveLength(3);
    expect(out).toMatch(/head/);
    expect(out).toMatch(/CPU: 0\/4/);
    expect(out).toMatch(/TPU: 0\/2/);
    // `--num-gpus` gives a node fake devices (this machine has none).
    expect(out).toMatch(/GPU: 0\/2/);
  });

  it('runs GPU work on the node with GPUs, in a process whose CUDA_VISIBLE_DEVICES lists its devices', async () => {
    await ray.init({ address });
    const gpuNode = (await ray.nodes()).find((n) => n.resources.GPU === 2)!;
    const [one, two] = await ray.get([gpuView.options({ numGpus: 1 }).remote(), gpuView.options({ numGpus: 2 }).remote()]);
    expect(one!.ids).toHaveLength(1);
    expect(one!.cvd).toBe(String(one!.ids[0]));
    expect(two!.ids.sort()).toEqual([0, 1]);
    expect(two!.cvd!.split(',').sort()).toEqual(['0', '1']);
    const where = await ray.get(context.options({ numGpus: 1 }).remote()) as { nodeId: string };
    expect(where.nodeId).toBe(gpuNode.nodeId);
    const err = await ray.get(gpuView.options({ numGpus: 3 }).remote()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ray.TaskUnschedulableError);
    await ray.shutdown();
  });

  it('runs a driver joined by address: tasks, objects and the cluster view', async () => {
    await ray.init({ address });
    expect(await ray.get([1, 2, 3].map((x) => square.remote(x)))).toEqual([1, 4, 9]);
    const nodes = await ray.nodes();
    expect(nodes).toHaveLength(3);
    expect(nodes.filter((n) => n.isHead)).toHaveLength(1);
    expect((await ray.clusterResources()).CPU).toBe(4);
    const ctx = await ray.get(context.remote()) as { nodeId: string };
    expect(nodes.map((n) => n.nodeId)).toContain(ctx.nodeId);
    const big = ray.put(new Float64Array(1 << 18).fill(3));
    expect((await ray.get(big))[(1 << 18) - 1]).toBe(3);
    await ray.shutdown();
  });

  it('attaches a driver to the node TSRAY_NODE_ID names, and says when no such node runs here', async () => {
    const saved = { node: process.env.TSRAY_NODE_ID, timeout: process.env.TSRAY_GCS_CONNECT_TIMEOUT_S };
    const restore = (k: 'TSRAY_NODE_ID' | 'TSRAY_GCS_CONNECT_TIMEOUT_S', v: string | undefined) => (v === undefined ? delete process.env[k] : (process.env[k] = v));
    try {
      // Each non-head node in turn: unset, the driver would take the head's.
      for (const chosen of nodeRecords().filter((r) => !r.isHead && alive(r.rayletPid))) {
        process.env.TSRAY_NODE_ID = chosen.nodeId!;
        await ray.init({ address });
        expect(ray.getRuntimeContext().nodeId).toBe(chosen.nodeId);
        expect(await ray.get(square.remote(7))).toBe(49);
        await ray.shutdown();
      }
      process.env.TSRAY_NODE_ID = 'ab'.repeat(14);
      process.env.TSRAY_GCS_CONNECT_TIMEOUT_S = '1';
      await expect(ray.init({ address })).rejects.toThrow(/no live node abab\w+ on this machine \(TSRAY_NODE_ID/);
      expect(ray.isInitialized()).toBe(false);
      process.env.TSRAY_NODE_ID = 'node-1';
      await expect(ray.init({ address })).rejects.toThrow(/TSRAY_NODE_ID must be a node id/);
    } finally {
      restore('TSRAY_NODE_ID', saved.node);
      restore('TSRAY_GCS_CONNECT_TIMEOUT_S', saved.timeout);
    }
  });

  it('places tasks across nodes: SPREAD, custom resources, node affinity, and says what no node has', async () => {
    await ray.init({ address });
    const nodes = await ray.nodes();
    const spread = await ray.get(Array.from({ length: 9 }, () => context.options({ schedulingStrategy: 'SPREAD' }).remote())) as Array<{ nodeId: string }>;
    expect(new Set(spread.map((c) => c.nodeId)).size).toBe(3);
    // Only the third node has TPUs.
    const tpuNode = nodes.find((n) => n.resources.TPU === 2)!;
    const onTpu = await ray.get(context.options({ resources: { TPU: 1 } }).remote()) as { nodeId: string };
    expect(onTpu.nodeId).toBe(tpuNode.nodeId);
    const other = nodes.find((n) => !n.isHead && n.nodeId !== tpuNode.nodeId)!;
    const pinned = await ray.get(context.options({ schedulingStrategy: { nodeId: other.nodeId } }).remote()) as { nodeId: string };
    expect(pinned.nodeId).toBe(other.nodeId);
    const err = await ray.get(square.options({ numCpus: 3 }).remote(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ray.TaskUnschedulableError);
    expect((err as Error).message).toMatch(/CPU: requested 3, largest node has 2/);
    await ray.shutdown();
  });

  it('moves objects between nodes: arguments to tasks elsewhere, results back', async () => {
    await ray.init({ address });
    const big = ray.put(new Float64Array(200_000).fill(2));
    const sums = await ray.get(Array.from({ length: 6 }, () => sumBig.options({ schedulingStrategy: 'SPREAD' }).remote(big)));
    expect(sums).toEqual(Array(6).fill(400_000));
    const made = await ray.get(Array.from({ length: 6 }, () => makeBig.options({ schedulingStrategy: 'SPREAD' }).remote(150_000)));
    for (const m of made) {
      expect(m).toBeInstanceOf(Float64Array);
      expect(m[149_999]).toBe(149_999);
    }
    await ray.shutdown();
  });

  it('finishes every task when a raylet is killed with SIGKILL mid-workload', async () => {
    const victim = addNode(address, '--num-cpus', '1');
    const victimPid = nodeRecords().find((r) => (r as { nodeId?: string }).nodeId === victim)!.rayletPid;
    await ray.init({ address });
    // An actor on that node restarts elsewhere (fresh state), within maxRestarts.
    const survivor = Where.options({ schedulingStrategy: { nodeId: victim, soft: true }, maxRestarts: 1, maxTaskRetries: 1 }).remote();
    expect(await ray.get(survivor.node.remote())).toBe(victim);
    expect(await ray.get([survivor.inc.remote(), survivor.inc.remote()])).toEqual([1, 2]);
    const refs = Array.from({ length: 24 }, (_, i) => slowSquare.options({ schedulingStrategy: 'SPREAD', maxRetries: 3 }).remote(i, 300));
    await new Promise((r) => setTimeout(r, 500));
    process.kill(victimPid, 'SIGKILL');
    expect(await ray.get(refs)).toEqual(Array.from({ length: 24 }, (_, i) => i * i));
    expect(await ray.get(survivor.inc.remote())).toBe(1);
    expect(await ray.get(survivor.node.remote())).not.toBe(victim);
    await ray.shutdown();
  });

  it('places actors on other nodes: by resources and strategy; calls, arrays, errors and kill work there', async () => {
    await ray.init({ address });
    const nodes = await ray.nodes();
    const tpuNode = nodes.find((n) => n.resources.TPU === 2)!;
    const w = Where.options({ resources: { TPU: 1 } }).remote();
    expect(await ray.get(w.node.remote())).toBe(tpuNode.nodeId);
    expect(await ray.get([w.inc.remote(), w.inc.remote(), w.inc.remote()])).toEqual([1, 2, 3]);
    expect(await ray.get(w.sum.remote(ray.put(new Float64Array(200_000).fill(1))))).toBe(200_000);
    const made = await ray.get(w.make.remote(150_000));
    expect(made[149_999]).toBe(4);
    const err = await ray.get(w.fail.remote()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ray.TaskError);
    expect((err as ray.TaskError).cause).toBeInstanceOf(RangeError);
    // SPREAD actors land on different nodes.
    const spread = Array.from({ length: 3 }, () => Where.options({ schedulingStrategy: 'SPREAD' }).remote());
    expect(new Set(await ray.get(spread.map((a) => a.node.remote()))).size).toBe(3);
    await ray.kill(w);
    expect(await ray.get(w.inc.remote()).catch((e: unknown) => e)).toBeInstanceOf(ray.ActorDiedError);
    for (const a of spread) await ray.kill(a);
    await ray.shutdown();
  });

  it('lets a second driver reach an actor by name', async () => {
    await ray.init({ address, namespace: 'shared' });
    const tally = Counter.options({ name: 'tally', lifetime: 'detached' }).remote(10);
    expect(await ray.get(tally.inc.remote(1))).toBe(11);
    const out = execFileSync(process.execPath, ['--import', 'tsx', `${root}test/fixtures/cluster-actor-driver.ts`, address], { cwd: root, env, encoding: 'utf8', timeout: 150_000 });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ value: 16 });
    expect(await ray.get(tally.inc.remote(1))).toBe(17);
    await ray.kill(tally);
    await ray.shutdown();
  });

  it("ships the driver's working directory: nodes import the job's code from their own copy", () => {
    const proj = join(tmp, 'proj');
    mkdirSync(proj, { recursive: true });
    writeFileSync(join(proj, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(proj, 'tasks.mjs'), `import * as ray from '${root}src/index.ts';\nexport const where = ray.remote(function where() { return import.meta.url; });\n`);
    writeFileSync(join(proj, 'driver.mjs'), [
      `import * as ray from '${root}src/index.ts';`,
      `import { rmSync } from 'node:fs';`,
      `import { where } from './tasks.mjs';`,
      `await ray.init({ address: process.argv[2] });`,
      // The original goes: the nodes can only run the code from their package.
      `rmSync(new URL('./tasks.mjs', import.meta.url));`,
      `const urls = await ray.get(Array.from({ length: 6 }, () => where.options({ schedulingStrategy: 'SPREAD' }).remote()));`,
      `console.log(JSON.stringify({ urls }));`,
      `await ray.shutdown();`,
    ].join('\n'));
    // tsx is this repository's (the project has no node_modules of its own).
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const out = execFileSync(process.execPath, ['--import', tsx, join(proj, 'driver.mjs'), address], { cwd: proj, env, encoding: 'utf8', timeout: 150_000 });
    const { urls } = JSON.parse(out.trim().split('\n').pop()!) as { urls: string[] };
    expect(urls).toHaveLength(6);
    const packages = pathToFileURL(join(tmp, 'packages')).href;
    for (const url of urls) {
      expect(url.startsWith(`${packages}/`)).toBe(true);
      expect(url.slice(packages.length)).toMatch(/^\/[0-9a-f]{32}\/tasks\.mjs$/);
    }
  });

  it('takes the address from TSRAY_ADDRESS, and finds the local cluster with "auto"', () => {
    const driver = `${root}test/fixtures/cluster-driver.ts`;
    const run = (args: string[], extra: Record<string, string>) =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', driver, ...args], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8', timeout: 150_000 }).trim().split('\n').pop()!);
    // (Three nodes, and the one killed above while the GCS has not yet declared it dead.)
    for (const out of [run([], { TSRAY_ADDRESS: address }), run(['auto'], {})]) {
      expect(out.values).toEqual([1, 4, 9]);
      expect(out.nodes).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses to start a node for a wrong address, naming it', () => {
    let message = '';
    try {
      cli('start', '--address', '127.0.0.1:1');
    } catch (e) {
      message = String((e as { stderr?: string }).stderr);
    }
    expect(message).toMatch(/127\.0\.0\.1:1/);
    expect(nodeRecords()).toHaveLength(4);
  });

  it('tsray stop leaves no process, socket, folder or shared-memory segment behind', () => {
    const records = nodeRecords();
    const pids = records.flatMap((r) => [r.rayletPid, r.gcsPid].filter((p): p is number => !!p));
    // Four raylets were started (one was killed) and one GCS.
    expect(pids).toHaveLength(5);
    expect(pids.filter(alive)).toHaveLength(4);
    expect(cli('stop')).toMatch(/stopped 4 raylet\(s\) and 1 GCS/);
    expect(pids.filter(alive)).toEqual([]);
    expect(nodeRecords()).toEqual([]);
    for (const r of records) expect(existsSync(r.nodeDir)).toBe(false);
    const leftovers = readdirSync('/dev/shm').filter((f) => pids.some((p) => f.startsWith(`tsray-${p}.`)));
    expect(leftovers).toEqual([]);
  });
});
