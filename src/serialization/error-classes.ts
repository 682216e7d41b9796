import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeState } from '../common/runtime-state.js';
import { PACKAGE_URL_SCHEME, packageModuleFileUrl } from '../runtime-env/working-dir.js';

/**
 * Where user error classes are found, so an error thrown in a task is rebuilt as an instance of
 * its class on the other side. Classes are looked up only among the exports of modules this
 * thread has loaded itself: those it imported to find remote functions, and those that defined
 * remote functions in it (loaded directly or through other modules). A module URL that came
 * with an error is never imported: it only says which of those modules to look in first.
 */

/** Where a class is exported: [module URL, export name]; the URL is '' when no module of this thread exports it. */
export type ClassSite = [moduleUrl: string, exportName: string];

/** Where one of this thread's modules exports `ctor`, else its name alone (the receiver looks it up by name). */
export function errorClassSite(ctor: Function): ClassSite | undefined {
  for (const [url, ns] of runtimeState().importedModules) {
    for (const [name, value] of Object.entries(ns)) if (value === ctor) return [url, name];
  }
  return ctor.name ? ['', ctor.name] : undefined;
}

/** The error class a site names, among this thread's modules: that module's export first, else an export of that name elsewhere. */
export function errorClassAt([url, name]: ClassSite): Function | undefined {
  const state = runtimeState();
  const modules = state.importedModules;
  // A cluster driver knows its own modules by their files, not by their job-package names.
  const exact = (modules.get(url) ?? modules.get(state.ownModuleUrl?.(url) ?? url))?.[name];
  if (isErrorClass(exact)) return exact;
  for (const ns of modules.values()) {
    const v = ns[name];
    if (isErrorClass(v)) return v;
  }
  return undefined;
}

function isErrorClass(v: unknown): v is Function {
  return typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error;
}

/** Module namespaces being fetched, by URL (each module once per thread). */
const fetching = new Map<string, Promise<void>>();

/** How long rebuilding an error waits for module namespaces (a module still evaluating, say). */
const COLLECT_WAIT_MS = 1000;

/**
 * Makes the namespaces of the modules that defined remote functions in this thread available to
 * `errorClassSite` and `errorClassAt`. These modules are loaded already, so this only fetches
 * their namespaces; the program's entry module is skipped in the driver, where its top-level
 * await may still be running (waiting on this very error). Undefined when there is nothing to
 * fetch (the common case, kept free of promises).
 */
export function collectRegisteredModules(): Promise<void> | undefined {
  const state = runtimeState();
  let waits: Promise<void>[] | undefined;
  const seen = new Set<string>();
  for (const full of state.functions.keys()) {
    const url = full.slice(0, full.indexOf('#'));
    if (seen.has(url) || state.importedModules.has(url)) continue;
    seen.add(url);
    if (!state.isWorker && isEntryModule(url)) continue;
    let p = fetching.get(url);
    if (!p) {
      // Loaded already (it registered remote functions here): importing it runs nothing.
      p = (import(url.startsWith(PACKAGE_URL_SCHEME) ? packageModuleFileUrl(url) : url) as Promise<Record<string, unknown>>).then(
        (ns) => void state.importedModules.set(url, ns),
        () => {}, // not loadable here after all: its classes are not rebuilt
      );
      fetching.set(url, p);
    }
    (waits ??= []).push(p);
  }
  if (!waits) return undefined;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.all(waits),
    new Promise<void>((r) => {
      timer = setTimeout(r, COLLECT_WAIT_MS);
    }),
  ]).then(() => clearTimeout(timer));
}

let entryPath: string | null | undefined;

/** Whether a module URL is the program's entry file (process.argv[1]). */
function isEntryModule(url: string): boolean {
  if (entryPath === undefined) {
    const arg = process.argv[1];
    entryPath = arg ? realPath(resolve(arg)) : null;
  }
  if (entryPath === null || !url.startsWith('file:')) return false;
  try {
    return realPath(fileURLToPath(url)) === entryPath;
  } catch {
    return false;
  }
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
