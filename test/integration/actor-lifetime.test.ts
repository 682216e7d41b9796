import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { availableCpusReach, collectUntil } from '../helpers.js';
import { runtimeState } from '../../src/common/runtime-state.js';
import type { DriverCoreWorker } from '../../src/core/driver-core-worker.js';
import { Counter } from '../fixtures/actors.js';
import { sleep } from '../fixtures/tasks.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const driver = () => runtimeState().coreWorker as DriverCoreWorker;

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('actor lifetime', () => {
  it('ends an unnamed actor once no handle to it is left', async () => {
    let c: ray.Actor<InstanceType<typeof Counter.cls>> | undefined = Counter.options({ numCpus: 1 }).remote(1);
    const id = c.actorId;
    expect(await ray.get(c.inc.remote())).toBe(2);
    expect((await ray.availableResources()).CPU).toBe(1);
    c = undefined;
    expect(await collectUntil(() => driver().actors.info(id) === undefined)).toBe(true);
    // Its thread and CPU went back.
    expect(await availableCpusReach(ray, 2)).toBe(2);
  });

  it('lets pending calls finish when the handle is dropped at once', async () => {
    const ref = Counter.remote(41).inc.remote();
    gc();
    await sleep(50);
    gc();
    expect(await ray.get(ref)).toBe(42);
  });

  it('keeps an actor alive while a handle to it is stored in an object', async () => {
    const box = ray.put({ counter: Counter.remote(5) });
    await collectUntil(() => false); // give collection every chance
    const { counter } = await ray.get(box);
    expect(await ray.get(counter.inc.remote())).toBe(6);
  });

  it('keeps named and detached actors without handles', async () => {
    let named: unknown = Counter.options({ name: 'kept' }).remote(7);
    let detached: ray.Actor<InstanceType<typeof Counter.cls>> | undefined = Counter.options({ lifetime: 'detached' }).remote(9);
    const detachedId = detached.actorId;
    named = undefined;
    detached = undefined;
    void named;
    await collectUntil(() => false);
    const again = await ray.getActor('kept');
    expect(await ray.get(again.inc.remote())).toBe(8);
    expect(driver().actors.info(detachedId)?.state).toBe('ALIVE');
  });
});
