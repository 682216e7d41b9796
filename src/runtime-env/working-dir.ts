import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tar from 'tar';
import { RuntimeEnvSetupError } from '../common/errors.js';

/**
 * Code distribution (Ray's `runtimeEnv.workingDir`): the driver packages its working directory,
 * uploads it to the GCS once per content hash, and every node unpacks it under one path,
 * `<packages>/<hash>/`, the same on every machine. The driver names its remote functions by
 * their module's URL inside that path, so any node's workers import the job's code from its own
 * unpacked copy.
 */

/** Packages larger than this are refused, as Ray refuses working directories over 100 MiB. */
export const MAX_PACKAGE_BYTES = 100 * 2 ** 20;
/** Never packaged: installed dependencies and version control (each node has its own). */
const EXCLUDED = new Set(['node_modules', '.git']);
/** The GCS KV namespace holding packages by hash. */
export const PACKAGE_NAMESPACE = 'tsray.packages';

/** Where nodes unpack packages (`TSRAY_PACKAGES_DIR`, default /tmp/tsray-packages). */
export function packagesRoot(): string {
  return process.env.TSRAY_PACKAGES_DIR ?? join('/tmp', 'tsray-packages');
}

/** The project root of a program: the nearest folder above its entry file with a package.json. */
export function defaultWorkingDir(entry: string | undefined): string {
  let dir = entry ? dirname(resolve(entry)) : process.cwd();
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return dir;
  }
}

/** The files of a working directory, relative and sorted, with their total size. */
function listFiles(root: string): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (EXCLUDED.has(name)) continue;
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        files.push(relative(root, path));
        bytes += st.size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

export interface WorkingDirPackage {
  /** sha256 of the files' names and contents: the package's name. */
  hash: string;
  /** The folder it was made from, on the driver's machine. */
  root: string;
  tarball: Uint8Array;
}

/** Packages a working directory (a gzipped tar), refusing it when it is too large. */
export function packageWorkingDir(root: string, tempDir: string): WorkingDirPackage {
  if (!existsSync(root) || !lstatSync(root).isDirectory()) {
    throw new RuntimeEnvSetupError(`runtimeEnv.workingDir ${root} is not a folder.`);
  }
  const { files, bytes } = listFiles(root);
  if (bytes > MAX_PACKAGE_BYTES) {
    throw new RuntimeEnvSetupError(
      `runtimeEnv.workingDir ${root} holds ${(bytes / 2 ** 20).toFixed(1)} MiB (without node_modules and .git); ` +
      `the limit is ${MAX_PACKAGE_BYTES / 2 ** 20} MiB. Point workingDir at the folder with your code only.`);
  }
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  const digest = hash.digest('hex').slice(0, 32);
  mkdirSync(tempDir, { recursive: true });
  // Named for this call alone: drivers of one project may package it at the same moment.
  const file = join(tempDir, `${digest}.${process.pid}.${randomBytes(4).toString('hex')}.tgz`);
  tar.c({ gzip: true, cwd: root, file, sync: true, portable: true }, files);
  const tarball = readFileSync(file);
  rmSync(file, { force: true });
  return { hash: digest, root, tarball };
}

/** The package a module URL belongs to (its hash), if it points into the packages folder. */
export function packageOfUrl(url: string): string | undefined {
  const prefix = pathToFileURL(packagesRoot()).href + '/';
  if (!url.startsWith(prefix)) return undefined;
  return url.slice(prefix.length).split('/')[0];
}

/** Maps module URLs under the driver's working directory to the same files in the package. */
export function packageUrlMapper(pkg: { hash: string; root: string }): (url: string) => string {
  const from = pathToFileURL(pkg.root).href + '/';
  const to = pathToFileURL(join(packagesRoot(), pkg.hash)).href + '/';
  return (url) => (url.startsWith(from) ? to + url.slice(from.length) : url);
}

/** Unpacks in flight on this node, by hash: concurrent needs of one package fetch it once. */
const unpacking = new Map<string, Promise<string>>();

/**
 * Makes sure a package is unpacked on this node (fetching it from the GCS with `fetch`), and
 * returns its folder. Its node_modules points at the tsray install's, so its bare imports
 * (`tsray` and the like) resolve.
 */
export function ensurePackage(hash: string, fetch: () => Promise<Uint8Array | undefined>): Promise<string> {
  const dir = join(packagesRoot(), hash);
  if (existsSync(join(dir, '.tsray-complete'))) return Promise.resolve(markUser(dir));
  let p = unpacking.get(hash);
  if (!p) {
    p = (async () => {
      const tarball = await fetch();
      if (!tarball) throw new RuntimeEnvSetupError(`The job's code package ${hash} is not in the GCS (was the driver's upload lost?).`);
      const temp = `${dir}.${process.pid}.partial`;
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp, { recursive: true });
      const file = `${temp}.tgz`;
      writeFileSync(file, tarball);
      try {
        tar.x({ file, cwd: temp, sync: true });
      } finally {
        rmSync(file, { force: true });
      }
      linkNodeModules(temp);
      writeFileSync(join(temp, '.tsray-complete'), '');
      try {
        renameSync(temp, dir);
      } catch {
        rmSync(temp, { recursive: true, force: true }); // another process unpacked it first
      }
      return markUser(dir);
    })().finally(() => unpacking.delete(hash));
    unpacking.set(hash, p);
  }
  return p;
}

/**
 * Records this process as a user of a package (a file named by its pid), so `tsray stop`
 * removes a package only when no live process uses it (another cluster on the machine may).
 */
function markUser(dir: string): string {
  const users = join(dir, '.tsray-users');
  mkdirSync(users, { recursive: true });
  writeFileSync(join(users, String(process.pid)), '');
  return dir;
}

/** Removes the packages no live process uses. */
export function removeUnusedPackages(alive: (pid: number) => boolean): void {
  let hashes: string[];
  try {
    hashes = readdirSync(packagesRoot());
  } catch {
    return;
  }
  for (const hash of hashes) {
    const dir = join(packagesRoot(), hash);
    let users: string[] = [];
    try {
      users = readdirSync(join(dir, '.tsray-users'));
    } catch {
      // never marked (an unpack that failed half-way): unused
    }
    if (!users.some((u) => alive(Number(u)))) rmSync(dir, { recursive: true, force: true });
  }
}

/** The node_modules folder holding this tsray install (its package root's parent, or its own). */
function linkNodeModules(dir: string): void {
  const here = fileURLToPath(import.meta.url);
  for (let d = dirname(here); dirname(d) !== d; d = dirname(d)) {
    const candidate = join(d, 'node_modules');
    if (existsSync(candidate) && !candidate.includes(`${sep}node_modules${sep}`)) {
      try {
        symlinkSync(candidate, join(dir, 'node_modules'), 'dir');
      } catch {
        // the package brought its own: keep it
      }
      return;
    }
  }
}
