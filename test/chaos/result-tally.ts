// What the chaos suite counts: calls done, wrong and lost, faults injected, and the longest time
// nothing finished while work was waiting. Pure: the caller passes the clock.

export interface TallyFigures {
  tasksDone: number;
  actorCallsDone: number;
  wrong: number;
  lost: number;
  faults: Record<string, number>;
  faultsInjected: number;
  longestStallMs: number;
  /** The first few wrong or lost calls, described, for the failure message. */
  failures: string[];
}

export type CallKind = 'task' | 'actor';

/**
 * Counts outcomes. A stall is time with at least one call outstanding and none finishing; it
 * ends at the next finished call (a call that ends lost or wrong ends a stall too: it is the
 * deadline, not progress, that says so, and the lost count fails the run anyway).
 */
export class ResultTally {
  private tasksDone = 0;
  private actorCallsDone = 0;
  private wrong = 0;
  private lost = 0;
  private readonly faults: Record<string, number> = {};
  private readonly failures: string[] = [];
  private outstanding = 0;
  /** When the current stall began (the last finish, or the start of waiting), if work waits. */
  private waitingSince: number | undefined;
  private longestStallMs = 0;

  /** Calls were submitted at `now`. */
  started(count: number, now: number): void {
    if (count <= 0) return;
    if (this.outstanding === 0) this.waitingSince = now;
    this.outstanding += count;
  }

  /** One call ended at `now`: with the expected value (`ok`), another value, or none. */
  finished(kind: CallKind, outcome: 'ok' | 'wrong' | 'lost', now: number, what = ''): void {
    if (this.outstanding <= 0) throw new RangeError('ResultTally.finished: no call is outstanding; call started() first.');
    this.outstanding--;
    if (this.waitingSince !== undefined) this.longestStallMs = Math.max(this.longestStallMs, now - this.waitingSince);
    this.waitingSince = this.outstanding > 0 ? now : undefined;
    if (outcome === 'ok') {
      if (kind === 'task') this.tasksDone++;
      else this.actorCallsDone++;
      return;
    }
    if (outcome === 'wrong') this.wrong++;
    else this.lost++;
    if (this.failures.length < 10) this.failures.push(`${outcome} ${kind}: ${what}`);
  }

  fault(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  figures(): TallyFigures {
    return {
      tasksDone: this.tasksDone, actorCallsDone: this.actorCallsDone, wrong: this.wrong, lost: this.lost,
      faults: { ...this.faults }, faultsInjected: Object.values(this.faults).reduce((a, b) => a + b, 0),
      longestStallMs: this.longestStallMs, failures: [...this.failures],
    };
  }
}
