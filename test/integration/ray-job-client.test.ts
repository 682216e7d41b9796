import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliCluster, root } from '../fixtures/cli-cluster.js';

const run = promisify(execFile);

/**
 * Ray's own Python `JobSubmissionClient` (Ray 2.58) against a tsray head's job server: the tools
 * platforms already have must work unchanged. It needs a Python with Ray installed, named by
 * TSRAY_RAY_PYTHON (`.ci/run` makes one from the machine's Python package index); without one
 * there is nothing here to run.
 */
const python = process.env.TSRAY_RAY_PYTHON;

describe.runIf(python)('Ray\'s JobSubmissionClient against a tsray head', () => {
  it('submits with a working_dir, reads status, info, metadata and logs, sees a failure, stops, lists and deletes', async () => {
    const cluster = cliCluster('ray-job-client');
    const work = mkdtempSync(join(tmpdir(), 'tsray-ray-job-dir-'));
    try {
      writeFileSync(join(work, 'greeting.txt'), 'hello from the uploaded folder\n');
      cluster.startHead('--num-cpus', '1', '--dashboard-port', '0');
      const api = cluster.nodeRecords().find((r) => r.isHead)!.dashboardAddress!;
      const { stdout } = await run(python!, [`${root}test/fixtures/ray-job-client.py`, api, work], { env: cluster.env, timeout: 240_000 });
      const seen = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
      expect(seen).toMatchObject({
        ok: 'ray-client-ok',
        okStatus: 'SUCCEEDED',
        metadata: { team: 'interop' },
        entrypoint: 'cat greeting.txt && echo from-the-entrypoint',
        failingStatus: 'FAILED',
        stopped: true,
        longStatus: 'STOPPED',
        deleted: true,
      });
      expect(seen.logs).toContain('hello from the uploaded folder');
      expect(seen.logs).toContain('from-the-entrypoint');
      expect(seen.listed).toEqual(expect.arrayContaining(['ray-client-ok', seen.failing, seen.long]));
      expect(seen.afterDelete).not.toContain('ray-client-ok');
    } finally {
      cluster.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
