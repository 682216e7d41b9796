import { NodeDiedError } from '../common/errors.js';

/**
 * Calls to another node (tasks to run, actor calls), batched: those sent to one node in the same
 * turn of the event loop go in one RPC, up to MAX_BATCH. Per-call gRPC costs (a stream, its
 * headers, a dozen objects on each side) would otherwise outweigh a short call's own.
 *
 * The receiving side starts every call of a batch and answers with the results ready when the
 * first is (and those finishing with it); the sender collects the rest with further RPCs naming
 * the batch until none are left. A slow call thus delays only itself, and a node that dies fails
 * the RPC its sender is waiting on, and with it every call of the batch not answered yet.
 */

const MAX_BATCH = 128;

/** After a batch's first result is ready, how long to wait for more before answering. */
const GATHER_MS = 1;

/** A batch whose sender stopped collecting its results (it died) is dropped after this long. */
const BATCH_TTL_MS = 10 * 60_000;

export interface BatchRequest<P> {
  /** Calls to start. */
  calls?: P[];
  /** Collects more results of the batch started under this key. */
  collect?: string;
}

export interface BatchReply<R> {
  /** Results ready, by the call's index in the batch. */
  results: Array<Outcome<R>>;
  /** The key to collect the results still to come; absent when this reply has the last. */
  more?: string;
}

/**
 * A call's outcome: [index, result], or [index, null, why] for a failure to run it at all (what
 * would fail the RPC of a single call).
 */
type Outcome<R> = [number, R] | [number, null, string];

interface Queued<P, R> {
  payload: P;
  resolve(result: R): void;
  reject(err: Error): void;
}

/** The sending side: queues calls per address for this turn, and settles each as its result comes. */
export class CallBatcher<P, R> {
  private readonly outgoing = new Map<string, Array<Queued<P, R>>>();
  private flushQueued = false;
  private closed = false;

  constructor(private readonly send: (address: string, request: BatchRequest<P>) => Promise<BatchReply<R>>) {}

  /** Runs a call at `address`: its result, or a rejection with why the RPC (or the call) failed. */
  call(address: string, payload: P): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.outgoing.get(address);
      if (!queue) this.outgoing.set(address, (queue = []));
      queue.push({ payload, resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushQueued = false;
    const queues = [...this.outgoing];
    this.outgoing.clear();
    for (const [address, calls] of queues) {
      if (this.closed) {
        for (const c of calls) c.reject(new NodeDiedError('this node is stopping: the call was not sent'));
        continue;
      }
      for (let i = 0; i < calls.length; i += MAX_BATCH) this.sendBatch(address, calls.slice(i, i + MAX_BATCH));
    }
  }

  private sendBatch(address: string, calls: Array<Queued<P, R>>): void {
    const waiting = new Set(calls.keys());
    const answer = async (reply: BatchReply<R>): Promise<void> => {
      for (const [i, result, failed] of reply.results) {
        if (!waiting.delete(i)) continue;
        if (failed !== undefined) calls[i]!.reject(new Error(failed));
        else calls[i]!.resolve(result as R);
      }
      if (reply.more !== undefined && waiting.size > 0) await this.send(address, { collect: reply.more }).then(answer);
    };
    this.send(address, { calls: calls.map((c) => c.payload) })
      .then(answer)
      .catch((err: Error) => {
        for (const i of waiting) calls[i]!.reject(err);
      });
  }

  close(): void {
    this.closed = true;
  }
}

/** Batches running here for their senders, by key. */
const running = new Map<string, RunningBatch<unknown>>();
let serial = 0;

/**
 * The receiving side: starts a batch's calls with `run` (or collects more of one started
 * before), and answers with the results ready.
 */
export async function serveBatch<P, R>(request: BatchRequest<P>, run: (payload: P) => Promise<R>): Promise<BatchReply<R>> {
  let batch: RunningBatch<R>;
  if (request.calls) {
    batch = new RunningBatch<R>(request.calls.length);
    running.set(batch.key, batch as RunningBatch<unknown>);
    request.calls.forEach((payload, i) => {
      run(payload).then(
        (result) => batch.done([i, result]),
        (e: unknown) => batch.done([i, null, (e as Error)?.message ?? String(e)]),
      );
    });
  } else {
    const found = running.get(request.collect ?? '') as RunningBatch<R> | undefined;
    if (!found) throw new NodeDiedError(`no batch of calls ${request.collect ?? '?'} runs on this node (it restarted, or the batch expired)`);
    batch = found;
  }
  const reply: BatchReply<R> = { results: await batch.next() };
  if (batch.pending) reply.more = batch.key;
  else batch.close();
  return reply;
}

/** A batch's results as they finish, handed out to the RPCs that collect them. */
class RunningBatch<R> {
  readonly key = `${process.pid}.${++serial}`;
  private ready: Array<Outcome<R>> = [];
  private remaining: number;
  private wake: (() => void) | undefined;
  private expiry: NodeJS.Timeout | undefined;

  constructor(size: number) {
    this.remaining = size;
  }

  /** Whether results are still to be handed out. */
  get pending(): boolean {
    return this.remaining > 0 || this.ready.length > 0;
  }

  done(outcome: Outcome<R>): void {
    this.remaining--;
    this.ready.push(outcome);
    this.wake?.();
  }

  /** The results ready once one is (gathering those that finish with it). */
  async next(): Promise<Array<Outcome<R>>> {
    clearTimeout(this.expiry);
    if (this.ready.length === 0 && this.remaining > 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    if (this.remaining > 0) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    const out = this.ready;
    this.ready = [];
    // Renewed by each collect: a sender that stops collecting is gone.
    this.expiry = setTimeout(() => this.close(), BATCH_TTL_MS);
    this.expiry.unref();
    return out;
  }

  close(): void {
    clearTimeout(this.expiry);
    running.delete(this.key);
  }
}
