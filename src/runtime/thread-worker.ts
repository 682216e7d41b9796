import { MessageChannel, parentPort, threadId, workerData } from 'node:worker_threads';
import { startWorkerRuntime } from './worker-runtime.js';
import type { ExecuteTask, StartHost, TaskReply, WorkerBootData, WorkerHello } from '../common/protocol.js';

/**
 * Entry of a worker thread (piscina's task handler). At start-up it opens the thread's side port
 * to the raylet and sends it over piscina's parent port.
 */

const channel = new MessageChannel();
const run = startWorkerRuntime(workerData as WorkerBootData, channel.port1, `w${threadId}`);
parentPort!.postMessage({ tsrayHello: true, threadId, port: channel.port2 } satisfies WorkerHello, [channel.port2]);

/** Runs a lease's batch of tasks, or an actor host when given one. */
export default function runWork(work: ExecuteTask[] | StartHost): Promise<Array<TaskReply | undefined> | void> {
  return run(work);
}
