import { execFile } from 'node:child_process';
import { QUERY_GPU_ARGS, narrowToVisible, parseListGpus, parseQueryGpu, parseVisibleDevices, type DetectedGpu } from './gpu-detection.js';

export interface ProbeGpusOptions {
  /**
   * The environment to detect in: its PATH finds `nvidia-smi` and its `CUDA_VISIBLE_DEVICES`
   * narrows the result. Default: this process's.
   */
  env?: NodeJS.ProcessEnv;
  /** Per `nvidia-smi` call, in ms (default 5000): a hung driver must not hang `ray.init()`. */
  timeoutMs?: number;
}

type Outcome = { stdout: string } | { missing: true } | { failed: true; timedOut: boolean };

function run(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    try {
      execFile('nvidia-smi', args, { env, timeout: timeoutMs, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout) => {
        if (!err) resolve({ stdout });
        else if ((err as NodeJS.ErrnoException).code === 'ENOENT') resolve({ missing: true });
        else resolve({ failed: true, timedOut: err.killed === true });
      });
    } catch {
      resolve({ failed: true, timedOut: false }); // e.g. an env whose values cannot be passed to a child
    }
  });
}

/**
 * Finds the node's NVIDIA GPUs with `nvidia-smi` (the CSV query, else `-L` for drivers that lack
 * it), narrowed by `CUDA_VISIBLE_DEVICES`. No `nvidia-smi`, a failing or slow one: no GPUs.
 * Never throws.
 */
export async function probeGpus(options: ProbeGpusOptions = {}): Promise<DetectedGpu[]> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 5000;
  const query = await run(QUERY_GPU_ARGS, env, timeoutMs);
  // A slow driver is not asked twice: init would wait out both timeouts.
  if ('missing' in query || ('failed' in query && query.timedOut)) return [];
  let gpus = 'stdout' in query ? parseQueryGpu(query.stdout) : [];
  if (gpus.length === 0) {
    const list = await run(['-L'], env, timeoutMs);
    gpus = 'stdout' in list ? parseListGpus(list.stdout) : [];
  }
  return narrowToVisible(gpus, parseVisibleDevices(env.CUDA_VISIBLE_DEVICES));
}
