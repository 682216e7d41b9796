import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROTO_DIR, PROTO_FILES } from '../../src/rpc/proto.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = join(ROOT, 'src/rpc/generated');

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const text = (path: string) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n');

describe('the types generated from proto/', () => {
  it('are what `npm run gen:proto` makes of proto/ now', () => {
    const out = mkdtempSync(join(tmpdir(), 'tsray-gen-proto-'));
    try {
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-proto.mjs'), out], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const want = filesUnder(out);
      const have = filesUnder(GENERATED);
      const hint = 'proto/ changed without regenerating: run `npm run gen:proto` and commit src/rpc/generated/';
      expect(have, hint).toEqual(want);
      const stale = want.filter((f) => text(join(out, f)) !== text(join(GENERATED, f)));
      expect(stale, hint).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('cover the proto files the loader loads', () => {
    const onDisk = readdirSync(PROTO_DIR).filter((f) => f.endsWith('.proto')).sort();
    expect([...PROTO_FILES].sort()).toEqual(onDisk);
  });
});
