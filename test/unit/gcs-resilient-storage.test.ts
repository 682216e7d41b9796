import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidArgumentError } from '../../src/common/errors.js';
import { ResilientStorage } from '../../src/gcs/resilient-storage.js';
import { FlakyStorage } from '../fixtures/gcs-flaky-storage.js';

const fast = { initialMs: 10, maxMs: 20, multiplier: 2, jitter: 0 };
const bytes = (s: string) => Buffer.from(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString());

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function setup() {
  const backend = new FlakyStorage();
  const logs: string[] = [];
  const storage = new ResilientStorage(backend, { backoff: fast, log: (m) => logs.push(m) });
  return { backend, storage, logs };
}

describe('resilient GCS storage', () => {
  it('writes one key in the order asked, even when the first write is slow', async () => {
    const { backend, storage } = setup();
    backend.slowOnce.set('actors/a1', 40);
    const first = storage.put('actors', 'a1', bytes('v1'));
    const second = storage.put('actors', 'a1', bytes('v2'));
    const other = storage.put('actors', 'a2', bytes('w1'));
    await Promise.all([first, second, other]);
    // a2 did not wait for a1; a1's writes landed v1 then v2.
    expect(backend.applied.filter((a) => a.key === 'a1').map((a) => a.value)).toEqual(['v1', 'v2']);
    expect(backend.applied[0]!.key).toBe('a2');
    expect(backend.value('actors', 'a1')).toBe('v2');
  });

  it('keeps a change the backend refused, tells the caller to retry, and writes it once the backend is back', async () => {
    const { backend, storage, logs } = setup();
    backend.down = true;
    const err = await storage.put('nodes', 'n1', bytes('alive')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(storage.degraded).toBe(true);
    // Reads see the kept change.
    expect(text(await storage.get('nodes', 'n1'))).toBe('alive');
    backend.down = false;
    await until('the kept change to be written', () => !storage.degraded);
    expect(backend.value('nodes', 'n1')).toBe('alive');
    expect(logs.some((l) => /storage unavailable/.test(l))).toBe(true);
    expect(logs.some((l) => /answers again/.test(l))).toBe(true);
  });

  it('fails writes fast while changes are kept, keeping only the latest of each key', async () => {
    const { backend, storage } = setup();
    backend.down = true;
    await storage.put('actors', 'a', bytes('1')).catch(() => {});
    const before = backend.requests;
    const t0 = Date.now();
    for (let i = 2; i <= 50; i++) await storage.put('actors', 'a', bytes(String(i))).catch(() => {});
    await storage.delete('actors', 'gone').catch(() => {});
    await storage.put('actors', 'b', bytes('b1')).catch(() => {});
    expect(Date.now() - t0).toBeLessThan(200);
    // No request reached the backend for them (the flusher may have tried the first once).
    expect(backend.requests - before).toBeLessThanOrEqual(2);
    expect(storage.keptCount).toBe(3);
    backend.down = false;
    await until('every kept change to be written', () => !storage.degraded);
    expect(backend.value('actors', 'a')).toBe('50');
    expect(backend.value('actors', 'b')).toBe('b1');
    expect(backend.applied.filter((a) => a.key === 'a').map((a) => a.value)).toEqual(['50']);
  });

  it('shows kept puts and deletes in listings', async () => {
    const { backend, storage } = setup();
    await storage.put('kv:ns', 'keep', bytes('1'));
    await storage.put('kv:ns', 'drop', bytes('2'));
    backend.down = true;
    await storage.put('kv:ns', 'new', bytes('3')).catch(() => {});
    await storage.delete('kv:ns', 'drop').catch(() => {});
    backend.down = false;
    // The flusher may already be done; either way the listing is what the GCS asked for.
    expect((await storage.keys('kv:ns')).sort()).toEqual(['keep', 'new']);
    expect((await storage.list('kv:ns')).map(([k, v]) => [k, text(v)]).sort()).toEqual([['keep', '1'], ['new', '3']]);
  });

  it('passes errors other than unavailability through, keeping nothing', async () => {
    const { storage } = setup();
    const bad = new InvalidArgumentError('WRONGTYPE');
    (storage.backend as FlakyStorage).put = async () => {
      throw bad;
    };
    await expect(storage.put('t', 'k', bytes('x'))).rejects.toBe(bad);
    expect(storage.degraded).toBe(false);
  });

  it('copies values, so a caller reusing its buffer cannot change a kept change', async () => {
    const { backend, storage } = setup();
    backend.down = true;
    const buf = bytes('first');
    await storage.put('t', 'k', buf).catch(() => {});
    buf.write('XXXXX');
    expect(text(await storage.get('t', 'k'))).toBe('first');
    backend.down = false;
    await until('written', () => !storage.degraded);
    expect(backend.value('t', 'k')).toBe('first');
  });

  it('tries the kept changes once more on close, then closes the backend', async () => {
    const { backend, storage, logs } = setup();
    backend.down = true;
    await storage.put('t', 'k', bytes('x')).catch(() => {});
    await storage.close();
    expect(backend.closed).toBe(1);
    expect(logs.some((l) => /closing with 1 change\(s\) not written/.test(l))).toBe(true);
  });
});
