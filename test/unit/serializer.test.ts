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
  });

  it('packs values with cycles by reference (as Ray does)', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const m = new Map<string, unknown>();
    m.set('me', m);
    const s = new Set<unknown>();
    s.add(s);
    const arr: unknown[] = [cyclic, m, s];
    arr.push(arr);
    const back = unpack(pack(arr, 'value').data) as [Record<string, unknown>, Map<string, unknown>, Set<unknown>, unknown[]];
    expect(back[0].self).toBe(back[0]);
    expect(back[0].n).toBe(1);
    expect(back[1].get('me')).toBe(back[1]);
    expect(back[2].has(back[2])).toBe(true);
    expect(back[3]).toBe(back);
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
