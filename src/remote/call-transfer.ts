import type { ObjectTable } from '../core/object-table.js';
import type { ObjectManager } from '../objectmanager/object-manager.js';
import { readOutOfBand, unlinkSegments } from '../objectstore/shared-arrays.js';
import { collectGarbageSoon } from '../objectstore/collect-garbage.js';
import { returnId, type TaskReply } from '../common/protocol.js';

/**
 * How a call's buffers travel between the node sending it and the node running it, with refs
 * rather than bytes in the request: the sender offers its argument objects by id and stages the
 * buffers of its inline arguments under a key; the runner pulls them (chunked, one pull per
 * object however many calls need it), runs the call, stages its results' buffers and answers
 * with their key; the sender pulls those and lets the runner free its copies. Refs inside the
 * results are handed over with the borrow protocol, so their owners keep them meanwhile.
 */

const EMPTY = new Uint8Array(0);

/** The node a call comes from: its arguments are pulled there, and its results go back there. */
export interface CallOrigin {
  nodeId: string;
  /** The session tag of its runtime (the refs it owns start with it). */
  session: string;
  /** host:port of its object manager. */
  address: string;
}

/** What the runner pulls before the call runs. */
export interface CallArgs {
  from: CallOrigin;
  /** Argument objects with buffers, fetched by id from `from`. */
  objects?: string[];
  /** The key under which `from` staged the inline arguments' buffers. */
  inline?: string;
  /** host:port of the node keeping an argument object, for those not kept at `from`. */
  at?: Record<string, string>;
}

/** What the runner answers besides the reply. */
export interface CallResults {
  /** The key under which the runner staged the results' buffers, in their order. */
  results?: string;
  /** Refs inside the results whose owners hold a ref for the caller until it takes them over. */
  handoffs?: string[];
  /** Results the runner kept (by index, with their buffers' bytes): see keepResults. */
  kept?: Array<[number, number]>;
}

let stages = 0;

/**
 * The sender's side: offers `objectIds` (those with buffers) and stages `segments` (inline
 * arguments' buffers, which stay their holder's) for `toNode`. `withdraw` once answered.
 */
export function offerArgs(
  manager: ObjectManager,
  table: ObjectTable,
  origin: CallOrigin,
  toNode: string,
  name: string,
  objectIds: Iterable<string>,
  segments: readonly string[] | undefined,
): { args: CallArgs; withdraw(): void } {
  const args: CallArgs = { from: origin };
  const objects: string[] = [];
  for (const id of new Set(objectIds)) {
    if (table.value(id)?.segments?.length) {
      objects.push(id);
      continue;
    }
    const at = table.location(id);
    if (!at) continue;
    objects.push(id);
    (args.at ??= {})[id] = at.address;
  }
  if (objects.length) args.objects = objects;
  let key: string | undefined;
  if (segments?.length) {
    key = `${name}#${stages++}.args`;
    manager.stage(key, { data: EMPTY, segments: [...segments] }, toNode, false);
    args.inline = key;
  }
  return {
    args,
    withdraw: () => {
      if (key) manager.unstage(key);
    },
  };
}

/**
 * The runner's side: pulls a call's arguments into this node and holds them until `release`.
 * A failed pull rejects (the caller hears of it as the call's error, not as this node's failure).
 */
export async function takeArgs(manager: ObjectManager, table: ObjectTable, args: CallArgs): Promise<{ inline: string[]; release(): void }> {
  const ids = args.objects ?? [];
  if (ids.length === 0 && !args.inline) return { inline: [], release: () => {} };
  for (const id of ids) table.addRef(id);
  let inline: string[] = [];
  let holding = true;
  const release = (): void => {
    if (!holding) return;
    holding = false;
    for (const id of ids) table.removeRef(id);
    unlinkSegments(inline);
  };
  try {
    await Promise.all([
      ...ids.map((id) => manager.fetch(id, args.at?.[id] ?? args.from.address)),
      args.inline ? manager.pullStaged(args.from.address, args.inline).then((refs) => void (inline = refs)) : undefined,
    ]);
  } catch (e) {
    release();
    throw e;
  }
  return { inline, release };
}

/**
 * The runner's side of a task's results (before `offerResults`): results with buffers and no
 * refs inside stay here, kept for their owner under their ids (Ray keeps data where it is
 * made; the owner records where), and leave the reply as metadata alone. The owner pulls them
 * when someone there reads them, tasks sent here read them in place, and other nodes pull them
 * from here. Returns their indexes and sizes.
 */
export function keepResults(manager: ObjectManager, reply: TaskReply, to: CallOrigin, taskId: string): Array<[number, number]> | undefined {
  let kept: Array<[number, number]> | undefined;
  (reply.returns ?? []).forEach((r, i) => {
    if (!r.segments?.length || r.nested?.length) return;
    const bytes = r.segments.reduce((n, ref) => n + readOutOfBand(ref, 'Uint8Array').byteLength, 0);
    manager.keep(returnId(taskId, i), { data: r.data, segments: r.segments }, to.nodeId);
    r.segments = undefined;
    (kept ??= []).push([i, bytes]);
  });
  // The views that measured them pin their memory until this thread collects.
  if (kept) collectGarbageSoon();
  return kept;
}

/**
 * The runner's side, once the call ran: stages the results' buffers for the caller (given to
 * the stage: freed once pulled) and hands the refs inside them over. Call `release` of the
 * arguments before, and `manager.flushBorrows()` after, before answering.
 */
export function offerResults(manager: ObjectManager, reply: TaskReply, to: CallOrigin, name: string): CallResults {
  const out: CallResults = {};
  const segments = (reply.returns ?? []).flatMap((r) => r.segments ?? []);
  if (segments.length) {
    out.results = `${name}#${stages++}.results`;
    manager.stage(out.results, { data: EMPTY, segments }, to.nodeId, true);
  }
  const nested = (reply.returns ?? []).flatMap((r) => r.nested ?? []);
  if (nested.length) {
    const handed = manager.handOver(nested, to);
    if (handed.length) out.handoffs = handed;
  }
  return out;
}

/**
 * The sender's side of the answer: pulls the results' buffers from the runner at `address` and
 * puts this node's references into `reply`. Then `settle` once the reply is processed: it frees
 * copies nobody took and releases the holds the handed-over refs had for this node.
 */
export async function takeResults(
  manager: ObjectManager,
  address: string,
  reply: TaskReply,
  results: CallResults,
): Promise<{ settle(taken: (segments: string[], index: number) => boolean): void }> {
  const returns = reply.returns ?? [];
  let pulled = false;
  if (results.results) {
    try {
      const here = await manager.pullStaged(address, results.results);
      let i = 0;
      for (const r of returns) if (r.segments) r.segments = r.segments.map(() => here[i++]!);
      pulled = true;
    } catch (e) {
      manager.handedOver(results.handoffs ?? []);
      throw e;
    } finally {
      manager.freeRemote(address, [results.results]);
    }
  }
  return {
    settle: (taken) => {
      if (pulled) returns.forEach((r, i) => r.segments && !taken(r.segments, i) && unlinkSegments(r.segments));
      manager.handedOver(results.handoffs ?? []);
    },
  };
}

/** Results nobody waits for any more (a late attempt): the runner frees them, the holds go. */
export function discardResults(manager: ObjectManager, address: string, results: CallResults, taskId?: string): void {
  if (results.results) manager.freeRemote(address, [results.results]);
  if (results.kept && taskId !== undefined) manager.freeRemote(address, results.kept.map(([i]) => returnId(taskId, i)));
  manager.handedOver(results.handoffs ?? []);
}
