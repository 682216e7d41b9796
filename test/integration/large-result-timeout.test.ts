import { beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { cliCluster, disconnectAfterEachTest } from '../fixtures/cli-cluster.js';
import { add } from '../fixtures/tasks.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { byteAt, makeBytesThenMark } from '../fixtures/large-results.js';

// Issue 14, "large results": a `get` with a timeout fires while a large result is still on its
// way to the driver (the driver's event loop is never held up by it), and the driver goes on
// working: other calls answer, and the same result arrives whole when asked again.

const cluster = cliCluster('large-result-timeout');
const MB = 1e6;
const SIZE = 500 * MB;

let address = '';
let headId = '';
let otherId = '';

beforeAll(() => {
  ({ address, nodeId: headId } = cluster.startHead('--num-cpus', '1'));
  otherId = cluster.addNode(address, '--num-cpus', '1');
}, 300_000);

disconnectAfterEachTest(ray, cluster);

/** Every 10 MB a byte is checked, and the last one. */
function expectWhole(value: Uint8Array): void {
  expect(value.byteLength).toBe(SIZE);
  for (let i = 0; i < SIZE; i += 10 * MB + 7) expect(value[i]).toBe(byteAt(i));
  expect(value[SIZE - 1]).toBe(byteAt(SIZE - 1));
}

describe('a large result on its way to the driver', () => {
  for (const where of ['another node', "the driver's node"] as const) {
    it(`lets a get's timeout fire while it comes from ${where}, and the driver stays usable`, async () => {
      await ray.init({ address });
      const nodeId = where === 'another node' ? otherId : headId;
      const marker = join(cluster.tmp, `made-${where.length}`);
      const ref = makeBytesThenMark.options({ schedulingStrategy: { nodeId, soft: false } }).remote(SIZE, marker);
      // Once the task has made its bytes, they still have to be written to the store (and, from
      // another node, moved here): hundreds of milliseconds for 500 MB, so a get of 1 ms now
      // times out while the result is under way.
      while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 5));
      const err = await ray.get(ref, { timeoutMs: 1 }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ray.GetTimeoutError);
      // Meanwhile other work is answered...
      expect(await ray.get(add.remote(2, 3), { timeoutMs: 60_000 })).toBe(5);
      // ...and a second short get times out too, or has the value (the transfer may be done).
      const second = await ray.get(ref, { timeoutMs: 20 }).then((v) => v, (e: unknown) => e);
      if (!(second instanceof ray.GetTimeoutError)) expectWhole(second as Uint8Array);
      // The timeouts cancelled nothing: the result arrives whole.
      expectWhole(await ray.get(ref, { timeoutMs: 120_000 }));
      expect(await ray.get(add.remote(4, 5))).toBe(9);
    }, 180_000);
  }
});
