import { collectGarbage, sharedBytesMappedSinceCollect } from '../objectstore/collect-garbage.js';
import { runtimeState } from '../common/runtime-state.js';
import { ThreadCoreWorker, type SidePort } from '../core/thread-core-worker.js';
import { InvalidArgumentError } from '../common/errors.js';
import { TaskExecutor } from './task-executor.js';
import { redirectConsole } from './worker-logs.js';
import { ActorHosts } from './actor-host.js';
import { sessionSegmentPrefix } from '../objectstore/session-files.js';
import type { ExecuteTask, StartHost, TaskReply, WorkerBootData } from '../common/protocol.js';

/** What a worker runs: a lease's batch of tasks, or an actor host (until it is stopped). */
export type WorkRunner = (work: ExecuteTask[] | StartHost) => Promise<Array<TaskReply | undefined> | void>;

/**
 * Makes this thread or process a tsray worker (`ray.isWorker()` is true before any user module
 * loads): its core worker on the given side port, console forwarding, actor hosts and the task
 * executor. Returns the function that runs work sent to it.
 */
export function startWorkerRuntime(boot: WorkerBootData, port: SidePort, workerName: string): WorkRunner {
  const state = runtimeState();
  state.isWorker = true;
  state.segmentPrefix = `${sessionSegmentPrefix(boot.driverPid, boot.session)}${process.pid}${workerName}`;
  state.store = boot.store;
  state.codeRoots = boot.codeRoots;
  const core = new ThreadCoreWorker(boot, port, workerName);
  state.coreWorker = core;
  redirectConsole(boot.logToDriver, () => core.current?.name ?? 'worker');
  const actorHosts: ActorHosts = new ActorHosts(core, (task) => executor.run(task, undefined));
  const executor: TaskExecutor = new TaskExecutor(core, (actorId, method) => actorHosts.method(actorId, method));
  core.actorWork = (actorId) => actorHosts.work(actorId);
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
    const current = core.current;
    if (!current?.actorId) throw new InvalidArgumentError('ray.exitActor() can only be called inside an actor method.');
    actorHosts.exit(current.actorId, current.taskId);
  };

  /**
   * Refs a worker dropped are released when its garbage is collected, and an idle worker does
   * not allocate, so it may never collect: the objects would stay alive in the owner. Likewise
   * the store blocks it read stay mapped, so their memory is not reused (see
   * noteSharedMapping). A worker that made many refs or mapped much shared memory therefore
   * collects once it has been idle a moment.
   */
  let idleCollect: NodeJS.Timeout | undefined;
  let runningBatches = 0;
  const afterBatch = (): void => {
    if (--runningBatches > 0) return;
    if (core.references.created < IDLE_COLLECT_AFTER_REFS && sharedBytesMappedSinceCollect() < IDLE_COLLECT_AFTER_MAPPED_BYTES) return;
    clearTimeout(idleCollect);
    idleCollect = setTimeout(() => {
      if (runningBatches > 0) return;
      core.references.created = 0;
      collectGarbage();
    }, 50);
    idleCollect.unref();
  };

  return (work) => {
    if (!Array.isArray(work)) return actorHosts.runHost(work.hostId);
    runningBatches++;
    return executor.runBatch(work).finally(afterBatch);
  };
}

const IDLE_COLLECT_AFTER_REFS = 1000;
/** A few large arrays' worth: below it, pinned blocks cost less than the collections would. */
const IDLE_COLLECT_AFTER_MAPPED_BYTES = 64 * 1024 * 1024;
