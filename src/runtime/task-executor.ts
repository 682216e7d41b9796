import type { ThreadCoreWorker, CurrentTask } from '../core/thread-core-worker.js';
import { findRemoteTarget, loadRemoteTarget } from '../core/function-registry.js';
import { TaskError, SerializationError } from '../common/errors.js';
import { errorClassesReady, pack, unpack } from '../serialization/serializer.js';
import type { ExecuteTask, TaskReply } from '../common/protocol.js';

/** The class names of an error and its ancestors, for `retryExceptions` lists. */
function classNames(err: unknown): string[] {
  const out: string[] = [];
  if (typeof err !== 'object' || err === null) return out;
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const n = p.constructor?.name;
    if (n) out.push(n);
  }
  return out;
}

function errorReply(name: string, err: unknown): TaskReply {
  const wrapped = err instanceof TaskError && err.taskName === name ? err : new TaskError(name, err);
  let data: Uint8Array;
  try {
    data = pack(wrapped, 'the error').data;
  } catch (e) {
    // The error itself holds something unserializable: send what can be described.
    const plain = new Error(`${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)} (the original error could not be serialized: ${(e as Error).message})`);
    plain.stack = (err as Error)?.stack;
    data = pack(new TaskError(name, plain), 'the error').data;
  }
  return { error: { data, classNames: classNames(err) } };
}

function packReturn(value: unknown, name: string, index?: number): { data: Uint8Array; nested?: string[]; segments?: string[] } {
  const where = index === undefined ? `the value returned by ${name}()` : `return value ${index} of ${name}()`;
  return pack(value, where);
}

/**
 * Runs tasks and actor method calls in a worker: finds the function (or the actor's method),
 * unpacks arguments, runs it with the task as the current one, and packs its result or error.
 */
export class TaskExecutor {
  constructor(
    private readonly core: ThreadCoreWorker,
    /** The bound method of a hosted actor. */
    private readonly actorMethod: (actorId: string, method: string) => (...args: unknown[]) => unknown,
  ) {}

  private async execute(task: ExecuteTask, current: CurrentTask): Promise<TaskReply> {
    if (current.cancelled) return { returns: [] }; // cancelled before it started here
    const fn = (task.actorId !== undefined ? this.actorMethod(task.actorId, task.method!)
      : findRemoteTarget(task.fn) ?? (await loadRemoteTarget(task.fn))) as (...args: unknown[]) => unknown;
    const args = task.args ? (unpack(task.args) as unknown[]) : [];
    if (task.refArgs) for (const [i, data] of task.refArgs) args[i] = unpack(data);
    const name = current.name;
    if (task.streaming) {
      let index = 0;
      const gen = fn(...args) as AsyncIterable<unknown>;
      for await (const value of gen) {
        // A cancelled generator stops at its next item (`break` runs its finally blocks).
        if (current.cancelled) break;
        const { data, nested, segments } = packReturn(value, name, index);
        this.core.send({ k: 'yield', taskId: task.taskId, attempt: task.attempt, index: index++, data, nested, segments });
      }
      return { returns: [] };
    }
    let result = fn(...args);
    if (result !== null && typeof (result as Promise<unknown>)?.then === 'function') result = await result;
    if (current.cancelled) return { returns: [] };
    if (task.numReturns === 1) return { returns: [packReturn(result, name)] };
    if (!Array.isArray(result) || result.length !== task.numReturns) {
      throw new SerializationError(`${name}() has numReturns: ${task.numReturns} but returned ${Array.isArray(result) ? `an array of ${result.length}` : typeof result}; return an array of exactly ${task.numReturns} values.`);
    }
    return { returns: result.map((v, i) => packReturn(v, name, i)) };
  }

  /** Runs one task. Returns its reply, or undefined when the reply went on the side port. */
  async run(task: ExecuteTask, onBlock: (() => void) | undefined): Promise<TaskReply | undefined> {
    const core = this.core;
    const name = task.method === undefined ? task.fn.name : `${task.fn.name}.${task.method}`;
    const current: CurrentTask = { taskId: task.taskId, attempt: task.attempt, name, cancelled: false, usedSidePort: false, onBlock, actorId: task.actorId, job: task.job, exec: task };
    let reply: TaskReply;
    try {
      reply = await core.runTask(current, () => this.execute(task, current));
    } catch (e) {
      // The error's class may be exported by a module loaded indirectly: its namespace first.
      const classes = errorClassesReady();
      if (classes) await classes;
      reply = errorReply(name, e);
    }
    // Replies that reference objects, or follow other side-port messages, keep that order.
    core.flush();
    if (current.usedSidePort || reply.returns?.some((r) => r.nested)) {
      core.send({ k: 'result', taskId: task.taskId, attempt: task.attempt, reply }, true);
      return undefined;
    }
    return reply;
  }

  /**
   * Runs a lease's batch: one task after another, as they hold one CPU between them, except
   * that a task waiting on the raylet (blocked in `get`) lets the next one start, as the raylet
   * would lend its CPU out. Returns one reply per task.
   */
  runBatch(batch: ExecuteTask[]): Promise<Array<TaskReply | undefined>> {
      const core = this.core;
    // A lone task's reply goes back through piscina: its response is what frees the thread in
    // piscina's books (replies on the side port, polled by a driver in `get`, were measured to
    // starve piscina's responses and spawn threads).
    if (batch.length === 1) return this.run(batch[0]!, undefined).then((r) => [r]);
    const replies = new Array<TaskReply | undefined>(batch.length);
    // Replies wait for the batch's end (one message for all) only while no task of the batch has
    // blocked. Once one blocks, the raylet must see finished tasks at once: it lends the lease's
    // CPU out only when every unfinished task is blocked, and the blocked ones may be waiting for
    // work that needs that CPU.
    let anyBlocked = false;
    const sendReply = (i: number, reply: TaskReply): void => {
      const t = batch[i]!;
      core.send({ k: 'result', taskId: t.taskId, attempt: t.attempt, reply }, true);
    };
    return new Promise((resolve) => {
      let next = 0;
      let active = 0;
      const startNext = (): void => {
        if (next >= batch.length) {
          if (active === 0) resolve(replies);
          return;
        }
        const i = next++;
        active++;
        let moved = false;
        const moveOn = (): void => {
          if (moved) return;
          moved = true;
          startNext();
        };
        const onBlock = (): void => {
          if (!anyBlocked) {
            anyBlocked = true;
            for (let j = 0; j < replies.length; j++) {
              const r = replies[j];
              if (r) {
                replies[j] = undefined;
                sendReply(j, r);
              }
            }
          }
          moveOn();
        };
        void this.run(batch[i]!, onBlock).then((reply) => {
          if (reply && anyBlocked) sendReply(i, reply);
          else replies[i] = reply;
          active--;
          if (moved && next >= batch.length && active === 0) resolve(replies);
          moveOn();
        });
      };
      startNext();
    });
  }
}
