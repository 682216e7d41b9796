import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ObjectStoreError } from '../api/errors.js';

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
}

const ADDON = fileURLToPath(new URL('../../native/build/Release/tsray_shm.node', import.meta.url));
let binding: SharedMemory | undefined;

/** The addon, loaded on first use, or an error that says how to build it. */
export function sharedMemory(): SharedMemory {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)(ADDON) as SharedMemory;
  } catch (e) {
    throw new ObjectStoreError(
      `tsray's shared-memory addon is not built (${ADDON}: ${(e as Error).message}). ` +
      `Build it with \`npm run build:native\` in the tsray package, or \`npm rebuild tsray\` in your project ` +
      `(npm 11 may hold back install scripts); it needs python3, make and a C++ compiler.`, { cause: e });
  }
  return binding;
}
