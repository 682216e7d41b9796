import { describe, expect, it } from 'vitest';
import { pack, unpack, unpackWithClasses } from '../../src/serialization/serializer.js';
import { SerializationError, TaskError, RayError, GetTimeoutError } from '../../src/common/errors.js';
import { Socket } from 'node:net';

const roundTrip = (v: unknown) => unpack(pack(v).data);

describe('serializer', () => {
  it('round-trips Map, Set, Date, BigInt, typed arrays and Buffers', () => {
    const v = {
      m: new Map<unknown, unknown>([[1, { a: 1 }]]), s: new Set(['x']), d: new Date(99), big: 2n ** 80n, small: 3n,
      f: new Float32Array([0.5]), u: new Uint16Array([65535]), b: Buffer.from('hey'), nested: [{ o: {} }],
    };
    const back = roundTrip(v) as typeof v;
    expect(back).toEqual(v);
    expect(back.m).toBeInstanceOf(Map);
    expect(back.b).toBeInstanceOf(Buffer);
    expect(back.f).toBeInstanceOf(Float32Array);
    expect(roundTrip({ plain: { object: true } })).toEqual({ plain: { object: true } });
  });

  it('names where an unserializable value is', () => {
    expect(() => pack({ a: [1, { fn: () => 1 }] }, 'argument 0 of f()')).toThrow(/argument 0 of f\(\)\.a\[1\]\.fn is a function/);
    expect(() => pack(new Map([['k', Symbol('s')]]), 'value')).toThrow(/value\.get\(k\) is a symbol/);
    expect(() => pack({ sock: new Socket() }, 'value')).toThrow(/value\.sock is an instance of Socket/);
    expect(() => pack(Promise.resolve(1), 'value')).toThrow(SerializationError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => pack(cyclic, 'value')).toThrow(/a cycle/);
  });

  it('rebuilds tsray errors as their own classes, with cause', async () => {
    const err = await unpackWithClasses(pack(new TaskError('f', new GetTimeoutError('inner'))).data) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toBeInstanceOf(RayError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TaskError');
    expect(err.taskName).toBe('f');
    expect(err.cause).toBeInstanceOf(GetTimeoutError);
  });
});
