import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Tar from 'tar';
import { ModuleNotAllowedError, RuntimeEnvSetupError } from '../common/errors.js';
import { makePrivateFolder, privateFolderProblem } from '../objectstore/session-files.js';

/**
 * Code distribution (Ray's `runtimeEnv.workingDir`): the driver packages its working directory,
 * uploads it to the GCS once per content hash, and names its remote functions by their module's
 * place in the package, `tsray-package:<hash>/<path>`: the same name on every node. Each node
 * checks the package against its hash, unpacks it into a packages folder that is the cluster
 * user's alone (`~/.tsray/packages/<hash>/`, or `TSRAY_PACKAGES_DIR`), and its workers import the
 * job's modules from there, and from nowhere else.
 */

/** Packages larger than this are refused, as Ray refuses working directories over 100 MiB. */
export const MAX_PACKAGE_BYTES = 100 * 2 ** 20;
/** Never packaged: installed dependencies and version control (each node has its own). */
const EXCLUDED = new Set(['node_modules', '.git']);
/** In an unpacked package: one file per process using it (see `markUser`), not package content. */
const USERS = '.tsray-users';
/** The GCS KV namespace holding packages by hash. */
export const PACKAGE_NAMESPACE = 'tsray.packages';
/** How a module of a job package is named in task descriptors: `tsray-package:<hash>/<path>`. */
export const PACKAGE_URL_SCHEME = 'tsray-package:';
/** A package's name: 32 hex digits of its content's sha256. */
const HASH = /^[0-9a-f]{32}$/;

let tarModule: typeof Tar | undefined;

/** node-tar, loaded on first use: workers, which only name package modules, never load it. */
export function tar(): typeof Tar {
  return (tarModule ??= createRequire(import.meta.url)('tar') as typeof Tar);
}

/** Where nodes unpack packages: `TSRAY_PACKAGES_DIR`, default `~/.tsray/packages`. */
export function packagesRoot(): string {
  return process.env.TSRAY_PACKAGES_DIR || join(homedir(), '.tsray', 'packages');
}

/**
 * The packages folder, made (0700) if missing, as a real path (module URLs are real paths).
 * Refused unless it is this user's alone: code unpacked where another user can write would run
 * as this user.
 */
function privatePackagesRoot(): string {
  const root = packagesRoot();
  const problem = makePrivateFolder(root);
  if (problem) {
    throw new RuntimeEnvSetupError(
      `Cannot use the packages folder ${root}: ${problem}. Job code is unpacked only into a folder that is this user's alone: ` +
      `fix its owner or mode (chmod 700), or set TSRAY_PACKAGES_DIR to another folder.`);
  }
  return realpathSync(root);
}

/** The project root of a program: the nearest folder above its entry file with a package.json. */
export function defaultWorkingDir(entry: string | undefined): string {
  // An entry inside node_modules is a tool's (a test runner, a loader's CLI) running the
  // program from the working directory: the project is there.
  const tool = entry !== undefined && resolve(entry).split(sep).includes('node_modules');
  return projectOf(entry && !tool ? dirname(resolve(entry)) : process.cwd());
}

/** The nearest folder from `dir` up with a package.json (`dir` itself if none has one). */
function projectOf(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return dir;
  }
}

/** The files of a working directory, relative ('/'-separated) and sorted, with their total size. */
function listFiles(root: string): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (EXCLUDED.has(name) || (dir === root && name === USERS)) continue;
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        files.push(relative(root, path).split(sep).join('/'));
        bytes += st.size;
      }
    }
  };
  walk(root);
  return { files: files.sort(), bytes };
}

/** A package's hash: sha256 of its files' paths and contents, in the order of the sorted paths. */
function contentHash(paths: readonly string[], read: (path: string) => Uint8Array): string {
  const hash = createHash('sha256');
  for (const p of [...paths].sort()) hash.update(p).update('\0').update(read(p)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

export interface WorkingDirPackage {
  /** The content hash of the files (their paths and contents): the package's name. */
  hash: string;
  /** The folder it was made from, on the driver's machine (its real path). */
  root: string;
  tarball: Uint8Array;
}

/** Packages a working directory (a gzipped tar, made in memory), refusing it when it is too large. */
export function packageWorkingDir(dir: string): WorkingDirPackage {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) {
    throw new RuntimeEnvSetupError(`runtimeEnv.workingDir ${dir} is not a folder.`);
  }
  // Module URLs are real paths: so must the root be that they are mapped from.
  const root = realpathSync(dir);
  const { files, bytes } = listFiles(root);
  if (bytes > MAX_PACKAGE_BYTES) {
    throw new RuntimeEnvSetupError(
      `runtimeEnv.workingDir ${root} holds ${(bytes / 2 ** 20).toFixed(1)} MiB (without node_modules and .git); ` +
      `the limit is ${MAX_PACKAGE_BYTES / 2 ** 20} MiB. Point workingDir at the folder with your code only.`);
  }
  const hash = contentHash(files, (f) => readFileSync(join(root, f)));
  const chunks: Buffer[] = [];
  // Every file as itself: a hard-linked pair stays two files (a package holds plain files only).
  const linkCache = new (class extends Map<never, string> {
    override set(): this {
      return this;
    }
  })();
  tar().c({ gzip: true, cwd: root, sync: true, portable: true, linkCache }, files).on('data', (c: Buffer) => chunks.push(c));
  return { hash, root, tarball: Buffer.concat(chunks) };
}

/** Why a path inside a tarball is not one a package holds, or undefined. */
function badEntryPath(path: string): string | undefined {
  const parts = path.split('/');
  if (path.startsWith('/') || path.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) return 'a path that leaves the package';
  if (parts.some((p) => EXCLUDED.has(p)) || parts[0] === USERS) return 'a name no package holds';
  return undefined;
}

/**
 * The files of a package's tarball, checked before anything is written: plain files only, at
 * paths inside the package, whose content hash is the package's name. Throws
 * RuntimeEnvSetupError naming the package otherwise.
 */
function readPackage(hash: string, tarball: Uint8Array): Map<string, Buffer> {
  const entries: Array<[string, Buffer[]]> = [];
  let problem: string | undefined;
  const parser = new (tar().Parser)({
    strict: true,
    onReadEntry: (entry) => {
      const bad = entry.type !== 'File' ? `a ${entry.type} entry` : badEntryPath(entry.path);
      if (bad) problem ??= `it holds ${JSON.stringify(entry.path)}, ${bad}`;
      const chunks: Buffer[] = [];
      entries.push([entry.path, chunks]);
      entry.on('data', (c: Buffer) => chunks.push(c));
    },
  });
  parser.on('error', (e: Error) => {
    problem ??= `it is not a readable package (${e.message})`;
  });
  try {
    parser.end(Buffer.from(tarball.buffer, tarball.byteOffset, tarball.byteLength));
  } catch (e) {
    problem ??= `it is not a readable package (${(e as Error).message})`;
  }
  const files = new Map<string, Buffer>();
  for (const [path, chunks] of entries) {
    if (files.has(path)) problem ??= `it holds ${JSON.stringify(path)} twice`;
    files.set(path, Buffer.concat(chunks));
  }
  if (!problem && contentHash([...files.keys()], (p) => files.get(p)!) !== hash) problem = 'its content does not match its hash (it was altered or corrupted)';
  if (problem) throw new RuntimeEnvSetupError(`The job's code package ${hash} from the GCS was refused: ${problem}. Nothing of it was unpacked.`);
  return files;
}

/**
 * Why an unpacked package folder is not exactly the package `hash` as this node unpacks it, or
 * undefined: its files must hash to its name, and hold nothing else (no links but the
 * node_modules one unpacking adds, nothing owned by another user or writable by others).
 */
function unpackedProblem(dir: string, hash: string): string | undefined {
  const uid = process.getuid?.();
  const files: string[] = [];
  const walk = (rel: string): string | undefined => {
    const abs = rel ? join(dir, rel) : dir;
    for (const name of readdirSync(abs)) {
      const path = rel ? `${rel}/${name}` : name;
      const s = lstatSync(join(abs, name));
      if (uid !== undefined && s.uid !== uid) return `${path} is owned by uid ${s.uid}`;
      if (!rel && name === 'node_modules' && s.isSymbolicLink()) continue; // this node's dependencies
      if (s.mode & 0o022) return `${path} is writable by other users`;
      if (!rel && name === USERS && s.isDirectory()) continue;
      if (EXCLUDED.has(name)) return `it holds ${path}, which no package holds`;
      if (s.isDirectory()) {
        const why = walk(path);
        if (why) return why;
      } else if (s.isFile()) files.push(path);
      else return `${path} is not a plain file`;
    }
    return undefined;
  };
  try {
    const top = lstatSync(dir);
    if (!top.isDirectory()) return 'it is not a folder';
    if (uid !== undefined && top.uid !== uid) return `it is owned by uid ${top.uid}`;
    if (top.mode & 0o022) return 'it is writable by other users';
    const why = walk('');
    if (why) return why;
    return contentHash(files, (p) => readFileSync(join(dir, p))) === hash ? undefined : 'its files do not match its hash';
  } catch (e) {
    return `it cannot be read (${(e as Error).message})`;
  }
}

/** Moves a folder out of the way (never to be used), then removes it as far as it can. */
function discardFolder(root: string, dir: string): void {
  const aside = join(root, `.stale.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    renameSync(dir, aside);
  } catch {
    return; // gone already (another process moved it)
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Writes checked files into a fresh folder and moves it into place in one rename. */
function writePackage(root: string, hash: string, files: Map<string, Buffer>): void {
  const dir = join(root, hash);
  const temp = join(root, `.partial.${process.pid}.${randomBytes(4).toString('hex')}`);
  mkdirSync(temp, { mode: 0o700 });
  try {
    const made = new Set<string>([temp]);
    for (const [path, bytes] of files) {
      const file = join(temp, ...path.split('/'));
      if (!made.has(dirname(file))) {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        made.add(dirname(file));
      }
      writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    }
    linkNodeModules(temp);
    renameSync(temp, dir);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // Another process unpacked it first: theirs is used once it checks out too.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir) && !unpackedProblem(dir, hash)) return;
    throw new RuntimeEnvSetupError(`Cannot unpack the job's code package ${hash} into ${root}: ${(e as Error).message}`, { cause: e });
  }
}

/** Unpacks in flight on this node, by hash: concurrent needs of one package fetch it once. */
const unpacking = new Map<string, Promise<string>>();

/**
 * Makes sure a package is unpacked on this node and returns its folder. A folder already there
 * is used only if its files match the hash; anything else at that path (left by someone, or
 * altered) is moved away. Otherwise the package is fetched (`fetch`, from the GCS), checked
 * against its hash before anything is written (`discard` is told of a package that fails, to
 * drop it at the source), and unpacked atomically. Its node_modules points at the tsray
 * install's, so its bare imports (`tsray` and the like) resolve.
 */
export function ensurePackage(hash: string, fetch: () => Promise<Uint8Array | undefined>, discard?: () => Promise<unknown>): Promise<string> {
  if (!HASH.test(hash)) return Promise.reject(new RuntimeEnvSetupError(`${JSON.stringify(hash)} is not the name of a code package.`));
  let p = unpacking.get(hash);
  if (!p) {
    p = (async () => {
      const root = privatePackagesRoot();
      const dir = join(root, hash);
      if (existsSync(dir) || isLink(dir)) {
        const problem = unpackedProblem(dir, hash);
        if (!problem) return markUser(dir);
        console.error(`tsray: the folder ${dir} is not the code package ${hash} (${problem}); it is not used, and the package is unpacked anew.`);
        discardFolder(root, dir);
      }
      const tarball = await fetch();
      if (!tarball) throw new RuntimeEnvSetupError(`The job's code package ${hash} is not in the GCS (was the driver's upload lost?).`);
      let files: Map<string, Buffer>;
      try {
        files = readPackage(hash, tarball);
      } catch (e) {
        if (!discard) throw e;
        // Dropped where it came from: the driver's next start uploads its package again.
        await discard().catch(() => undefined);
        throw new RuntimeEnvSetupError(`${(e as Error).message} It was removed from the GCS: run the driver again to upload it anew.`);
      }
      writePackage(root, hash, files);
      return markUser(dir);
    })().finally(() => unpacking.delete(hash));
    unpacking.set(hash, p);
  }
  return p;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Records this process as a user of a package (a file named by its pid), so `tsray stop`
 * removes a package only when no live process uses it (another cluster on the machine may).
 */
function markUser(dir: string): string {
  const users = join(dir, USERS);
  mkdirSync(users, { recursive: true, mode: 0o700 });
  writeFileSync(join(users, String(process.pid)), '', { mode: 0o600 });
  return dir;
}

/** Removes the packages no live process uses, and what failed unpacks left. */
export function removeUnusedPackages(alive: (pid: number) => boolean): void {
  const root = packagesRoot();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  if (privateFolderProblem(root)) return; // not a folder tsray unpacked into
  for (const name of names) {
    const dir = join(root, name);
    const partial = /^\.(?:partial|stale)\.(\d+)\./.exec(name);
    if (partial) {
      if (!alive(Number(partial[1]))) rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!HASH.test(name)) continue;
    let users: string[] = [];
    try {
      users = readdirSync(join(dir, USERS));
    } catch {
      // never marked: unused
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
      symlinkSync(candidate, join(dir, 'node_modules'), 'dir');
      return;
    }
  }
}

// Module URLs.

/** The package a module URL names a module of (its hash), if it is a package URL. */
export function packageOfUrl(url: string): string | undefined {
  if (!url.startsWith(PACKAGE_URL_SCHEME)) return undefined;
  const hash = url.slice(PACKAGE_URL_SCHEME.length).split('/')[0]!;
  return HASH.test(hash) ? hash : undefined;
}

/**
 * Maps module URLs under the driver's working directory to the same modules in its package;
 * modules on the code search path (installed on every node) keep their URL.
 */
export function packageUrlMapper(pkg: { hash: string; root: string }): (url: string) => string {
  const from = pathToFileURL(join(pkg.root, '/')).href;
  const to = `${PACKAGE_URL_SCHEME}${pkg.hash}/`;
  const installed = codeSearchPath();
  return (url) => (url.startsWith(from) && !isUnderRoots(url, installed) ? to + url.slice(from.length) : url);
}

/** The inverse, for the driver: its own URL of a module its package URL names (else undefined). */
export function packageUrlUnmapper(pkg: { hash: string; root: string }): (url: string) => string | undefined {
  const to = pathToFileURL(join(pkg.root, '/')).href;
  const from = `${PACKAGE_URL_SCHEME}${pkg.hash}/`;
  return (url) => (url.startsWith(from) ? to + url.slice(from.length) : undefined);
}

/** The packages folder's URL on this node (a real path, with a trailing slash), once it exists. */
let rootUrl: { root: string; url: string; problem: string | undefined } | undefined;

function packagesRootUrl(): { url: string; problem: string | undefined } | undefined {
  const root = packagesRoot();
  if (rootUrl?.root !== root) {
    let real: string;
    try {
      real = realpathSync(root);
    } catch {
      return undefined; // no packages here (yet)
    }
    rootUrl = { root, url: pathToFileURL(join(real, '/')).href, problem: privateFolderProblem(root) };
  }
  return rootUrl;
}

/**
 * The name a module goes by in descriptors: a module loaded from an unpacked package is named
 * by its place in the package (the same on every node); any other keeps its URL.
 */
export function canonicalModuleUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const base = packagesRootUrl()?.url;
  if (!base || !url.startsWith(base)) return url;
  const rest = url.slice(base.length);
  return HASH.test(rest.split('/')[0]!) ? PACKAGE_URL_SCHEME + rest : url;
}

/** A URL path decoded (undecodable: left as it is, and refused as no package's path). */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '/';
  }
}

/** Refuses a module: no worker imports it. */
function refuseModule(url: string, why: string): never {
  throw new ModuleNotAllowedError(`Module ${url} ${why}; nothing was imported. Nodes run only the code of job packages (their drivers' working directories) and of their TSRAY_CODE_SEARCH_PATH.`);
}

/**
 * The package and the path inside it that a package module URL names (URL-encoded, '/'
 * separated). Throws ModuleNotAllowedError for a URL that is not one, or whose path would leave
 * the package (`..`, encoded or not, another host, a query).
 */
export function packageModulePath(url: string): { hash: string; path: string } {
  const hash = packageOfUrl(url);
  if (!hash) return refuseModule(url, 'is not a module of a job package');
  const base = 'file:///package/';
  let file: URL | undefined;
  try {
    file = new URL(url.slice(PACKAGE_URL_SCHEME.length + hash.length + 1), base);
  } catch {
    // refused below
  }
  const path = file?.href.slice(base.length);
  if (!file || file.protocol !== 'file:' || !file.href.startsWith(base) || !path || file.search || file.hash || badEntryPath(decodePath(path))) {
    return refuseModule(url, `names a file outside package ${hash}`);
  }
  return { hash, path };
}

/**
 * The file URL to import for a package module URL: inside that package's folder on this node,
 * which must be there (unpacked and checked by this node's raylet). Throws ModuleNotAllowedError
 * otherwise (see `packageModulePath`).
 */
export function packageModuleFileUrl(url: string): string {
  const { hash, path } = packageModulePath(url);
  const root = packagesRootUrl();
  if (root?.problem) return refuseModule(url, `is in the packages folder, which is not this user's alone (${root.problem})`);
  const dir = root && `${root.url}${hash}/`;
  if (!dir || !existsSync(fileURLToPath(dir))) return refuseModule(url, `is in package ${hash}, which is not unpacked on this node`);
  return dir + path;
}

/** A folder as a `file:` URL prefix (its real path, with a trailing slash). */
function folderUrl(dir: string): string {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // as given
  }
  return pathToFileURL(join(real, '/')).href;
}

/**
 * The folders of `TSRAY_CODE_SEARCH_PATH` (':'-separated), as `file:` URL prefixes: code
 * installed at the same path on every node (Ray's code search path). A node's workers may import
 * modules there besides job packages, and a driver names its modules there by their path rather
 * than in its package. The node's operator sets it: a module named over the wire is imported
 * only from there or from a job package.
 */
export function codeSearchPath(): string[] {
  return (process.env.TSRAY_CODE_SEARCH_PATH ?? '').split(delimiter).filter((d) => d !== '' && isAbsolute(d)).map(folderUrl);
}

/** Whether a module URL is a `file:` URL inside one of `roots` (URL prefixes). */
export function isUnderRoots(url: string, roots: readonly string[]): boolean {
  if (roots.length === 0 || !url.startsWith('file:')) return false;
  let href: string;
  try {
    href = new URL(url).href; // `..` and its encodings resolved
  } catch {
    return false;
  }
  return roots.some((r) => href.startsWith(r));
}

/**
 * The folders an embedded driver's workers may import modules from (`file:` URLs with a trailing
 * slash): the project of the program's entry, the project of each module that made remote
 * functions here (`moduleUrls`), and the code search path.
 */
export function embeddedCodeRoots(moduleUrls: Iterable<string>): string[] {
  const roots = new Set<string>(codeSearchPath());
  roots.add(folderUrl(defaultWorkingDir(process.argv[1])));
  for (const url of moduleUrls) {
    if (!url.startsWith('file:')) continue;
    try {
      roots.add(folderUrl(projectOf(dirname(fileURLToPath(url)))));
    } catch {
      // not a path
    }
  }
  return [...roots];
}
