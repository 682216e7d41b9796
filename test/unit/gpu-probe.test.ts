import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeGpus } from '../../src/raylet/gpu-probe.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-gpu-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A directory holding an `nvidia-smi` that runs the given shell body (no PATH needed: builtins only). */
function fake(body: string): string {
  const bin = join(dir, `bin${n++}`);
  mkdirSync(bin);
  writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  return bin;
}

const QUERY_H100_X2 = "printf '0, NVIDIA H100 80GB HBM3, 81559, GPU-aaaa\\n1, NVIDIA H100 80GB HBM3, 81559, GPU-bbbb\\n'";

describe('probeGpus', () => {
  it('finds nothing, without throwing, when nvidia-smi is missing', async () => {
    expect(await probeGpus({ env: { PATH: join(dir, 'nowhere') } })).toEqual([]);
  });

  it('reads the CSV query', async () => {
    const gpus = await probeGpus({ env: { PATH: fake(`case "$1" in --query-gpu=*) ${QUERY_H100_X2} ;; *) exit 1 ;; esac`) } });
    expect(gpus.map((g) => [g.index, g.name, g.memoryMiB])).toEqual([[0, 'NVIDIA H100 80GB HBM3', 81559], [1, 'NVIDIA H100 80GB HBM3', 81559]]);
  });

  it('falls back to `nvidia-smi -L` when the query fails', async () => {
    const bin = fake(`case "$1" in -L) printf 'GPU 0: Tesla V100-SXM2-16GB (UUID: GPU-cccc)\\n' ;; *) echo 'Invalid combination of input arguments' ; exit 2 ;; esac`);
    expect(await probeGpus({ env: { PATH: bin } })).toEqual([{ index: 0, name: 'Tesla V100-SXM2-16GB', uuid: 'GPU-cccc' }]);
  });

  it('finds nothing when the driver fails', async () => {
    const bin = fake("echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9");
    expect(await probeGpus({ env: { PATH: bin } })).toEqual([]);
  });

  it('gives up on an nvidia-smi that hangs, after the timeout', async () => {
    const started = Date.now();
    expect(await probeGpus({ env: { PATH: fake('while :; do :; done') }, timeoutMs: 300 })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("narrows by the given environment's CUDA_VISIBLE_DEVICES", async () => {
    const bin = fake(`case "$1" in --query-gpu=*) ${QUERY_H100_X2} ;; *) exit 1 ;; esac`);
    expect((await probeGpus({ env: { PATH: bin, CUDA_VISIBLE_DEVICES: '1' } })).map((g) => g.index)).toEqual([1]);
    expect((await probeGpus({ env: { PATH: bin, CUDA_VISIBLE_DEVICES: 'GPU-aaaa' } })).map((g) => g.index)).toEqual([0]);
    expect(await probeGpus({ env: { PATH: bin, CUDA_VISIBLE_DEVICES: '' } })).toEqual([]);
  });
});
