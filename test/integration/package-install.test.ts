import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The package as a user gets it: `npm pack`, then `npm install` of the tarball into an empty
 * project on a PATH with node and npm but no compiler, python or make.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/installed-project/', import.meta.url));
const run = promisify(execFile);

const work = mkdtempSync(join(tmpdir(), 'tsray-package-'));
const project = join(work, 'project');
/** A PATH holding node, npm and npx only (and the shell tools npm's scripts need). */
const bareBin = join(work, 'bin');
const bareEnv = { ...process.env, PATH: bareBin, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
/** What a checkout holds that `npm pack` must make itself. */
const SKIP = /^(node_modules|\.git|dist|dist-check|native\/build|native\/prebuilds)(\/|$)|\.tgz$/;
let tarball = '';
let files: string[] = [];

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Runs a command in the project on the bare PATH; returns stdout and stderr. */
async function inProject(file: string, args: string[], env: NodeJS.ProcessEnv = bareEnv) {
  return run(file, args, { cwd: project, env, maxBuffer: 32 << 20, timeout: 240_000 });
}

beforeAll(async () => {
  mkdirSync(bareBin);
  const node = process.execPath;
  const npmCli = join(dirname(node), '..', 'lib', 'node_modules', 'npm', 'bin');
  symlinkSync(node, join(bareBin, 'node'));
  const npm = which('npm')!;
  symlinkSync(existsSync(join(npmCli, 'npm-cli.js')) ? join(npmCli, 'npm-cli.js') : npm, join(bareBin, 'npm'));
  symlinkSync(existsSync(join(npmCli, 'npx-cli.js')) ? join(npmCli, 'npx-cli.js') : which('npx')!, join(bareBin, 'npx'));
  for (const tool of ['sh', 'env', 'uname', 'ls', 'cat', 'rm', 'mkdir', 'cp', 'mv', 'chmod', 'ln', 'tar', 'gzip']) {
    const found = which(tool);
    if (found) symlinkSync(found, join(bareBin, tool));
  }

  // `npm pack` runs prepare (the TypeScript build) and prepack (the prebuilt addons), which
  // rewrite dist/ and native/: in a copy of the checkout, so other test files running now keep
  // theirs.
  const checkout = join(work, 'checkout');
  cpSync(root, checkout, { recursive: true, filter: (src) => !SKIP.test(src.slice(root.length)) });
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: checkout, maxBuffer: 32 << 20, timeout: 240_000 });
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);

  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }, null, 2));
  for (const f of readdirSync(fixtures)) cpSync(join(fixtures, f), join(project, f));
  // From npm's cache where it can: the test's own `npm ci` filled it.
  await inProject('npm', ['install', '--prefer-offline', tarball]);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('carries the license, the build, prebuilt addons and the addon sources, and nothing of the build machine', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('native/binding.gyp');
    expect(files).toContain('native/src/shm.cc');
    expect(files).toContain('native/install.mjs');
    expect(files).toContain(`native/prebuilds/linux-${process.arch}/tsray_shm.glibc.node`);
    // linux-arm64 is cross-compiled where the aarch64 compiler is installed (CI installs it).
    if (process.arch === 'x64' && which('aarch64-linux-gnu-g++')) expect(files).toContain('native/prebuilds/linux-arm64/tsray_shm.glibc.node');
    expect(files.filter((f) => f.startsWith('native/build/') || /\.(o|mk|d)$|Makefile$/.test(f))).toEqual([]);
  });

  it('installs on a PATH without a compiler, python or make', async () => {
    for (const tool of ['g++', 'gcc', 'cc', 'make', 'python3']) {
      await expect(run('sh', ['-c', `command -v ${tool}`], { env: bareEnv })).rejects.toThrow();
    }
    expect(existsSync(join(project, 'node_modules', 'tsray', 'native', 'build'))).toBe(false);
  });

  it('runs `npx tsray --help`', async () => {
    const { stdout } = await inProject('npx', ['tsray', '--help']);
    expect(stdout).toMatch(/Usage: tsray/);
    expect(stdout).toMatch(/start/);
  });

  it("exports the job SDK as 'tsray/jobs', to import and to require, with its types", async () => {
    expect(files).toContain('dist/jobs/job-submission-client.d.ts');
    const esm = await inProject(process.execPath, ['--input-type=module', '-e', "import { JobSubmissionClient } from 'tsray/jobs'; console.log(typeof JobSubmissionClient.prototype.submitJob)"]);
    expect(esm.stdout.trim()).toBe('function');
    const cjs = await inProject(process.execPath, ['-e', "console.log(typeof require('tsray/jobs').JobSubmissionClient.prototype.tailJobLogs)"]);
    expect(cjs.stdout.trim()).toBe('function');
  });

  it('runs an ES-module program: tasks, a shared-memory result, a named function calling itself, task names', async () => {
    const { stdout, stderr } = await inProject('node', ['main.mjs']);
    expect(JSON.parse(stdout.trim())).toEqual({
      square: 49, bigLength: 1_000_000, bigSum: 1_000_000, storeUsed: expect.any(Number),
      fib: 55, errorIsTaskError: true, taskName: 'boom',
    });
    expect(JSON.parse(stdout.trim()).storeUsed).toBeGreaterThanOrEqual(8_000_000);
    expect(stderr).not.toMatch(/TSRAY_NO_SHARED_MEMORY/);
  });

  it("runs a CommonJS program: require('tsray') and remote functions in a CommonJS module", async () => {
    const { stdout } = await inProject('node', ['main.cjs']);
    expect(JSON.parse(stdout.trim())).toEqual({ cube: 27, isInitialized: true });
  });

  it('without a prebuild and without a compiler: installs with one warning, runs without the shared-memory store', async () => {
    const installed = join(project, 'node_modules', 'tsray', 'native');
    rmSync(join(installed, 'prebuilds'), { recursive: true });
    const rebuilt = await inProject('npm', ['rebuild', 'tsray', '--foreground-scripts']);
    expect(rebuilt.stdout + rebuilt.stderr).toMatch(/no prebuilt shared-memory addon .* building it from source failed/s);
    expect(rebuilt.stdout + rebuilt.stderr).toMatch(/python3, make and a C\+\+ compiler/);
    const { stdout, stderr } = await inProject('node', ['main.mjs']);
    const result = JSON.parse(stdout.trim());
    expect(result).toMatchObject({ square: 49, bigSum: 1_000_000, fib: 55, storeUsed: 0 });
    expect(stderr.match(/TSRAY_NO_SHARED_MEMORY/g)).toHaveLength(1);
    expect(stderr).toMatch(/npm rebuild tsray/);
  });

  it('without a prebuild, with a compiler: builds the addon from source and uses it', async () => {
    const installed = join(project, 'node_modules', 'tsray', 'native');
    const rebuilt = await inProject('npm', ['rebuild', 'tsray', '--foreground-scripts'], { ...process.env });
    expect(rebuilt.stdout + rebuilt.stderr).not.toMatch(/WARNING/);
    expect(existsSync(join(installed, 'build', 'Release', 'tsray_shm.node'))).toBe(true);
    const { stdout, stderr } = await inProject('node', ['main.mjs']);
    expect(JSON.parse(stdout.trim()).storeUsed).toBeGreaterThanOrEqual(8_000_000);
    expect(stderr).not.toMatch(/TSRAY_NO_SHARED_MEMORY/);
  });
});
