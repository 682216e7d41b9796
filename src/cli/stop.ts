import { unlinkSegments } from '../objectstore/shared-arrays.js';
import { removeDeadSessions } from '../objectstore/session-files.js';

/**
 * `tsray stop`: removes what tsray left on this machine. A session whose driver is gone leaves
 * shared-memory segments and a temp folder (when it was killed before `shutdown` ran); they go.
 * Live embedded sessions belong to their programs and are left alone.
 */
export function stop(): { segments: number } {
  return { segments: removeDeadSessions(unlinkSegments) };
}
