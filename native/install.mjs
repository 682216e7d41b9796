// npm's install hook for tsray's shared-memory addon. A prebuilt binary for this platform (in
// prebuilds/, shipped in the package) needs no work and no compiler. Without one, the addon is
// built from source with node-gyp. When that fails too, the install still succeeds: tsray runs
// without its shared-memory store (large values are copied), and says so, once, here and at
// run time.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);
const platform = `${process.platform}-${process.arch}`;

/** The prebuilt binary node-gyp-build would load for this platform, if it loads here. */
function loadablePrebuild() {
  try {
    const path = require('node-gyp-build').path(nativeDir);
    if (!relative(nativeDir, path).startsWith(`prebuilds${sep}`)) return undefined; // a build from source
    require(path);
    return path;
  } catch {
    return undefined;
  }
}

const fromSource = /^(1|true)$/.test(process.env.npm_config_build_from_source ?? '');
const prebuild = fromSource ? undefined : loadablePrebuild();
if (prebuild) {
  console.log(`tsray: using the prebuilt shared-memory addon ${relative(nativeDir, prebuild)}`);
  process.exit(0);
}

// npm puts its own node-gyp on PATH for install scripts (and names it in npm_config_node_gyp).
const gyp = process.env.npm_config_node_gyp;
const [command, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
const build = spawnSync(command, [...args, 'rebuild', '--directory', nativeDir], { stdio: 'inherit' });
if (build.status === 0) process.exit(0);

console.warn(
  `\ntsray: WARNING: no prebuilt shared-memory addon for ${platform} is in this package, and building it from ` +
  `source failed (${build.error ? build.error.message : `node-gyp exited with ${build.status}`}). ` +
  'Building needs python3, make and a C++ compiler (e.g. `apt-get install python3 make g++`); install them, then ' +
  'run `npm rebuild tsray`. Until then tsray works without its shared-memory object store: large values are ' +
  'copied instead of shared.\n');
