// Which of the cluster's nodes a driver may attach to. Pure: the caller says which sockets are
// usable here (exist, and their raylet runs); connecting is the caller's.
import { InvalidArgumentError } from '../common/errors.js';
import type { GcsNodeInfo } from '../rpc/messages.js';
import { SOCKET_LABEL } from '../raylet/client-channel.js';

/**
 * The environment variable naming the node a driver attaches to (its node id, as `tsray status`
 * and `tsray start` print it). Unset, a driver takes a node of this machine, the head's first.
 * A driver whose own node dies is lost (as in Ray), so a driver that must outlive the head
 * attaches to another node: `TSRAY_NODE_ID=<node id> node my-program.js`.
 */
export const DRIVER_NODE_ENV = 'TSRAY_NODE_ID';

/**
 * The node id a driver is told to attach to (the value of `TSRAY_NODE_ID`), or undefined when
 * none is named. A value that cannot be a node id is refused, naming what was wrong.
 */
export function chosenDriverNode(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[DRIVER_NODE_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const id = raw.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(id)) {
    throw new InvalidArgumentError(`${DRIVER_NODE_ENV} must be a node id (hex digits, as \`tsray status\` prints it), got "${raw}". Unset it to attach to this machine's head node.`);
  }
  return id;
}

/**
 * The nodes a driver tries, in order: those whose raylet socket is usable here, the head's first
 * (as Ray's drivers do); only the chosen node when one is named.
 */
export function driverNodeCandidates(nodes: readonly GcsNodeInfo[], usable: (socketPath: string) => boolean, chosen?: string): GcsNodeInfo[] {
  return nodes
    .filter((n) => (chosen === undefined || n.nodeId === chosen) && !!n.labels[SOCKET_LABEL] && usable(n.labels[SOCKET_LABEL]))
    .sort((a, b) => Number(b.isHead) - Number(a.isHead));
}
