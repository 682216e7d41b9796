import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the compiled build', () => {
  it('runs tasks, process workers, actors and shared-memory arrays from plain JS under node', async () => {
    // `npm test` builds dist/ first; this driver imports it with no TypeScript loader.
    const { stdout } = await promisify(execFile)(process.execPath, [`${root}test/fixtures/compiled-driver.mjs`], { cwd: root });
    expect(JSON.parse(stdout.trim())).toEqual({ inThread: 49, inProcess: 64, count: 2, big: 2 });
  });
});
