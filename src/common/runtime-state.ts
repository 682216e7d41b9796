import type { CoreWorker } from './core-worker.js';
import type { ActorHandle, ActorMethodOptions } from './actor-handle.js';

/**
 * The per-thread runtime state. It lives on `globalThis` under a registered symbol so that two
 * copies of tsray loaded into one thread (compiled JS and TypeScript source under a loader, or
 * two installs) share one core worker, one function registry and one reference counter.
 */
export interface RuntimeState {
  coreWorker: CoreWorker | null;
  /** True inside a tsray worker thread or process. */
  isWorker: boolean;
  /** Registry of remote functions and classes: `${moduleUrl}#${key}` -> target. */
  functions: Map<string, unknown>;
  /** Per module URL, how many anonymous `remote()` calls it has made (the positional key). */
  moduleCallCounts: Map<string, number>;
  /** Module namespaces a worker imported to find remote functions (for rebuilding error classes). */
  importedModules: Map<string, Record<string, unknown>>;
  /** Set in worker threads: ends the actor whose method is running (`ray.exitActor()`). */
  exitActor?: () => void;
  /**
   * Submits an actor method call (set by api/actor.ts). Shared here because a handle may be
   * built by another copy of tsray in this thread than the one that loaded actor.ts.
   */
  submitActorCall?: (handle: ActorHandle<unknown>, method: string, args: unknown[], options: ActorMethodOptions) => unknown;
  /** Name prefix of the shared-memory segments this thread creates (unset: no object store). */
  segmentPrefix?: string;
  /** The session's store: its arena's name prefix and its spill folder (unset: no arena). */
  store?: { prefix: string; spillDir: string };
  /**
   * Set in the owner's thread: spills objects so that `bytes` more fit in the arena. False when
   * nothing can be spilled; throws ObjectStoreFullError when spilling fails.
   */
  makeRoom?: (bytes: number) => boolean;
  /**
   * Set in workers: `file:` URL prefixes (ending in '/') of the folders whose modules this
   * worker may import besides job packages: the driver's project when embedded, none on a
   * cluster node (see function-registry.ts).
   */
  codeRoots?: string[];
  /**
   * Set in a cluster driver: its own URL of a module that a descriptor names by its place in
   * the job's package (undefined for other URLs).
   */
  ownModuleUrl?: (url: string) => string | undefined;
  /** Imports in flight, by module URL, so concurrent first calls import a module once. */
  importing: Map<string, Promise<Record<string, unknown>>>;
}

const KEY = Symbol.for('tsray.runtime-state');

export function runtimeState(): RuntimeState {
  const g = globalThis as { [KEY]?: RuntimeState };
  let s = g[KEY];
  if (!s) {
    s = {
      coreWorker: null,
      isWorker: false,
      functions: new Map(),
      moduleCallCounts: new Map(),
      importedModules: new Map(),
      importing: new Map(),
    };
    g[KEY] = s;
  }
  return s;
}
