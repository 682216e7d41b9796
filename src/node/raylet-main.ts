/**
 * The raylet as a process (`tsray start` runs it detached):
 * `node dist/node/raylet-main.js --gcs-address HOST:PORT --node-dir DIR [--head]
 *  [--node-ip-address IP] [--num-cpus N] [--num-gpus N] [--resources JSON] [--object-store-memory BYTES]
 *  [--gcs-reconnect-timeout-s S]` (S, default 60 or env TSRAY_GCS_RECONNECT_TIMEOUT_S: how long it
 *  runs on without reaching the GCS before it exits, saying why).
 * Once registered with the GCS it prints one JSON line on stdout, `{"ready":true,"nodeId":...}`;
 * a launcher waits for it. SIGTERM or SIGINT stops it cleanly and it exits 0.
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../common/errors.js';
import { RayletDaemon } from './raylet-daemon.js';
import { parseNodeResourceFlags } from '../cluster/node-flags.js';
import { acceleratorResource, nodeGpus } from '../raylet/gpu-detection.js';
import { probeGpus } from '../raylet/gpu-probe.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'gcs-address': { type: 'string' },
      'node-dir': { type: 'string' },
      'node-ip-address': { type: 'string' },
      head: { type: 'boolean' },
      'num-cpus': { type: 'string' },
      'num-gpus': { type: 'string' },
      resources: { type: 'string' },
      'object-store-memory': { type: 'string' },
      'gcs-reconnect-timeout-s': { type: 'string' },
    },
    strict: true,
  });
  if (!values['gcs-address'] || !values['node-dir']) throw new Error('--gcs-address and --node-dir are required');
  const flags = parseNodeResourceFlags(values);
  const reconnect = values['gcs-reconnect-timeout-s'] ?? process.env.TSRAY_GCS_RECONNECT_TIMEOUT_S;
  const reconnectS = reconnect === undefined || reconnect === '' ? undefined : Number(reconnect);
  if (reconnectS !== undefined && !(reconnectS > 0)) throw new InvalidArgumentError(`--gcs-reconnect-timeout-s must be a positive number of seconds, got "${reconnect}"`);
  // As in `ray.init()`: detected devices (narrowed by CUDA_VISIBLE_DEVICES) unless --num-gpus says.
  const gpus = nodeGpus(await probeGpus(), flags.numGpus);
  const resources = gpus.acceleratorType === undefined ? flags.resources
    : { [acceleratorResource(gpus.acceleratorType)]: 1, ...flags.resources };
  const daemon = await RayletDaemon.start({
    gcsAddress: values['gcs-address'],
    nodeDir: values['node-dir'],
    nodeIp: values['node-ip-address'] ?? '127.0.0.1',
    isHead: values.head === true,
    ...(reconnectS !== undefined ? { gcsReconnectTimeoutMs: reconnectS * 1000 } : {}),
    ...flags,
    numGpus: gpus.ids.length,
    gpuIds: gpus.ids,
    resources,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`tsray raylet: ${signal}: shutting down`);
    daemon.stop().then(() => process.exit(0), (err: unknown) => {
      console.error('tsray raylet: shutdown failed:', err);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdout.write(`${JSON.stringify({ ready: true, nodeId: daemon.nodeId, socket: daemon.socketPath, pid: process.pid })}\n`);
  console.error(`tsray raylet: node ${daemon.nodeId} registered with the GCS at ${values['gcs-address']}`);
}

main().catch((err: unknown) => {
  console.error('tsray raylet: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
