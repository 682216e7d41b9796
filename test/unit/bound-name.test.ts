import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { boundName } from '../../src/core/function-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-bound-name-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The name bound at the `ray.remote` call in `source`, as the stack would point at it. */
function nameAt(source: string): string | undefined {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes('remote('));
  // V8 points a method call's frame at the property: the `r` of `remote`, 1-based.
  return boundName({ url: pathToFileURL(file).href, line: line + 1, column: lines[line]!.indexOf('remote(') + 1 });
}

describe('boundName: the name a remote function is bound to, read at its call site', () => {
  it('reads const, let and var bindings, exported or not, typed or not', () => {
    expect(nameAt('export const square = ray.remote((x) => x * x);')).toBe('square');
    expect(nameAt('let cube = ray.remote((x) => x ** 3);')).toBe('cube');
    expect(nameAt('var  spaced   =   tsray.remote(() => 1);')).toBe('spaced');
    expect(nameAt('export const typed: RemoteFunction<[number], number> = ray.remote((x: number) => x);')).toBe('typed');
    expect(nameAt('const direct = remote((x) => x);')).toBe('direct');
  });

  it('reads a binding on the line before the call, and object properties', () => {
    expect(nameAt('export const wrapped =\n  ray.remote(\n    (x) => x);')).toBe('wrapped');
    expect(nameAt('const tasks = {\n  double: ray.remote((x) => 2 * x),\n};')).toBe('double');
  });

  it('gives nothing for a call bound to no name, or a source it cannot read', () => {
    expect(nameAt('register(ray.remote((x) => x));')).toBeUndefined();
    expect(nameAt('ray.remote((x) => x);')).toBeUndefined();
    expect(boundName({ url: 'file:///no/such/module.ts', line: 1, column: 5 })).toBeUndefined();
    expect(boundName({ url: 'data:text/javascript,1', line: 1, column: 1 })).toBeUndefined();
  });
});
