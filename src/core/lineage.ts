import { producingTask, returnId, type SubmittedTask } from '../common/protocol.js';

/**
 * The owner's lineage (Ray's lineage pinning): the specs of finished tasks whose results may
 * still be needed, so a result lost with its node can be made again by re-running its task.
 * A task's entry lives while any of its results is still in the owner's table, or while the
 * entry of a task that took one of them as an argument lives (re-running that task may need
 * this one's result again). Pure bookkeeping: the task manager drives it.
 */

export interface LineageEntry {
  readonly spec: SubmittedTask;
  /** Re-executions still allowed (`maxRetries` less the attempts spent); Infinity for -1. */
  retriesLeft: number;
  /** Its results still in the table, plus the entries of tasks that took one as an argument. */
  holds: number;
  /** The tasks whose results it took as arguments and that it holds in the lineage. */
  readonly parents: string[];
}

/** Why a task's results cannot be made again, or null when they can. */
export function notReconstructable(spec: SubmittedTask): string | null {
  if (spec.actorId !== undefined) return 'it is the result of an actor method call, which is not re-executed';
  if (spec.streaming) return 'it is an item of a streaming generator, which is not re-executed';
  if (spec.segments?.length) return 'its task took large arrays inline as arguments, which were freed when it finished';
  if (spec.nestedRefs?.length) return 'its task took refs nested inside its arguments, which are not kept for it';
  return null;
}

export class Lineage {
  private readonly entries = new Map<string, LineageEntry>();

  get size(): number {
    return this.entries.size;
  }

  get(taskId: string): LineageEntry | undefined {
    return this.entries.get(taskId);
  }

  /** The entry of the task that made `objectId`, if its lineage is kept. */
  producerOf(objectId: string): LineageEntry | undefined {
    const taskId = producingTask(objectId);
    return taskId === null ? undefined : this.entries.get(taskId);
  }

  /**
   * A task finished and its results are about to be sealed: keeps its spec, held by each of
   * its results (call `released` as each is freed), and holds the entries of the tasks that
   * made its arguments. A task run again updates its entry's retries. Returns whether it is kept.
   */
  keep(spec: SubmittedTask, retriesLeft: number): boolean {
    const known = this.entries.get(spec.taskId);
    if (known) {
      known.retriesLeft = retriesLeft;
      return true;
    }
    if (notReconstructable(spec) !== null || spec.numReturns < 1) return false;
    const parents: string[] = [];
    for (const [, id] of spec.argRefs) {
      const parent = this.producerOf(id);
      if (!parent || parents.includes(parent.spec.taskId)) continue;
      parent.holds++;
      parents.push(parent.spec.taskId);
    }
    this.entries.set(spec.taskId, { spec, retriesLeft, holds: spec.numReturns, parents });
    return true;
  }

  /** One of a task's results was freed: its entry goes once nothing holds it. */
  released(objectId: string): void {
    const taskId = producingTask(objectId);
    if (taskId === null) return;
    const e = this.entries.get(taskId);
    if (!e || objectId !== returnId(taskId, Number(objectId.slice(taskId.length + 1)))) return;
    this.drop(taskId, e);
  }

  private drop(taskId: string, e: LineageEntry): void {
    if (--e.holds > 0) return;
    this.entries.delete(taskId);
    for (const p of e.parents) {
      const parent = this.entries.get(p);
      if (parent) this.drop(p, parent);
    }
  }

  /**
   * Spends one re-execution of the task that made `objectId`: its spec and the retries left
   * after this one, or why it cannot be made again.
   */
  reexecute(objectId: string): { spec: SubmittedTask; retriesLeft: number } | { why: string } {
    const e = this.producerOf(objectId);
    if (!e) {
      return { why: producingTask(objectId) === null
        ? 'it was made by ray.put, and only task results can be made again'
        : 'the lineage of the task that made it is not kept (an actor call, a generator, or a task with inline arrays or nested refs)' };
    }
    if (e.retriesLeft <= 0) {
      return { why: `re-executing task ${e.spec.fn.name} would exceed its maxRetries (${e.spec.maxRetries})` };
    }
    e.retriesLeft--;
    return { spec: e.spec, retriesLeft: e.retriesLeft };
  }

  clear(): void {
    this.entries.clear();
  }
}
