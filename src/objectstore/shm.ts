import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ObjectStoreError } from '../common/errors.js';

/**
 * The native addon (native/src/shm.cc): POSIX shared-memory segments mapped into ArrayBuffers.
 * Every thread and process maps a segment for itself; a mapping ends when its ArrayBuffer is
 * collected.
 */
export interface SharedMemory {
  /** Creates a segment of `size` bytes (an error with code EEXIST if the name is taken) and maps it. */
  create(name: string, size: number): ArrayBuffer;
  /** Maps an existing segment (an error with code ENOENT if there is none). */
  open(name: string): ArrayBuffer;
  /** Removes a segment's name; existing mappings stay valid. False if it did not exist. */
  unlink(name: string): boolean;

  // The store arena (native/src/arena.cc): objects allocated inside one shared segment.
  /** Creates the arena `${prefix}arena` of `capacity` bytes and its block table, and attaches. */
  storeCreate(prefix: string, capacity: number): void;
  /** Attaches this process to an existing arena (once per process; later calls are free). */
  storeAttach(prefix: string): void;
  storeDetach(): void;
  /** Copies bytes into a new named block; returns its index (a lookup hint), or -1 if no room. */
  storePut(name: string, bytes: ArrayBufferView): number;
  /** Maps a named block as its own ArrayBuffer (pinned until collected); undefined if absent. */
  storeGet(name: string, hint: number): ArrayBuffer | undefined;
  /** Frees a named block (once its readers' mappings are gone). False if absent. */
  storeDelete(name: string, hint: number): boolean;
  storeInfo(name: string, hint: number): { index: number; size: number; maps: number } | undefined;
  /** Writes a block's bytes to `fd` at `position`; returns their checksum, undefined if absent. */
  storeSpill(name: string, hint: number, fd: number, position: number): string | undefined;
  /** Reads bytes back into a new block after checking them; returns its index, or -1 if no room. */
  storeRestore(name: string, fd: number, position: number, length: number, checksum: string): number;
  storeStats(): { capacity: number; used: number; objects: number };
  // Blocks written piece by piece (pulls from other nodes): hidden from readers until sealed.
  /** Allocates a block readers cannot find until `storeSeal`; returns its index, or -1 if no room. */
  storeCreateHidden(name: string, size: number): number;
  /** Copies bytes into a block being created, at `offset` (throws past its end). */
  storeWrite(name: string, index: number, offset: number, bytes: ArrayBufferView): void;
  /** Publishes a block being created; false if there is none (it was aborted). */
  storeSeal(name: string, index: number): boolean;
  /** Frees a block being created (its transfer failed); false if there is none. */
  storeAbort(name: string, index: number): boolean;
  /** The spill checksum of any bytes. */
  checksum(bytes: ArrayBufferView): string;
}

/** native/: its prebuilds/ (shipped in the package) or build/Release (built from source). */
const NATIVE_DIR = fileURLToPath(new URL('../../native/', import.meta.url));
let binding: SharedMemory | undefined;

/**
 * The path of the addon binary this process would load: a build from source when there is one
 * (a developer's checkout), else the package's prebuilt binary for this platform, found by
 * node-gyp-build. Throws when there is neither.
 */
export function sharedMemoryAddonPath(): string {
  const gypBuild = createRequire(import.meta.url)('node-gyp-build') as { path(dir: string): string };
  return gypBuild.path(NATIVE_DIR);
}

/** The addon, loaded on first use, or an error that says how to get it. */
export function sharedMemory(): SharedMemory {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)(sharedMemoryAddonPath()) as SharedMemory;
  } catch (e) {
    throw new ObjectStoreError(
      `tsray's shared-memory addon could not be loaded (${(e as Error).message.split('\n')[0]}): this package has ` +
      `no prebuilt binary for ${process.platform}-${process.arch}, and none was built from source. Install python3, ` +
      `make and a C++ compiler (e.g. \`apt-get install python3 make g++\`), then run \`npm rebuild tsray\` in your ` +
      `project (or \`npm run build:native\` in a tsray checkout).`, { cause: e });
  }
  return binding;
}
