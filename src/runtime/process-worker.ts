import { startWorkerRuntime } from './worker-runtime.js';
import type { SidePort } from '../core/thread-core-worker.js';
import type { RayletToWorker, WorkerBootData } from '../common/protocol.js';
import type { ProcessReply, ProcessRequest } from '../raylet/process-pool.js';

/**
 * Entry of a process worker (`isolation: 'process'`): a child process of the raylet that runs
 * work the way a worker thread does. Everything travels over the IPC channel: work to run and
 * its outcome, and the side-port batches of the thread protocol.
 */

if (!process.send) {
  console.error('tsray process worker: started without an IPC channel; the raylet starts this file itself.');
  process.exit(2);
}
const send = process.send.bind(process);
const boot = JSON.parse(process.env.TSRAY_WORKER_BOOT ?? 'null') as WorkerBootData | null;
if (!boot) {
  console.error('tsray process worker: TSRAY_WORKER_BOOT is not set; the raylet starts this file itself.');
  process.exit(2);
}

const listeners: Array<(batch: RayletToWorker[]) => void> = [];
const port: SidePort = {
  postMessage: (batch) => send({ side: batch } satisfies ProcessReply),
  on: (_event, listener) => listeners.push(listener),
};
const run = startWorkerRuntime(boot, port, `p${process.pid}`);

process.on('message', (msg: ProcessRequest) => {
  if (msg.side) {
    for (const l of listeners) l(msg.side);
    return;
  }
  const { id, work } = msg.run!;
  run(work).then(
    (result) => send({ done: { id, result: result ?? undefined } } satisfies ProcessReply),
    (err: unknown) => send({ failed: { id, message: (err as Error)?.message ?? String(err) } } satisfies ProcessReply),
  );
});
// The raylet is gone: so is this worker.
process.on('disconnect', () => process.exit(0));
send({ ready: true } satisfies ProcessReply);
