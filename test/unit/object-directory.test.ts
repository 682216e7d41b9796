import { describe, expect, it } from 'vitest';
import { ObjectDirectory, SESSION_LABEL, sessionOf, type DirectoryNode } from '../../src/objectmanager/object-directory.js';

const node = (nodeId: string, session: string, port: number, state: 'ALIVE' | 'DEAD' = 'ALIVE'): DirectoryNode => ({
  nodeId, state, labels: { [SESSION_LABEL]: session }, nodeManagerAddress: '127.0.0.1', nodeManagerPort: port, deathReason: state === 'DEAD' ? 'killed' : '',
});

describe('ObjectDirectory', () => {
  it('reads the issuing session from object and actor handle ids, and none from other ids', () => {
    expect(sessionOf('a1b2c3dp0')).toBe('a1b2c3');
    expect(sessionOf('a1b2c3dt4.0')).toBe('a1b2c3');
    expect(sessionOf('a1b2c37xt9.g2')).toBe('a1b2c3');
    // An actor's handle is its owner's: nodes holding handles borrow it.
    expect(sessionOf('Aa1b2c3dt1.actor')).toBe('a1b2c3');
    expect(sessionOf('a1b2c3dt1.actor')).toBeUndefined();
    expect(sessionOf('a1b2c3dt1.stream')).toBeUndefined();
    expect(sessionOf('PGa1b2c3dt1')).toBeUndefined();
    expect(sessionOf('zz')).toBeUndefined();
  });

  it('tells foreign objects from its own', () => {
    const d = new ObjectDirectory('a1b2c3');
    expect(d.isForeign('a1b2c3dp0')).toBe(false);
    expect(d.isForeign('ffee00dp0')).toBe(true);
    expect(d.isForeign('Affee00dt0.actor')).toBe(true);
    expect(d.isForeign('Aa1b2c3dt0.actor')).toBe(false);
  });

  it('finds an object\'s owner node by the session label of the GCS node table', () => {
    const d = new ObjectDirectory('a1b2c3');
    expect(d.ownerOf('ffee00dp0')).toBeUndefined();
    d.update([node('n1', 'a1b2c3', 7001), node('n2', 'ffee00', 7002), { ...node('n3', '', 0), labels: {} }]);
    expect(d.ownerOf('ffee00dp0')).toEqual({ nodeId: 'n2', address: '127.0.0.1:7002', alive: true, deathReason: '' });
    expect(d.ownerOf('ffee00dt3.1')?.nodeId).toBe('n2');
    expect(d.sessionOfNode('n2')).toBe('ffee00');
    expect(d.node('n1')?.address).toBe('127.0.0.1:7001');
    expect(d.ownerOf('123456dp0')).toBeUndefined();
  });

  it('keeps a dead node, marked dead with its reason', () => {
    const d = new ObjectDirectory('a1b2c3');
    d.update([node('n2', 'ffee00', 7002)]);
    d.update([node('n2', 'ffee00', 7002, 'DEAD')]);
    expect(d.ownerOf('ffee00dp0')).toMatchObject({ nodeId: 'n2', alive: false, deathReason: 'killed' });
    expect(d.bySessionTag('ffee00')?.alive).toBe(false);
  });
});
