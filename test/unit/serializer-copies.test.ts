import { describe, expect, it } from 'vitest';
import { pack } from '../../src/serialization/serializer.js';
import { ObjectRef } from '../../src/common/object-ref.js';

// A job's module that imports tsray from its package loads a second copy of the serializer into
// the worker. msgpackr's extensions are global, so that copy's extensions pack for both: what a
// pack collects (nested refs, out-of-band segments) must reach whichever copy began the pack.

describe('two copies of the serializer in one thread', () => {
  it('collects the refs nested in a value packed by the first copy after a second one loaded', async () => {
    // A query makes another module instance of the same file (a path in a variable, for tsc).
    const url = '../../src/serialization/serializer.ts?second-copy';
    const second = (await import(url)) as typeof import('../../src/serialization/serializer.js');
    expect(second.pack).not.toBe(pack); // really another copy of the module
    const value = { a: new ObjectRef('aa'), list: [new ObjectRef('bb')] };
    expect(pack(value).nested).toEqual(['aa', 'bb']);
    expect(second.pack(value).nested).toEqual(['aa', 'bb']);
  });
});
