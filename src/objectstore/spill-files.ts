import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectStoreError } from '../common/errors.js';
import type { SharedMemory } from './shm.js';

/**
 * Spill files: one per out-of-band buffer, named after the buffer, in the session's spill
 * folder. A file is a 32-byte header (magic, byte length, checksum) and the bytes. Since the
 * name and the header say everything, any reader in any thread or process can read a spilled
 * buffer by itself: a value sent to a reader stays readable even if the owner spills it before
 * the reader maps it.
 */

const MAGIC = 'TSRAYSP1';
export const HEADER_BYTES = 32;

/** The spill file of a buffer (buffer names start with '/'). */
export function spillPath(dir: string, name: string): string {
  return join(dir, name.slice(1));
}

function header(length: number, checksum: string): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write(MAGIC, 0, 'latin1');
  h.writeDoubleLE(length, 8);
  h.write(checksum, 16, 'latin1');
  return h;
}

/**
 * Writes a buffer's spill file: `write(fd, position)` puts the bytes at `position` and returns
 * their checksum. The file appears under its name only once complete, readable by this user
 * only (0600, made new: a file left at the temporary name is replaced, never reused).
 */
export function writeSpillFile(path: string, length: number, write: (fd: number, position: number) => string): void {
  const temp = `${path}.partial`;
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    const checksum = write(fd, HEADER_BYTES);
    writeSync(fd, header(length, checksum), 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** An open spill file with its header checked. Close `fd` when done. */
export interface SpillFile {
  fd: number;
  length: number;
  checksum: string;
}

/** Opens a spill file and checks its header; throws ObjectStoreError naming what is wrong. */
export function openSpillFile(path: string, what: string): SpillFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ObjectStoreError(`Cannot read ${what}: its spill file ${path} is unreadable (${(e as Error).message}).`, { cause: e });
  }
  try {
    const h = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, h, 0, HEADER_BYTES, 0);
    const length = h.readDoubleLE(8);
    const size = fstatSync(fd).size;
    if (n !== HEADER_BYTES || h.toString('latin1', 0, 8) !== MAGIC || size !== HEADER_BYTES + length) {
      throw new ObjectStoreError(`Cannot read ${what}: its spill file ${path} is corrupt (bad header or length: ${size} bytes on disk).`);
    }
    return { fd, length, checksum: h.toString('latin1', 16, 32) };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads a spilled buffer into private memory (a reader's fallback), checking its bytes. */
export function readSpillFile(path: string, what: string, shm: SharedMemory): ArrayBuffer {
  const file = openSpillFile(path, what);
  try {
    const bytes = new Uint8Array(file.length);
    for (let done = 0; done < file.length;) {
      const n = readSync(file.fd, bytes, done, file.length - done, HEADER_BYTES + done);
      if (n <= 0) throw new ObjectStoreError(`Cannot read ${what}: its spill file ${path} ended early.`);
      done += n;
    }
    if (shm.checksum(bytes) !== file.checksum) {
      throw new ObjectStoreError(`Cannot read ${what}: its spill file ${path} is corrupt (checksum mismatch).`);
    }
    return bytes.buffer;
  } finally {
    closeSync(file.fd);
  }
}
