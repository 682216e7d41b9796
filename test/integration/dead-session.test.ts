import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ray from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const segmentsOf = (pid: number) => readdirSync('/dev/shm').filter((f) => f.startsWith(`tsray-${pid}.`));

describe('segments of a killed session', () => {
  it('are removed by the next start on the machine', async () => {
    const child = spawn(`${root}node_modules/.bin/tsx`, [`${root}test/fixtures/killed-driver.ts`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ready (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`driver exited early with code ${code}`)));
    });
    expect(segmentsOf(pid).length).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // (Another test file's init may already have cleaned up: any start removes dead sessions.)
    await ray.init({ numCpus: 1, logToDriver: false });
    await ray.shutdown();
    expect(segmentsOf(pid)).toEqual([]);
  });
});
