import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Packr } from 'msgpackr';
import * as ray from '../../src/index.js';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { RpcClient } from '../../src/rpc/rpc-client.js';
import { runtimeState } from '../../src/common/runtime-state.js';
import { PACKAGE_NAMESPACE, packageWorkingDir } from '../../src/runtime-env/working-dir.js';
import { pack, unpack, unpackWithClasses } from '../../src/serialization/serializer.js';
import { cliCluster, root, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { failValidation, square, ValidationError } from '../fixtures/tasks.js';

/**
 * Where code runs from, and who can read what a cluster writes: job packages are checked
 * against their hash and unpacked into a folder that is the cluster user's alone, workers import
 * modules of job packages only (embedded: of the driver's project), error classes are never
 * loaded from a URL that came with an error, and spill files, node folders, logs and sockets
 * are readable by the cluster's user only.
 */

const cluster = cliCluster('packages-test');
const { tmp, env, startHead, addNode, nodeRecords } = cluster;
const packages = join(tmp, 'packages');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const packr = new Packr({ useRecords: false, moreTypes: true });

let address = '';

beforeAll(() => {
  address = startHead('--num-cpus', '2').address;
  addNode(address, '--num-cpus', '1');
}, 400_000);

// Each test's driver leaves the cluster (or its embedded runtime) behind it.
disconnectAfterEachTest(ray, cluster);

/** A project's tasks: `answer` returns `answer`; `oops` throws an Oops (the project's class). */
const tasksSource = (name: string, answer: string) => [
  `// project ${name}`,
  `import * as ray from '${root}src/index.ts';`,
  `export const answer = ray.remote(function answer() { return ${JSON.stringify(answer)}; });`,
  `export class Oops extends Error {}`,
  `export const oops = ray.remote(function oops() { throw new Oops('oops'); });`,
  '',
].join('\n');

/**
 * A user's project (its own package: each project's content differs). Its driver asks every
 * node (SPREAD) what `answer` returns there, or, given options as JSON, runs `answer` with them
 * and `oops`, and says what happened.
 */
function project(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'tasks.mjs'), tasksSource(name, 'genuine'));
  writeFileSync(join(dir, 'driver.mjs'), [
    `import * as ray from '${root}src/index.ts';`,
    `import { answer, oops, Oops } from './tasks.mjs';`,
    `await ray.init({ address: process.argv[2] });`,
    `if (process.argv[3]) {`,
    `  const err = await ray.get(answer.options(JSON.parse(process.argv[3])).remote()).catch((e) => e);`,
    `  const thrown = await ray.get(oops.options(JSON.parse(process.argv[3])).remote()).catch((e) => e);`,
    `  console.log(JSON.stringify({ name: err.name, message: err.message, oopsIsOops: thrown.cause instanceof Oops }));`,
    `} else {`,
    `  const answers = await ray.get(Array.from({ length: 4 }, () => answer.options({ schedulingStrategy: 'SPREAD' }).remote()));`,
    `  console.log(JSON.stringify({ answers }));`,
    `}`,
    `await ray.shutdown();`,
  ].join('\n'));
  return dir;
}

/** Runs a project's driver against the cluster: what it printed last, and its stderr. */
function runDriver(dir: string, ...args: string[]): { out?: Record<string, unknown>; answers?: string[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, join(dir, 'driver.mjs'), address, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 150_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const out = r.status === 0 && last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : undefined;
  return { out, answers: out?.answers as string[] | undefined, stderr: r.stderr };
}

const mode = (path: string) => (lstatSync(path).mode & 0o777).toString(8);

describe("a job's code package", () => {
  it('is refused, naming it, when the GCS holds other content under its hash; the next start uploads it again', async () => {
    const dir = project('tampered');
    const { hash } = packageWorkingDir(dir);
    // The same project with other code, stored under the genuine project's hash.
    const forged = join(tmp, 'tampered-forged');
    cpSync(dir, forged, { recursive: true });
    writeFileSync(join(forged, 'tasks.mjs'), tasksSource('tampered', 'forged'));
    const gcs = await GcsClient.connect(address);
    try {
      await gcs.kvPut(PACKAGE_NAMESPACE, hash, packageWorkingDir(forged).tarball, true);
      const first = runDriver(dir);
      expect(first.answers).toBeUndefined();
      expect(first.stderr).toContain(`package ${hash}`);
      expect(first.stderr).toMatch(/does not match its hash/);
      expect(existsSync(join(packages, hash))).toBe(false);
      // Dropped from the GCS, so the driver's next start uploads its own again.
      expect(await gcs.kvExists(PACKAGE_NAMESPACE, hash)).toBe(false);
      expect(runDriver(dir).answers).toEqual(Array(4).fill('genuine'));
    } finally {
      gcs.close();
    }
  });

  it('is never taken from a folder found at its path: one made there beforehand is replaced', () => {
    const dir = project('planted');
    const { hash } = packageWorkingDir(dir);
    // What the former fixed path in /tmp let anyone do: make the package's folder first.
    const planted = join(packages, hash);
    mkdirSync(planted, { recursive: true, mode: 0o700 });
    writeFileSync(join(planted, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(planted, 'tasks.mjs'), tasksSource('planted', 'forged'));
    writeFileSync(join(planted, '.tsray-complete'), '');
    expect(runDriver(dir).answers).toEqual(Array(4).fill('genuine'));
    expect(readFileSync(join(planted, 'tasks.mjs'), 'utf8')).toContain('genuine');
    expect(existsSync(join(planted, '.tsray-complete'))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)("is not taken from a folder another user owns, even with the right files", () => {
    const dir = project('foreign');
    const { hash } = packageWorkingDir(dir);
    const planted = join(packages, hash);
    cpSync(dir, planted, { recursive: true });
    for (const f of ['', 'package.json', 'tasks.mjs', 'driver.mjs']) chownSync(join(planted, f), 65534, 65534);
    expect(runDriver(dir).answers).toEqual(Array(4).fill('genuine'));
    expect(statSync(planted).uid).toBe(0);
    expect(statSync(join(planted, 'tasks.mjs')).uid).toBe(0);
  });
});

describe('module URLs', () => {
  /**
   * Module URLs outside every job package, each of whose modules would leave a file named for
   * `tag` (`ran(tag)`) if anything imported it.
   */
  const ran = (tag: string) => join(tmp, `imported-${tag}`);
  const outside = (tag: string) => {
    const evilFile = join(tmp, `evil-${tag}.mjs`);
    writeFileSync(evilFile, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(ran(tag))}, 'file');\n`);
    return [
      `data:text/javascript,import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(ran(tag))}, 'data');`,
      'http://127.0.0.1:9/evil.mjs',
      pathToFileURL(evilFile).href,
      `tsray-package:${'0'.repeat(32)}/../../evil-${tag}.mjs`,
      `tsray-package:${'0'.repeat(32)}/%2e%2e/%2e%2e/evil-${tag}.mjs`,
    ];
  };

  /** A remote function whose descriptor names `moduleUrl` (what a forged submission carries). */
  const forged = (moduleUrl: string) => {
    const f = square.options({});
    (f as unknown as { descriptor: unknown }).descriptor = { moduleUrl, key: 'evil', name: 'evil' };
    return f;
  };

  it('NodeManagerService.RunTask refuses a module outside every job package with ModuleNotAllowedError, importing nothing', async () => {
    const gcs = await GcsClient.connect(address);
    const nodes = (await gcs.getAllNodes()).filter((n) => n.state === 'ALIVE');
    gcs.close();
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      const client = new RpcClient(`${node.nodeManagerAddress}:${node.nodeManagerPort}`, { serverName: 'tsray raylet' });
      try {
        for (const [i, moduleUrl] of outside('rpc').entries()) {
          const exec = { taskId: `forged${i}`, attempt: 0, fn: { moduleUrl, key: 'evil', name: 'evil' }, numReturns: 1 };
          const request = { calls: [{ exec, resources: { CPU: 1 }, from: { nodeId: 'forged', session: 'forged', address: '127.0.0.1:9' } }] };
          const { payload } = await client.call('NodeManagerService.RunTask', { payload: packr.pack(request) }, { timeoutMs: 60_000 });
          const reply = packr.unpack(payload) as { results: Array<[number, { reply: { error?: { data: Uint8Array } } } | null, string?]> };
          const [, result, failure] = reply.results[0]!;
          expect(failure).toBeUndefined();
          const err = unpack(result!.reply.error!.data) as ray.TaskError;
          expect(err).toBeInstanceOf(ray.TaskError);
          expect(err.cause).toBeInstanceOf(ray.ModuleNotAllowedError);
          expect(err.cause).toBeInstanceOf(ray.FunctionNotFoundError);
          expect((err.cause as Error).message).toContain(moduleUrl);
        }
      } finally {
        client.close();
      }
    }
    expect(existsSync(ran('rpc'))).toBe(false);
  });

  it("workers refuse them too: a driver's task naming one fails with ModuleNotAllowedError, on its node and others", async () => {
    await ray.init({ address });
    for (const url of outside('cluster')) {
      for (const options of [{}, { schedulingStrategy: 'SPREAD' as const }]) {
        const errs = await Promise.all(Array.from({ length: 3 }, () => ray.get(forged(url).options(options).remote(1)).catch((e: unknown) => e)));
        for (const err of errs) {
          expect(err).toBeInstanceOf(ray.TaskError);
          expect((err as ray.TaskError).cause).toBeInstanceOf(ray.ModuleNotAllowedError);
        }
      }
    }
    // The job's own code runs as ever.
    expect(await ray.get(square.remote(4))).toBe(16);
    expect(existsSync(ran('cluster'))).toBe(false);
  });

  it("embedded, workers import modules of the driver's project only", async () => {
    await ray.init({ numCpus: 1, logToDriver: false });
    for (const url of outside('embedded')) {
      const err = await ray.get(forged(url).remote(1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ray.TaskError);
      expect((err as ray.TaskError).cause).toBeInstanceOf(ray.ModuleNotAllowedError);
      expect(((err as ray.TaskError).cause as Error).message).toContain(url);
    }
    expect(await ray.get(square.remote(5))).toBe(25);
    expect(existsSync(ran('embedded'))).toBe(false);
  });
});

describe("an error's class", () => {
  it('is found among the modules this process loaded, never by importing the URL the error names', async () => {
    const url = `data:text/javascript,globalThis.tsrayForgedClassLoaded = true; export class Forged extends Error {}`;
    class Forged extends Error {}
    // An error packed as if its class came from that URL (what any sender can claim).
    const state = runtimeState();
    state.importedModules.set(url, { Forged });
    let data: Uint8Array;
    try {
      data = pack(new Forged('boom')).data;
    } finally {
      state.importedModules.delete(url);
    }
    const err = await unpackWithClasses(data);
    expect((globalThis as { tsrayForgedClassLoaded?: boolean }).tsrayForgedClassLoaded).toBeUndefined();
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('boom');
  });

  it("is the driver's own class for a job's error from a cluster node", async () => {
    // A module of the job's package (sent by its place in the package) ...
    expect(runDriver(project('errors'), JSON.stringify({ schedulingStrategy: 'SPREAD' })).out?.oopsIsOops).toBe(true);
    // ... and one on the code search path (sent by its path).
    await ray.init({ address });
    const err = await ray.get(failValidation.options({ schedulingStrategy: 'SPREAD' }).remote('email')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ray.TaskError);
    expect((err as ray.TaskError).cause).toBeInstanceOf(ValidationError);
  });
});

describe('files a cluster writes', () => {
  it('node folders, logs and sockets are the cluster user\'s alone (0700 folders, 0600 files and sockets)', () => {
    expect(mode(join(tmp, 'tsray', 'nodes'))).toBe('700');
    const records = nodeRecords();
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const r of records) {
      expect(mode(r.nodeDir)).toBe('700');
      expect(mode(join(r.nodeDir, 'node.json'))).toBe('600');
      expect(mode(join(r.nodeDir, 'logs'))).toBe('700');
      const logs = readdirSync(join(r.nodeDir, 'logs'));
      expect(logs).toContain('raylet.log');
      for (const f of logs) expect(mode(join(r.nodeDir, 'logs', f))).toBe('600');
      const socket = join(r.nodeDir, 'raylet.sock');
      expect(lstatSync(socket).isSocket()).toBe(true);
      expect(mode(socket)).toBe('600');
    }
  });

  it('unpacked packages are too (0700 folders, 0600 files)', () => {
    expect(mode(packages)).toBe('700');
    const hashes = readdirSync(packages).filter((n) => /^[0-9a-f]{32}$/.test(n));
    expect(hashes.length).toBeGreaterThan(0);
    const walk = (dir: string): void => {
      expect(mode(dir)).toBe('700');
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const st = lstatSync(path);
        if (st.isSymbolicLink()) continue; // node_modules: the node's own install
        if (st.isDirectory()) walk(path);
        else expect(mode(path)).toBe('600');
      }
    };
    for (const h of hashes) walk(join(packages, h));
  });

  it('spill files are 0600 in 0700 folders', async () => {
    await ray.init({ numCpus: 1, logToDriver: false, objectStoreMemory: 32 * 2 ** 20 });
    const refs = Array.from({ length: 6 }, (_, i) => ray.put(new Float64Array(2 ** 20).fill(i)));
    expect((await ray.objectStoreStats()).spilled).toBeGreaterThan(0);
    const sessions = join(tmpdir(), 'tsray');
    const mine = readdirSync(sessions).filter((n) => n.startsWith(`session-${process.pid}.`));
    expect(mine).toHaveLength(1);
    const spill = join(sessions, mine[0]!, 'spill');
    expect(mode(join(sessions, mine[0]!))).toBe('700');
    expect(mode(spill)).toBe('700');
    const files = readdirSync(spill);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(mode(join(spill, f))).toBe('600');
    expect((await ray.get(refs[0]!))[0]).toBe(0);
  });
});

describe('the packages folder', () => {
  // Last: it adds a node that can run nothing.
  it('is refused, naming it, when other users may write into it; nothing is unpacked there', async () => {
    const shared = join(tmp, 'shared-packages');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    execFileSync(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, 'start', '--address', address, '--num-cpus', '1', '--resources', '{"sharedPackages": 1}'],
      { cwd: root, env: { ...env, TSRAY_PACKAGES_DIR: shared }, encoding: 'utf8', timeout: 150_000 });
    const { out } = runDriver(project('shared'), JSON.stringify({ resources: { sharedPackages: 1 } }));
    expect(out?.name).toBe('RuntimeEnvSetupError');
    expect(out?.message).toContain(shared);
    expect(out?.message).toMatch(/writable by other users/);
    expect(readdirSync(shared)).toEqual([]);
  });
});
