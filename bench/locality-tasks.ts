/**
 * Remote functions of bench/locality.ts, in a module of their own: workers import the module
 * that defined a remote function, and this one has no side effects besides registering them.
 */
import * as ray from '../src/index.js';

/** Stage 1: a large array made on the node it runs on (kept there). */
export const produce = ray.remote(function produce(bytes: number, seed: number): Uint8Array {
  const a = new Uint8Array(bytes);
  a.fill(seed & 0xff);
  return a;
});

/** Stage 2: reads one stage-1 result; a small answer and the node it ran on. */
export const consume = ray.remote(function consume(a: Uint8Array): { nodeId: string; sum: number } {
  let sum = 0;
  for (let i = 0; i < a.byteLength; i += 4096) sum += a[i]!;
  return { nodeId: ray.getRuntimeContext().nodeId, sum };
});

/** The bytes this node's object manager has pulled from other nodes so far. */
export const pulledBytes = ray.remote(async function pulledBytes(): Promise<{ nodeId: string; bytes: number }> {
  const s = await ray.objectStoreStats();
  return { nodeId: ray.getRuntimeContext().nodeId, bytes: s.transfers?.pulledBytes ?? 0 };
});
