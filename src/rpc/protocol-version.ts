import { readFileSync } from 'node:fs';
import { VersionMismatchError } from '../common/errors.js';

/**
 * The protocol version every node, driver and GCS of a cluster must share: the package version,
 * since messages and their meaning change between releases. Read from package.json (two levels
 * up from both src/rpc and dist/rpc) so it cannot drift from the release.
 */
export const PROTOCOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Refuses a peer of another protocol version with a message naming both versions.
 * `peer` describes who asked (e.g. "node 3f2a... at 10.0.0.2").
 */
export function checkProtocolVersion(theirs: string, peer: string): void {
  if (theirs === PROTOCOL_VERSION) return;
  throw new VersionMismatchError(
    `tsray protocol version mismatch: the GCS runs version ${PROTOCOL_VERSION} but ${peer} runs version ` +
      `${theirs === '' ? '(none given)' : theirs}; run the same tsray version on every node and driver.`,
  );
}
