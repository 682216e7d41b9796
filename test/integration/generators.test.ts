import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { countTo, gatedStream, failingStream } from '../fixtures/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('streaming generators', () => {
  it('yields refs in order', async () => {
    const gen = countTo.remote(5);
    expect(gen).toBeInstanceOf(ray.ObjectRefGenerator);
    const values: number[] = [];
    for await (const ref of gen) {
      expect(ref).toBeInstanceOf(ray.ObjectRef);
      values.push(await ray.get(ref));
    }
    expect(values).toEqual([0, 10, 20, 30, 40]);
  });

  it('hands out each item as soon as it is yielded', async () => {
    const gate = join(dir, 'gate');
    const gen = gatedStream.remote(gate);
    const first = await gen.next();
    // The generator is still waiting for the gate: the first item arrived before it finished.
    expect(await ray.get(first.value!)).toBe('first');
    writeFileSync(gate, 'open');
    const second = await gen.next();
    expect(await ray.get(second.value!)).toBe('second');
    expect((await gen.next()).done).toBe(true);
  });

  it('delivers an exception as a last item whose get throws', async () => {
    const refs: ray.ObjectRef<number>[] = [];
    for await (const ref of failingStream.remote()) refs.push(ref);
    expect(refs).toHaveLength(2);
    expect(await ray.get(refs[0]!)).toBe(1);
    const err = await rejection(ray.get(refs[1]!));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.cause).toBeInstanceOf(RangeError);
  });
});
