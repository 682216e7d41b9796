/**
 * Reference counting across nodes (Ray's borrower protocol, simplified): a node holding refs to
 * an object another node owns is a borrower, and the owner keeps the object while any borrower
 * holds refs. Each borrower sends its owners net counts, coalesced, in order, and numbered so a
 * resent batch is not counted twice; an owner forgets a dead borrower's counts.
 *
 * When is a +1 sent soon enough? A ref reaches a node only along a path that already holds the
 * object at its owner (a task's arguments, held until the task's reply; a container object the
 * node holds), so the borrower sends its counts before it ends such a hold: before it replies to
 * a task, and periodically. A +1 and a -1 of one object between two sends cancel out and are
 * never sent (a task's argument held and released while it ran).
 *
 * Pure bookkeeping; the object manager sends and applies the batches.
 */

/** Borrower side: net count changes per owner node, waiting to be sent. */
export class BorrowOutbox {
  private readonly pending = new Map<string, Map<string, number>>();
  private readonly grants = new Map<string, Array<[string, string]>>();
  private readonly seqs = new Map<string, number>();

  /** Counts a change of `delta` refs to `id`, owned by `owner`. */
  add(owner: string, id: string, delta: number): void {
    let m = this.pending.get(owner);
    if (!m) this.pending.set(owner, (m = new Map()));
    const n = (m.get(id) ?? 0) + delta;
    if (n === 0) m.delete(id);
    else m.set(id, n);
  }

  /** Asks `owner` to hold a ref to `id` for `borrower` (which takes it over; see BorrowLedger.apply). */
  grant(owner: string, id: string, borrower: string): void {
    let g = this.grants.get(owner);
    if (!g) this.grants.set(owner, (g = []));
    g.push([id, borrower]);
  }

  /** Owners with changes waiting. */
  owners(): string[] {
    const out = new Set(this.grants.keys());
    for (const [o, m] of this.pending) if (m.size > 0) out.add(o);
    return [...out];
  }

  /** Whether changes for `owner` are waiting. */
  hasPending(owner: string): boolean {
    return (this.pending.get(owner)?.size ?? 0) > 0 || this.grants.has(owner);
  }

  /**
   * The next batch for `owner` (its sequence number, non-zero changes and grants), removed from
   * the outbox; undefined when nothing is waiting.
   */
  take(owner: string): BorrowBatch | undefined {
    if (!this.hasPending(owner)) return undefined;
    const deltas = [...(this.pending.get(owner) ?? [])];
    const grants = this.grants.get(owner) ?? [];
    this.pending.delete(owner);
    this.grants.delete(owner);
    const seq = (this.seqs.get(owner) ?? 0) + 1;
    this.seqs.set(owner, seq);
    return { seq, deltas, grants };
  }

  /** The owner is dead: its objects are lost, and there is no one to tell. */
  drop(owner: string): void {
    this.pending.delete(owner);
    this.grants.delete(owner);
  }
}

/** One batch from a borrower to an owner. */
export interface BorrowBatch {
  seq: number;
  /** Net changes of the borrower's refs, by object id. */
  deltas: Array<[string, number]>;
  /** [object id, borrower]: refs to hold for another node. */
  grants: Array<[string, string]>;
}

/** Owner side: how many refs each borrower node holds to each object owned here. */
export class BorrowLedger {
  private readonly byObject = new Map<string, Map<string, number>>();
  private readonly lastSeq = new Map<string, number>();

  /**
   * Applies a batch from node `sender`: its own deltas, and grants (refs it asks to hold for
   * another node, which that node's later deltas take over: a task's results that contain refs,
   * on their way to the task's owner). Returns the changes to the objects' ref counts; a
   * borrower's count never goes below zero, and a batch whose number was applied already
   * changes nothing.
   */
  apply(sender: string, seq: number, deltas: ReadonlyArray<readonly [string, number]>, grants: ReadonlyArray<readonly [string, string]> = []): Array<[string, number]> {
    if (seq <= (this.lastSeq.get(sender) ?? 0)) return [];
    this.lastSeq.set(sender, seq);
    const out: Array<[string, number]> = [];
    for (const [id, borrower] of grants) out.push(...this.change(borrower, id, 1));
    for (const [id, delta] of deltas) out.push(...this.change(sender, id, delta));
    return out;
  }

  /** Adds a ref for a borrower outside any batch (the owner hands its own object over). */
  grant(borrower: string, id: string): void {
    this.change(borrower, id, 1);
  }

  private change(borrower: string, id: string, delta: number): Array<[string, number]> {
    let m = this.byObject.get(id);
    const before = m?.get(borrower) ?? 0;
    const after = Math.max(0, before + delta);
    if (after === before) return [];
    if (!m) this.byObject.set(id, (m = new Map()));
    if (after === 0) {
      m.delete(borrower);
      if (m.size === 0) this.byObject.delete(id);
    } else {
      m.set(borrower, after);
    }
    return [[id, after - before]];
  }

  /** Refs borrowers hold to `id`. */
  count(id: string): number {
    let n = 0;
    for (const c of this.byObject.get(id)?.values() ?? []) n += c;
    return n;
  }

  /** Borrowers of `id`. */
  borrowers(id: string): string[] {
    return [...(this.byObject.get(id)?.keys() ?? [])];
  }

  /** A borrower died: its refs go. Returns them, per object, to be released. */
  dropBorrower(borrower: string): Array<[string, number]> {
    this.lastSeq.delete(borrower);
    const out: Array<[string, number]> = [];
    for (const [id, m] of this.byObject) {
      const n = m.get(borrower);
      if (n === undefined) continue;
      m.delete(borrower);
      if (m.size === 0) this.byObject.delete(id);
      out.push([id, n]);
    }
    return out;
  }
}
