import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { DRIVER_NODE_ENV, chosenDriverNode, driverNodeCandidates } from '../../src/core/driver-node-choice.js';
import { SOCKET_LABEL } from '../../src/raylet/client-channel.js';
import type { GcsNodeInfo } from '../../src/rpc/messages.js';

const node = (nodeId: string, isHead: boolean, socket?: string): GcsNodeInfo => ({
  nodeId, nodeManagerAddress: '127.0.0.1', nodeManagerPort: 1, objectManagerPort: 1, nodeName: '', isHead, state: 'ALIVE',
  resourcesTotal: { CPU: 1 }, labels: socket ? { [SOCKET_LABEL]: socket } : {}, startTimeMs: 0, endTimeMs: 0, deathReason: '', sessionDir: '', pid: 0, protocolVersion: '',
});

describe('driverNodeCandidates', () => {
  const nodes = [node('aa', false, '/s/a'), node('bb', true, '/s/b'), node('cc', false, '/s/c'), node('dd', false)];
  const everyHere = () => true;

  it('offers the nodes of this machine, the head first, skipping unusable sockets and nodes of other machines', () => {
    expect(driverNodeCandidates(nodes, everyHere).map((n) => n.nodeId)).toEqual(['bb', 'aa', 'cc']);
    expect(driverNodeCandidates(nodes, (s) => s !== '/s/b').map((n) => n.nodeId)).toEqual(['aa', 'cc']);
  });

  it('offers only the chosen node, and nothing when it is not usable here', () => {
    expect(driverNodeCandidates(nodes, everyHere, 'cc').map((n) => n.nodeId)).toEqual(['cc']);
    expect(driverNodeCandidates(nodes, (s) => s !== '/s/c', 'cc')).toEqual([]);
    expect(driverNodeCandidates(nodes, everyHere, 'dd')).toEqual([]);
    expect(driverNodeCandidates(nodes, everyHere, 'ee')).toEqual([]);
  });
});

describe('chosenDriverNode', () => {
  it(`reads ${DRIVER_NODE_ENV}: unset or blank names none, a node id is taken as is (lower case)`, () => {
    expect(chosenDriverNode({})).toBeUndefined();
    expect(chosenDriverNode({ [DRIVER_NODE_ENV]: '  ' })).toBeUndefined();
    expect(chosenDriverNode({ [DRIVER_NODE_ENV]: ' 0A1b2c ' })).toBe('0a1b2c');
  });

  it('refuses a value that cannot be a node id, naming the variable', () => {
    expect(() => chosenDriverNode({ [DRIVER_NODE_ENV]: 'node-1' })).toThrow(InvalidArgumentError);
    expect(() => chosenDriverNode({ [DRIVER_NODE_ENV]: 'node-1' })).toThrow(/TSRAY_NODE_ID must be a node id.*"node-1"/);
  });
});
