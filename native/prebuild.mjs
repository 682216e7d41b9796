// Builds the prebuilt binaries shipped in the package (`npm pack` runs it): the addon uses
// Node-API, so one binary per platform serves every Node version in `engines`. linux-x64 is
// built here; linux-arm64 too when the aarch64 cross compiler is installed
// (`apt-get install g++-aarch64-linux-gnu`), else it is skipped with a note.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = fileURLToPath(new URL('.', import.meta.url));
const prebuildify = fileURLToPath(new URL('../node_modules/prebuildify/bin.js', import.meta.url));
// prebuildify's node-gyp folder (unused: npm builds against this Node's own headers), which it
// would otherwise leave as <tmpdir>/prebuildify.
const cache = mkdtempSync(join(tmpdir(), 'tsray-prebuildify-'));

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(arch, env) {
  console.log(`tsray: building the prebuilt addon for linux-${arch}`);
  // Built against this Node's headers (Node-API binaries do not depend on the version), so
  // nothing is downloaded; npm names its own node-gyp in npm_config_node_gyp.
  const args = [prebuildify, '--napi', '--strip', '--tag-libc', '--name', 'tsray_shm', '--arch', arch, '--target', process.versions.node, '--cache', cache];
  const gyp = process.env.npm_config_node_gyp ? { PREBUILD_NODE_GYP: process.env.npm_config_node_gyp } : {};
  const r = spawnSync(process.execPath, args, { cwd: nativeDir, stdio: 'inherit', env: { ...process.env, ...gyp, ...env } });
  if (r.status !== 0) throw new Error(`prebuildify for linux-${arch} exited with ${r.status ?? r.signal}`);
}

rmSync(new URL('prebuilds/', import.meta.url), { recursive: true, force: true });
try {
  run(process.arch);
  const cross = 'aarch64-linux-gnu';
  if (process.arch === 'x64' && has(`${cross}-g++`)) {
    run('arm64', { CC: `${cross}-gcc`, CXX: `${cross}-g++`, LINK: `${cross}-g++`, PREBUILD_STRIP_BIN: `${cross}-strip` });
  } else if (process.arch === 'x64') {
    console.log(`tsray: no ${cross}-g++ here: the package will have no linux-arm64 prebuild (arm64 machines build from source)`);
  }
} finally {
  rmSync(cache, { recursive: true, force: true });
}
// prebuildify leaves the last architecture's build in build/, where the loader would take it
// before the prebuilds.
rmSync(new URL('build/', import.meta.url), { recursive: true, force: true });
