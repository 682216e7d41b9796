import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ray from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const segmentsOf = (pid: number) => readdirSync('/dev/shm').filter((f) => f.startsWith(`tsray-${pid}.`));

/** Starts a driver that puts a large array and waits; resolves with its pid once it has. */
async function startDriver(): Promise<{ pid: number; exited: Promise<unknown> }> {
  const child = spawn(`${root}node_modules/.bin/tsx`, [`${root}test/fixtures/killed-driver.ts`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`driver exited early with code ${code}`)));
  });
  return { pid, exited };
}

describe('segments of a killed session', () => {
  it('are removed by `tsray stop`', async () => {
    const driver = await startDriver();
    expect(segmentsOf(driver.pid).length).toBeGreaterThan(0);
    process.kill(driver.pid, 'SIGKILL');
    await driver.exited;
    const out = execFileSync(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, 'stop'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/removed \d+ shared-memory segment/);
    expect(segmentsOf(driver.pid)).toEqual([]);
    expect(existsSync(join(tmpdir(), 'tsray'))
      ? readdirSync(join(tmpdir(), 'tsray')).filter((f) => f.startsWith(`session-${driver.pid}.`)) : []).toEqual([]);
  });

  it('are removed by the next start on the machine', async () => {
    const { pid, exited } = await startDriver();
    expect(segmentsOf(pid).length).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await exited;
    // (Another test file's init may already have cleaned up: any start removes dead sessions.)
    await ray.init({ numCpus: 1, logToDriver: false });
    await ray.shutdown();
    expect(segmentsOf(pid)).toEqual([]);
  });
});
