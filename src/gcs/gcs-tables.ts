import type { NodeInfo } from '../common/core-worker.js';

export interface JobInfo {
  jobId: string;
  namespace: string;
  startTime: number;
  endTime: number | null;
  driverPid: number;
}

/**
 * The GCS's tables held in memory (embedded mode): nodes, jobs and the internal key-value store.
 * Cluster mode serves the same tables over gRPC with a Redis backend.
 */
export class InMemoryGcsTables {
  readonly nodes = new Map<string, NodeInfo>();
  readonly jobs = new Map<string, JobInfo>();
  readonly kv = new Map<string, Uint8Array>();

  registerNode(node: NodeInfo): void {
    this.nodes.set(node.nodeId, node);
  }

  registerJob(job: JobInfo): void {
    this.jobs.set(job.jobId, job);
  }

  finishJob(jobId: string): void {
    const j = this.jobs.get(jobId);
    if (j) j.endTime = Date.now();
  }
}
