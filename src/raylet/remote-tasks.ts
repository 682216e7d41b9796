import { Packr } from 'msgpackr';
import { NodeDiedError } from '../api/errors.js';
import type { DriverCoreWorker } from '../core/driver-core-worker.js';
import type { RemotePlacement, TaskRecord } from '../core/task-manager.js';
import { adoptOutOfBand, readOutOfBand, unlinkSegments } from '../objectstore/shared-arrays.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { chooseNode, type NodeView } from '../scheduler/node-selection.js';
import type { ExecuteTask, TaskReply } from '../runtime/protocol.js';
import type { ResourceMap } from './resources.js';

/**
 * Tasks that run on another node than their owner's: the owner's side picks the node and sends
 * the task with the bytes of the buffers its arguments refer to (NodeManagerService.RunTask);
 * the other side stores those bytes under the same names, runs the task, and answers with its
 * reply and the bytes of its results' buffers, which the owner stores in turn.
 */

const packr = new Packr({ useRecords: false, moreTypes: true });

/**
 * How long a node whose call just failed gets no tasks: long enough for the GCS to declare it
 * dead (its death timeout is 10 s by default), so retries do not go back to it meanwhile.
 */
const SUSPECT_MS = 30_000;

interface RunTaskPayload {
  exec: ExecuteTask;
  resources: ResourceMap;
  buffers: Array<[string, Uint8Array]>;
}

interface RunTaskResult {
  reply: TaskReply;
  buffers: Array<[string, Uint8Array]>;
}

/** Copies of buffers' bytes, to send to another node. */
function bufferBytes(refs: readonly string[]): Array<[string, Uint8Array]> {
  return refs.map((ref) => [ref, new Uint8Array(readOutOfBand(ref, 'Uint8Array') as Uint8Array)]);
}

/** Stores buffers that came from another node; returns their references here, by theirs there. */
function adopt(buffers: ReadonlyArray<[string, Uint8Array]>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [ref, bytes] of buffers) refs.set(ref, adoptOutOfBand(ref, bytes));
  return refs;
}

function segmentsOfReply(reply: TaskReply): string[] {
  return (reply.returns ?? []).flatMap((r) => r.segments ?? []);
}

/** A node other tasks may be sent to. */
export interface RemoteNode extends NodeView {
  /** host:port of its NodeManagerService. */
  address: string;
}

/** A task only its owner's node can run: it streams items back or calls an actor. */
function pinnedHere(record: TaskRecord): boolean {
  return record.spec.streaming || record.spec.actorId !== undefined;
}

/** The owner's side: places each task with the cluster's view, and runs it remotely if elsewhere. */
export class RemoteTasks implements RemotePlacement {
  private readonly clients = new Map<string, RpcClient>();
  private readonly cursor = { next: 0 };
  /** Nodes a call just failed on, left out until the time given (the GCS will say if dead). */
  private readonly suspect = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly runtime: DriverCoreWorker,
    private readonly localId: string,
    private readonly nodes: () => RemoteNode[],
  ) {}

  place(record: TaskRecord): boolean {
    if (pinnedHere(record)) return false;
    const now = Date.now();
    const nodes = this.nodes().map((n) => ((this.suspect.get(n.nodeId)?.until ?? 0) > now ? { ...n, alive: false } : n));
    const choice = chooseNode(record.spec.resources, record.spec.nodeStrategy, this.localId, nodes, this.cursor);
    const strategy = record.spec.nodeStrategy;
    const failed = typeof strategy === 'object' && !strategy.soft ? this.suspect.get(strategy.nodeId) : undefined;
    if ('infeasible' in choice && failed && failed.until > now) {
      this.runtime.tasks.failWith(record, new NodeDiedError(`Task ${record.spec.fn.name} must run on node ${strategy && typeof strategy === 'object' ? strategy.nodeId : ''}, which failed: ${failed.reason}`));
      return true;
    }
    if ('infeasible' in choice) {
      this.runtime.tasks.failUnschedulable(record, choice.infeasible);
      return true;
    }
    if (choice.nodeId === this.localId) return false;
    this.send(record, nodes.find((n) => n.nodeId === choice.nodeId)!);
    return true;
  }

  private client(address: string): RpcClient {
    let c = this.clients.get(address);
    if (!c) this.clients.set(address, (c = new RpcClient(address, { serverName: 'tsray raylet' })));
    return c;
  }

  private send(record: TaskRecord, node: RemoteNode): void {
    const attempt = record.attempt;
    const exec = record.exec!;
    const refs = [...(record.spec.segments ?? [])];
    for (const [, id] of record.spec.argRefs) refs.push(...(this.runtime.objects.value(id)?.segments ?? []));
    const payload = packr.pack({ exec, resources: record.spec.resources, buffers: bufferBytes(refs) } satisfies RunTaskPayload);
    // A day: a task runs as long as it runs, and a dead node fails the call (its connection
    // breaks). (A longer deadline overflows the timer behind it.)
    this.client(node.address).call('NodeManagerService.RunTask', { payload }, { timeoutMs: 86_400_000, idempotent: false }).then(
      (res) => {
        const result = packr.unpack(res.payload) as RunTaskResult;
        const here = adopt(result.buffers);
        for (const r of result.reply.returns ?? []) if (r.segments) r.segments = r.segments.map((s) => here.get(s) ?? s);
        this.runtime.tasks.onTaskReply(record, attempt, result.reply);
      },
      (err: Error) => {
        this.suspect.set(node.nodeId, { until: Date.now() + SUSPECT_MS, reason: err.message });
        this.runtime.tasks.onTaskFailure(record, attempt,
          new NodeDiedError(`Node ${node.nodeId} (${node.address}) failed while running task ${record.spec.fn.name}: ${err.message}`, { cause: err }), false);
      },
    );
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

/** The other side: runs a task sent by an owner on another node, and answers with its results. */
export async function runTaskForOwner(runtime: DriverCoreWorker, request: Uint8Array): Promise<Uint8Array> {
  const { exec, resources, buffers } = packr.unpack(request) as RunTaskPayload;
  const args = [...adopt(buffers).values()];
  try {
    const reply = await runtime.runForeign(exec, resources);
    const results = segmentsOfReply(reply);
    const out = packr.pack({ reply, buffers: bufferBytes(results) } satisfies RunTaskResult);
    // The owner keeps its own copies; these were only made to be sent.
    unlinkSegments(results);
    return out;
  } finally {
    unlinkSegments(args);
  }
}
