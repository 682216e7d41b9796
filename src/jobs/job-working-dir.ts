import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RuntimeEnvSetupError } from '../common/errors.js';
import { tar } from '../runtime-env/working-dir.js';

/**
 * A job's working directory on the head: the package uploaded with the job (a gzipped tar from
 * tsray's client, a zip from Ray's) unpacked into a folder of its own, with a
 * `node_modules/tsray` link to the tsray that runs the job server, so `import 'tsray'` in the
 * job's code resolves with no node_modules of the job's own.
 */

/** Package names: Ray's `_ray_pkg_<hash>.zip`, tsray's `_ray_pkg_<hash>.tar.gz`. */
export const PACKAGE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}\.(zip|tar\.gz|tgz)$/;

/** The root of the tsray package this module belongs to (src/jobs/ or dist/jobs/, two up). */
export function tsrayPackageRoot(): string {
  return dirname(dirname(dirname(fileURLToPath(import.meta.url))));
}

/** Makes `dir` (0700), unpacks `pkg` into it when given, and links tsray in. Returns `dir`. */
export async function prepareJobDir(dir: string, pkg?: { name: string; bytes: Uint8Array }): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (pkg) {
    try {
      if (pkg.name.endsWith('.zip')) {
        const file = `${dir}.zip`;
        writeFileSync(file, pkg.bytes, { mode: 0o600 });
        try {
          // unzip refuses entries that climb out of the folder (../) and says so.
          await promisify(execFile)('unzip', ['-q', '-o', file, '-d', dir]);
        } finally {
          rmSync(file, { force: true });
        }
      } else {
        // node-tar strips absolute paths and `..` from entries unless told otherwise.
        await new Promise<void>((resolve, reject) => {
          const x = tar().x({ cwd: dir, gzip: true, strict: true });
          x.on('error', reject);
          x.on('finish', () => resolve());
          x.end(Buffer.from(pkg.bytes));
        });
      }
    } catch (e) {
      throw new RuntimeEnvSetupError(`Cannot unpack the job's working_dir package ${pkg.name}: ${(e as Error).message}`, { cause: e });
    }
  }
  const modules = join(dir, 'node_modules');
  if (!existsSync(join(modules, 'tsray'))) {
    mkdirSync(modules, { recursive: true, mode: 0o700 });
    symlinkSync(tsrayPackageRoot(), join(modules, 'tsray'), 'dir');
  }
  return dir;
}
