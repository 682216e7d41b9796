import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runtimeState } from '../common/runtime-state.js';
import { FunctionNotFoundError, InvalidArgumentError, ModuleNotAllowedError } from '../common/errors.js';
import type { FunctionDescriptor } from '../common/protocol.js';
import { PACKAGE_URL_SCHEME, canonicalModuleUrl, isUnderRoots, packageModuleFileUrl } from '../runtime-env/working-dir.js';

/**
 * tsray's own source and build folders: stack frames inside them are not the user's call site.
 * Both count, since source maps may show a compiled frame at its source path.
 */
const PACKAGE_ROOT = new URL('../..', import.meta.url).href;
const OWN_ROOTS = [`${PACKAGE_ROOT}src/`, `${PACKAGE_ROOT}dist/`];

const FRAME = /(?:\(|at )((?:file:\/\/|\/)[^()\s]*?)(?::(\d+))?(?::(\d+))?\)?$/;

/** Where `ray.remote` / `ray.actor` was called: the module's URL and the line and column. */
export interface CallSite {
  url: string;
  /** 1-based, as V8 prints them; 0 when the frame has none. */
  line: number;
  column: number;
}

/** The first stack frame outside tsray itself: the user's call of `ray.remote` / `ray.actor`. */
export function callerSite(): CallSite {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = saved;
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const url = m[1]!.startsWith('/') ? pathToFileURL(m[1]!).href : m[1]!;
    if (OWN_ROOTS.some((r) => url.startsWith(r)) || url.startsWith('node:')) continue;
    return { url, line: Number(m[2] ?? 0), column: Number(m[3] ?? 0) };
  }
  throw new InvalidArgumentError('Cannot tell which module defined this remote function: ray.remote() must be called from a module file (not eval or a REPL).');
}

const sourceLines = new Map<string, string[] | null>();

/** A module's source, split in lines (cached: read once per module and thread). */
function linesOf(url: string): string[] | null {
  let lines = sourceLines.get(url);
  if (lines === undefined) {
    try {
      lines = url.startsWith('file:') ? readFileSync(fileURLToPath(url), 'utf8').split('\n') : null;
    } catch {
      lines = null;
    }
    sourceLines.set(url, lines);
  }
  return lines;
}

/** `const square = ray.` (or `let`/`var`, typed or not, or `square: ray.` in an object) before the call. */
const BINDING = /(?:\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]*)?=|([A-Za-z_$][\w$]*)\s*:)\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)*$/;

/**
 * The name of the variable or property a call's result is bound to, read from the source at
 * the call site: `square` for `export const square = ray.remote((x) => x * x)`. Anonymous
 * functions get it as their task name; undefined when the source cannot be read (eval, a
 * stack without positions) or the call is not bound to a name.
 */
export function boundName(site: CallSite): string | undefined {
  const lines = site.line > 0 ? linesOf(site.url) : null;
  const line = lines?.[site.line - 1];
  if (line === undefined) return undefined;
  // The binding may sit on the line(s) before the call: `export const square =\n  ray.remote(...)`.
  const before = [lines![site.line - 3] ?? '', lines![site.line - 2] ?? '', line.slice(0, Math.max(0, site.column - 1))].join('\n');
  const m = BINDING.exec(before);
  return m?.[1] ?? m?.[2];
}

interface Registered {
  target: unknown;
  name: string;
}

/**
 * Registers a remote function or class under (module URL, key) and returns its descriptor. The
 * key is `options.name`, else the function's own name, else its position among the module's
 * anonymous `remote()` calls. Workers import the module, which registers the same keys.
 */
export function registerRemote(target: Function, explicitName: string | undefined, kind: string): FunctionDescriptor {
  const state = runtimeState();
  const site = callerSite();
  // A module of a job package goes by its place in the package: the same name on every node.
  const moduleUrl = canonicalModuleUrl(site.url);
  let key: string;
  if (explicitName !== undefined) key = explicitName;
  else if (target.name && target.name !== 'anonymous') key = target.name;
  else {
    const n = state.moduleCallCounts.get(moduleUrl) ?? 0;
    state.moduleCallCounts.set(moduleUrl, n + 1);
    key = `#${n}`;
  }
  const full = `${moduleUrl}#${key}`;
  const existing = state.functions.get(full) as Registered | undefined;
  if (existing && existing.target !== target) {
    throw new InvalidArgumentError(
      `Two remote ${kind}s of module ${moduleUrl} are both named "${key}". Give one of them a unique name: ray.${kind === 'actor class' ? 'actor' : 'remote'}(fn, { name: 'otherName' }).`);
  }
  state.functions.set(full, { target, name: key } satisfies Registered);
  const shortName = explicitName ?? (target.name || boundName(site) || `anonymous${key}`);
  return { moduleUrl, key, name: shortName };
}

let tsLoaderReady: Promise<void> | undefined;
const TS_LOADER = Symbol.for('tsray.tsLoader');

/** Registers tsx's loader in this thread so TypeScript modules can be imported. */
async function ensureTypeScriptLoader(): Promise<void> {
  if ((globalThis as Record<symbol, unknown>)[TS_LOADER]) return;
  tsLoaderReady ??= import('tsx/esm/api').then((m) => {
    m.register();
    (globalThis as Record<symbol, unknown>)[TS_LOADER] = true;
  });
  await tsLoaderReady;
}

const TS_EXT = /\.(?:ts|mts|cts|tsx)$/;

/** The function a task names, if its module is loaded in this thread already. */
export function findRemoteTarget(fn: FunctionDescriptor): unknown {
  return (runtimeState().functions.get(`${fn.moduleUrl}#${fn.key}`) as Registered | undefined)?.target;
}

/**
 * The URL to import for a descriptor's module, if workers here may import it at all: a module of
 * a job package (from its folder on this node), or, in embedded mode, a `file:` module of the
 * driver's project. Anything else (`data:`, `http:`, a file elsewhere) came from somewhere this
 * worker must not run code from: ModuleNotAllowedError, before anything is imported.
 */
function importableUrl(fn: FunctionDescriptor): string {
  if (fn.moduleUrl.startsWith(PACKAGE_URL_SCHEME)) return packageModuleFileUrl(fn.moduleUrl);
  const roots = runtimeState().codeRoots ?? [];
  if (isUnderRoots(fn.moduleUrl, roots)) return new URL(fn.moduleUrl).href;
  throw new ModuleNotAllowedError(
    `Module ${fn.moduleUrl} (of ${fn.name}) is not code this worker may import; nothing was imported. Workers import modules of ` +
    `the job's code package (the driver's working directory, or runtimeEnv.workingDir)${roots.length > 0 ? ` and of ${roots.join(', ')}` : ''} only.`);
}

/**
 * Finds the function a task names, importing its module on first use (if workers here may: see
 * `importableUrl`). Modules are imported with `isWorker()` true, so their `ray.init()` guard skips.
 */
export async function loadRemoteTarget(fn: FunctionDescriptor): Promise<unknown> {
  const state = runtimeState();
  const loaded = findRemoteTarget(fn);
  if (loaded) return loaded;
  if (!state.importedModules.has(fn.moduleUrl)) {
    try {
      let importing = state.importing.get(fn.moduleUrl);
      if (!importing) {
        const url = importableUrl(fn);
        importing = (async () => {
          if (TS_EXT.test(url)) await ensureTypeScriptLoader();
          return (await import(url)) as Record<string, unknown>;
        })();
        state.importing.set(fn.moduleUrl, importing);
        importing.then(() => state.importing.delete(fn.moduleUrl), () => state.importing.delete(fn.moduleUrl));
      }
      state.importedModules.set(fn.moduleUrl, await importing);
    } catch (e) {
      if (e instanceof ModuleNotAllowedError) throw e;
      throw new FunctionNotFoundError(
        `Cannot run ${fn.name}: its module ${fn.moduleUrl} failed to import in the worker: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }
  const found = findRemoteTarget(fn);
  if (found) return found;
  throw new FunctionNotFoundError(
    `Cannot run ${fn.name}: module ${fn.moduleUrl} was imported but did not define a remote function with key "${fn.key}". ` +
    `Create remote functions unconditionally at the top level of their module, or give each a unique { name }.`);
}
