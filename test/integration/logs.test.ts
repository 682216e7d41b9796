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

describe('actor host warnings', () => {
  it('warns once when a method blocks a shared host thread for over a second', async () => {
    const { stdout, stderr } = await run(tsx, [`${root}test/fixtures/blocking-actor-driver.ts`], { cwd: root });
    expect(stdout).toMatch(/^done$/m);
    const warnings = stderr.match(/tsray warning: actor Blocker "slowpoke"'s method block\(\) ran synchronously for \d+\.\d s on a shared host thread/g) ?? [];
    expect(warnings).toHaveLength(1);
  });
});
