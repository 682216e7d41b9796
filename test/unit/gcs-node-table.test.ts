import { describe, expect, it } from 'vitest';
import { NodeDiedError } from '../../src/common/errors.js';
import { NodeTable } from '../../src/gcs/node-table.js';
import type { GcsNodeInfo } from '../../src/rpc/messages.js';

const info = (nodeId: string): GcsNodeInfo => ({
  nodeId, nodeManagerAddress: '127.0.0.1', nodeManagerPort: 1, objectManagerPort: 1, nodeName: '', isHead: false, state: 'ALIVE',
  resourcesTotal: { CPU: 1 }, labels: {}, startTimeMs: 0, endTimeMs: 0, deathReason: '', sessionDir: '', pid: 0, protocolVersion: '',
});

describe('node death detection', () => {
  it('declares a node dead only once it has been silent for longer than the timeout', () => {
    const t = new NodeTable({ deathTimeoutMs: 1000 });
    t.register(info('a'), 0);
    t.register(info('b'), 0);
    expect(t.heartbeat('a', 600)).toBe('alive');
    expect(t.expired(1000)).toEqual([]);
    expect(t.expired(1001)).toEqual([{ nodeId: 'b', silentMs: 1001 }]);
    expect(t.expired(1601).map((e) => e.nodeId)).toEqual(['a', 'b']);
  });

  it('keeps a dead node dead: heartbeats say so and its id cannot register again', () => {
    const t = new NodeTable({ deathTimeoutMs: 1000 });
    t.register(info('a'), 0);
    const dead = t.markDead('a', 'no heartbeat', 12345);
    expect(dead).toMatchObject({ state: 'DEAD', deathReason: 'no heartbeat', endTimeMs: 12345 });
    expect(t.markDead('a', 'again', 1)).toBeUndefined();
    expect(t.heartbeat('a', 2000)).toBe('dead');
    expect(t.expired(99_999)).toEqual([]);
    expect(() => t.register(info('a'), 3000)).toThrow(NodeDiedError);
    expect(t.alive()).toEqual([]);
    expect(t.all().map((n) => n.state)).toEqual(['DEAD']);
  });

  it('answers unknown for a node that never registered, and re-registration refreshes an alive one', () => {
    const t = new NodeTable({ deathTimeoutMs: 1000 });
    expect(t.heartbeat('x', 0)).toBe('unknown');
    t.register(info('a'), 0);
    t.register({ ...info('a'), nodeManagerPort: 2 }, 900);
    expect(t.get('a')?.nodeManagerPort).toBe(2);
    expect(t.expired(1800)).toEqual([]);
  });

  it('ignores a clock that steps back', () => {
    const t = new NodeTable({ deathTimeoutMs: 1000 });
    t.register(info('a'), 500);
    t.heartbeat('a', 100);
    expect(t.expired(1400)).toEqual([]);
    expect(t.expired(1501).length).toBe(1);
  });
});
