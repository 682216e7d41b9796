import { describe, expect, it } from 'vitest';
import {
  acceleratorTypeOf, narrowToVisible, nodeGpus, parseListGpus, parseQueryGpu, parseVisibleDevices, type DetectedGpu,
} from '../../src/raylet/gpu-detection.js';

// Outputs as nvidia-smi prints them (UUIDs shortened where the test does not depend on them).
const H100_QUERY = '0, NVIDIA H100 80GB HBM3, 81559, GPU-3c4a6f1e-9b1d-4c2e-8f0a-1d2e3f4a5b6c\n';
const A100_X4_QUERY = [
  '0, NVIDIA A100-SXM4-40GB, 40960, GPU-aaaa1111-0000-0000-0000-000000000000',
  '1, NVIDIA A100-SXM4-40GB, 40960, GPU-bbbb2222-0000-0000-0000-000000000000',
  '2, NVIDIA A100-SXM4-40GB, 40960, GPU-cccc3333-0000-0000-0000-000000000000',
  '3, NVIDIA A100-SXM4-40GB, 40960, GPU-dddd4444-0000-0000-0000-000000000000',
  '',
].join('\n');
const H100_LIST = 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-3c4a6f1e-9b1d-4c2e-8f0a-1d2e3f4a5b6c)\n';
const A100_MIG_LIST = [
  'GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77)',
  '  MIG 1g.5gb      Device  0: (UUID: MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f)',
  '  MIG 1g.5gb      Device  1: (UUID: MIG-cba663e8-9bed-5b2e-9b4c-1a8f0ad8e2b3)',
  'GPU 1: Tesla V100-SXM2-16GB (UUID: GPU-8a8c9b7e-1111-2222-3333-444455556666)',
].join('\r\n');
const DRIVER_FAILURE = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n";

const gpus = (n: number): DetectedGpu[] =>
  Array.from({ length: n }, (_, i) => ({ index: i, name: 'NVIDIA A100-SXM4-40GB', uuid: `GPU-${i}${i}${i}${i}-x` }));

describe('parseQueryGpu', () => {
  it('reads an H100 line: index, name, memory and uuid', () => {
    expect(parseQueryGpu(H100_QUERY)).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, uuid: 'GPU-3c4a6f1e-9b1d-4c2e-8f0a-1d2e3f4a5b6c' },
    ]);
  });

  it('reads several GPUs, and the three-field form without uuids', () => {
    const four = parseQueryGpu(A100_X4_QUERY);
    expect(four.map((g) => g.index)).toEqual([0, 1, 2, 3]);
    expect(four.every((g) => g.name === 'NVIDIA A100-SXM4-40GB' && g.memoryMiB === 40960)).toBe(true);
    expect(parseQueryGpu('0, NVIDIA A100-SXM4-80GB, 81920\n1, NVIDIA A100-SXM4-80GB, 81920\n')).toEqual([
      { index: 0, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920 },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920 },
    ]);
  });

  it('keeps a device whose memory reads [N/A]', () => {
    expect(parseQueryGpu('0, GRID A100D-40C, [N/A], GPU-1234\n')).toEqual([{ index: 0, name: 'GRID A100D-40C', uuid: 'GPU-1234' }]);
  });

  it('finds no devices in garbage or in a driver failure message', () => {
    expect(parseQueryGpu(DRIVER_FAILURE)).toEqual([]);
    expect(parseQueryGpu('')).toEqual([]);
    expect(parseQueryGpu('index, name, memory.total [MiB]\nx, y, z\n,,\n')).toEqual([]);
  });
});

describe('parseListGpus', () => {
  it('reads `nvidia-smi -L` and skips MIG instances', () => {
    expect(parseListGpus(H100_LIST)).toEqual([{ index: 0, name: 'NVIDIA H100 80GB HBM3', uuid: 'GPU-3c4a6f1e-9b1d-4c2e-8f0a-1d2e3f4a5b6c' }]);
    expect(parseListGpus(A100_MIG_LIST)).toEqual([
      { index: 0, name: 'NVIDIA A100-SXM4-40GB', uuid: 'GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77' },
      { index: 1, name: 'Tesla V100-SXM2-16GB', uuid: 'GPU-8a8c9b7e-1111-2222-3333-444455556666' },
    ]);
  });

  it('reads lines without a uuid, and nothing from garbage', () => {
    expect(parseListGpus('GPU 3: Tesla K80\n')).toEqual([{ index: 3, name: 'Tesla K80' }]);
    expect(parseListGpus(DRIVER_FAILURE)).toEqual([]);
    expect(parseListGpus('No devices were found\n')).toEqual([]);
  });
});

describe('acceleratorTypeOf', () => {
  it("derives Ray's short model names", () => {
    expect(acceleratorTypeOf('NVIDIA H100 80GB HBM3')).toBe('H100');
    expect(acceleratorTypeOf('NVIDIA H100 PCIe')).toBe('H100');
    expect(acceleratorTypeOf('NVIDIA A100-SXM4-40GB')).toBe('A100');
    expect(acceleratorTypeOf('Tesla V100-SXM2-16GB')).toBe('V100');
    expect(acceleratorTypeOf('Tesla T4')).toBe('T4');
    expect(acceleratorTypeOf('NVIDIA A10G')).toBe('A10G');
    expect(acceleratorTypeOf('NVIDIA L40S')).toBe('L40S');
    expect(acceleratorTypeOf('NVIDIA GH200 480GB')).toBe('GH200');
  });

  it('skips product-line words, and gives up on names without a model', () => {
    expect(acceleratorTypeOf('NVIDIA GeForce RTX 4090')).toBe('4090');
    expect(acceleratorTypeOf('NVIDIA RTX A6000')).toBe('A6000');
    expect(acceleratorTypeOf('Quadro RTX 6000')).toBe('6000');
    expect(acceleratorTypeOf('NVIDIA')).toBeUndefined();
    expect(acceleratorTypeOf('nvidia lowercase')).toBeUndefined();
  });
});

describe('CUDA_VISIBLE_DEVICES', () => {
  it('tells unset from empty', () => {
    expect(parseVisibleDevices(undefined)).toBeUndefined();
    expect(parseVisibleDevices('')).toEqual([]);
    expect(parseVisibleDevices('NoDevFiles')).toEqual([]);
    expect(parseVisibleDevices('2, 0')).toEqual(['2', '0']);
  });

  it('narrows detected devices to the listed indices, in the listed order', () => {
    expect(narrowToVisible(gpus(4), undefined).map((g) => g.index)).toEqual([0, 1, 2, 3]);
    expect(narrowToVisible(gpus(4), ['2', '0']).map((g) => g.index)).toEqual([2, 0]);
    expect(narrowToVisible(gpus(4), []).map((g) => g.index)).toEqual([]);
  });

  it('stops at the first entry that names no device, as CUDA does', () => {
    expect(narrowToVisible(gpus(2), ['0', '7', '1']).map((g) => g.index)).toEqual([0]);
    expect(narrowToVisible(gpus(2), ['-1', '0']).map((g) => g.index)).toEqual([]);
    expect(narrowToVisible(gpus(2), ['MIG-abc']).map((g) => g.index)).toEqual([]);
  });

  it('accepts UUIDs and unique UUID prefixes', () => {
    const detected = parseQueryGpu(A100_X4_QUERY);
    expect(narrowToVisible(detected, ['GPU-cccc3333-0000-0000-0000-000000000000', 'GPU-aaaa']).map((g) => g.index)).toEqual([2, 0]);
    expect(narrowToVisible(detected, ['GPU-']).map((g) => g.index)).toEqual([]); // ambiguous
  });

  it('finds nothing to narrow when nothing was detected', () => {
    expect(narrowToVisible([], ['0', '1'])).toEqual([]);
  });
});

describe('nodeGpus', () => {
  it('advertises what was detected, with the model of the first device', () => {
    expect(nodeGpus(parseQueryGpu(H100_QUERY), undefined)).toEqual({ ids: [0], acceleratorType: 'H100' });
    expect(nodeGpus(narrowToVisible(parseQueryGpu(A100_X4_QUERY), ['3', '1']), undefined)).toEqual({ ids: [3, 1], acceleratorType: 'A100' });
    expect(nodeGpus([], undefined)).toEqual({ ids: [] });
  });

  it('lets numGpus override: the first detected devices, then fake ids', () => {
    expect(nodeGpus([], 4)).toEqual({ ids: [0, 1, 2, 3] });
    expect(nodeGpus(parseQueryGpu(A100_X4_QUERY), 2)).toEqual({ ids: [0, 1], acceleratorType: 'A100' });
    expect(nodeGpus(narrowToVisible(gpus(4), ['2']), 3)).toEqual({ ids: [2, 0, 1], acceleratorType: 'A100' });
    expect(nodeGpus(parseQueryGpu(H100_QUERY), 0)).toEqual({ ids: [] });
  });
});
