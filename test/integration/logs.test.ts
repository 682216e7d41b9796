import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const driver = `${root}test/fixtures/log-driver.ts`;

describe('worker logs', () => {
  it('prints console output of tasks on the driver, prefixed with the task name and worker', async () => {
    const { stdout, stderr } = await run(tsx, [driver], { cwd: root });
    expect(stdout).toMatch(/^\(logs pid=\d+ tid=\d+\) out: hello$/m);
    expect(stderr).toMatch(/^\(logs pid=\d+ tid=\d+\) err: hello$/m);
    expect(stdout).toMatch(/^result: hello$/m);
  });

  it('drops task output with logToDriver: false', async () => {
    const { stdout, stderr } = await run(tsx, [driver, 'quiet'], { cwd: root });
    expect(stdout).not.toMatch(/out: hello/);
    expect(stderr).not.toMatch(/err: hello/);
    expect(stdout).toMatch(/^result: hello$/m);
  });
});
