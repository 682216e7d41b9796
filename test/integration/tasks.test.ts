import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import {
  add, describeArgs, echo, getNested, makeRef, pair, square, plusOne, returnsFunction, wrongReturnCount,
  putMany, sumRefs, context, resourcesInTask,
} from '../fixtures/tasks.js';
import { hidden } from '../fixtures/conditional.js';
import { unreachable } from '../fixtures/broken-import.js';
import { defineSecond } from '../fixtures/duplicates.js';
import { createServer } from 'node:net';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('remote functions', () => {
  it('runs a task and returns an ObjectRef synchronously', async () => {
    const ref = square.remote(3);
    expect(ref).toBeInstanceOf(ray.ObjectRef);
    expect('then' in ref).toBe(false);
    expect(await ray.get(ref)).toBe(9);
  });

  it('gets an array of refs in order', async () => {
    const refs = [1, 2, 3, 4, 5].map((x) => square.remote(x));
    expect(await ray.get(refs)).toEqual([1, 4, 9, 16, 25]);
  });

  it('resolves top-level ref arguments and keeps nested refs as refs', async () => {
    const r = ray.put(5);
    expect(await ray.get(add.remote(r, square.remote(2)))).toBe(9);
    expect(await ray.get(describeArgs.remote(r, [r, 1], 'x'))).toEqual(['number', ['ref', 'number'], 'string']);
    expect(await ray.get(getNested.remote({ inner: r }))).toBe(6);
  });

  it('chains tasks through refs', async () => {
    let ref = plusOne.remote(0);
    for (let i = 0; i < 20; i++) ref = plusOne.remote(ref);
    expect(await ray.get(ref)).toBe(21);
  });

  it('returns refs from tasks', async () => {
    const out = await ray.get(makeRef.remote(42));
    expect(out.ref).toBeInstanceOf(ray.ObjectRef);
    expect(await ray.get(out.ref)).toBe(42);
  });

  it('supports numReturns > 1', async () => {
    const [a, b] = pair.remote(21);
    expect(await ray.get(a)).toBe(21);
    expect(await ray.get(b)).toBe(42);
    const [c, d] = square.options({ numReturns: 2 }).remote(3) as unknown as ray.ObjectRef<unknown>[];
    await expect(ray.get(c!)).rejects.toThrow(/numReturns: 2 but returned number/);
    await expect(ray.get(d!)).rejects.toBeInstanceOf(ray.TaskError);
    await expect(ray.get(wrongReturnCount.remote()[0])).rejects.toThrow(/an array of 1/);
  });

  it('round-trips the supported value types through tasks', async () => {
    const values: unknown[] = [
      1.5, 'text', null, true, [1, [2]], { a: { b: 'c' } }, new Map<unknown, unknown>([[1, 'x'], ['k', { z: 2 }]]),
      new Set([1, 'two']), new Date(1234), 2n ** 100n, -5n, Buffer.from('bytes'), new Float64Array([1.5, -2]),
      new Int32Array([7, -7]), new Uint8Array([1, 2, 3]),
    ];
    const back = await ray.get(values.map((v) => echo.remote(v)));
    back.forEach((b, i) => expect(b).toEqual(values[i]));
    expect(back[11]).toBeInstanceOf(Buffer);
    expect(back[12]).toBeInstanceOf(Float64Array);
    expect(back[6]).toBeInstanceOf(Map);
    const err = (await ray.get(echo.remote(new RangeError('as a value')))) as Error;
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('as a value');
  });

  it('passes 10k refs inside one object and reads them back', async () => {
    const refs = await ray.get(putMany.remote(10_000));
    expect(refs).toHaveLength(10_000);
    expect(await ray.get(sumRefs.remote(refs))).toBe((9_999 * 10_000) / 2);
  });

  it('reports the runtime context inside tasks', async () => {
    const c = await ray.get(context.remote());
    const d = ray.getRuntimeContext();
    expect(c.isWorker).toBe(true);
    expect(ray.isWorker()).toBe(false);
    expect(c.taskId).toMatch(/t/);
    expect(d.taskId).toBeNull();
    expect(c.nodeId).toBe(d.nodeId);
    expect(c.jobId).toBe(d.jobId);
    expect(c.namespace).toBe(d.namespace);
    expect(c.workerId).not.toBe(d.workerId);
    expect(c.gpus).toEqual([]);
    const r = await ray.get(resourcesInTask.remote());
    expect(r.cluster.CPU).toBe(2);
    expect(r.available.CPU).toBe(1); // the asking task holds the other CPU
  });
});

describe('bad input', () => {
  it('rejects unserializable arguments at the call site, naming their position', () => {
    expect(() => echo.remote((() => 1) as never)).toThrow(/argument 0 of echo\(\).*function/);
    expect(() => add.remote(1, { s: Symbol('x') } as never)).toThrow(/argument 1 of add\(\)\.s is a symbol/);
    const server = createServer();
    try {
      expect(() => echo.remote({ server } as never)).toThrow(ray.SerializationError);
      expect(() => echo.remote({ server } as never)).toThrow(/argument 0 of echo\(\)\.server .*Server/);
    } finally {
      server.close();
    }
    expect(() => ray.put({ f: () => 1 })).toThrow(/ray.put.*\.f is a function/);
  });

  it('fails the task when its return value cannot be serialized', async () => {
    await expect(ray.get(returnsFunction.remote())).rejects.toThrow(/returned by returnsFunction\(\).*function/);
  });

  it('rejects invalid options with the option named', () => {
    expect(() => square.options({ numCpus: -1 })).toThrow(/numCpus must be a number >= 0/);
    expect(() => square.options({ numCpu: 1 } as never)).toThrow(/unknown option "numCpu".*numCpus/);
    expect(() => square.options({ maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => square.options({ retryExceptions: 'yes' as never })).toThrow(/retryExceptions/);
    expect(() => square.options({ resources: { CPU: 1 } })).toThrow(/set CPU with numCpus/);
    expect(() => ray.remote('nope' as never)).toThrow(ray.InvalidArgumentError);
  });

  it('errors on two remote functions with one name in one module', () => {
    expect(() => defineSecond()).toThrow(/both named "same".*name/);
  });

  it('errors clearly when a worker cannot find or import the function', async () => {
    await expect(ray.get(hidden!.remote())).rejects.toThrow(/did not define a remote function with key "hidden"/);
    await expect(ray.get(hidden!.remote())).rejects.toBeInstanceOf(ray.TaskError);
    const err = await rejection(ray.get(unreachable.remote()));
    expect(err.cause).toBeInstanceOf(ray.FunctionNotFoundError);
    expect(err.message).toMatch(/broken-import\.ts failed to import in the worker: this module cannot load in workers/);
  });

  it('validates get/wait arguments', async () => {
    await expect(ray.get(5 as never)).rejects.toThrow(/expected an ObjectRef/);
    await expect(ray.get([square.remote(1), 'x'] as never)).rejects.toThrow(/element 1 is not an ObjectRef/);
    const r = square.remote(1);
    await expect(ray.wait([r, r])).rejects.toThrow(/same ref twice/);
    await expect(ray.wait([r], { numReturns: 2 })).rejects.toThrow(/numReturns must be an integer between 1 and/);
  });
});
