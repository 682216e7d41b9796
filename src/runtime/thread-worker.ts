import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MessageChannel, parentPort, threadId, workerData } from 'node:worker_threads';
import { runtimeState } from '../core/runtime-state.js';
import { ThreadCoreWorker } from '../core/thread-core-worker.js';
import { InvalidArgumentError } from '../api/errors.js';
import { TaskExecutor } from './task-executor.js';
import { redirectConsole } from './worker-logs.js';
import { ActorHosts } from './actor-host.js';
import type { ExecuteTask, StartHost, TaskReply, WorkerBootData, WorkerHello } from './protocol.js';

/**
 * Entry of a worker thread (piscina's task handler). At start-up it opens the thread's side port
 * to the raylet and becomes a tsray worker (`ray.isWorker()` is true before any user module loads).
 */

const boot = workerData as WorkerBootData;
const state = runtimeState();
state.isWorker = true;
const channel = new MessageChannel();
const core = new ThreadCoreWorker(boot, channel.port1);
state.coreWorker = core;
parentPort!.postMessage({ tsrayHello: true, threadId, port: channel.port2 } satisfies WorkerHello, [channel.port2]);
redirectConsole(boot.logToDriver, () => core.current?.name ?? 'worker');
const actorHosts: ActorHosts = new ActorHosts(core, (task) => executor.run(task, undefined));
const executor: TaskExecutor = new TaskExecutor(core, (actorId, method) => actorHosts.method(actorId, method));
core.onActorMessage = (msg) => {
  switch (msg.k) {
    case 'createActor':
      void actorHosts.create(msg.hostId, msg.actor);
      break;
    case 'actorCall':
      actorHosts.call(msg.task);
      break;
    case 'killActor':
      actorHosts.kill(msg.actorId);
      break;
    case 'stopHost':
      actorHosts.stopHost(msg.hostId);
      break;
  }
};

state.exitActor = () => {
  const actorId = core.current?.actorId;
  if (!actorId) throw new InvalidArgumentError('ray.exitActor() can only be called inside an actor method.');
  actorHosts.exit(actorId);
};

/**
 * Refs a worker dropped are released when its garbage is collected, and an idle thread does not
 * allocate, so it may never collect: the objects would stay alive in the owner. A thread that
 * made many refs therefore collects once it has been idle a moment. (`gc` comes from a context
 * made after exposing it; it collects this thread's whole heap.)
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const IDLE_COLLECT_AFTER_REFS = 1000;
let idleCollect: NodeJS.Timeout | undefined;
let runningBatches = 0;

function afterBatch(): void {
  if (--runningBatches > 0 || core.references.created < IDLE_COLLECT_AFTER_REFS) return;
  clearTimeout(idleCollect);
  idleCollect = setTimeout(() => {
    if (runningBatches > 0) return;
    core.references.created = 0;
    collectGarbage();
  }, 50);
  idleCollect.unref();
}

/**
 * Runs a lease's batch (piscina's task handler), or an actor host when given one.
 */
export default function runBatch(batch: ExecuteTask[] | StartHost): Promise<Array<TaskReply | undefined> | void> {
  if (!Array.isArray(batch)) return actorHosts.runHost(batch.hostId);
  runningBatches++;
  return executor.runBatch(batch).finally(afterBatch);
}
