/**
 * Sums a large array with a tree of nested tasks: each task splits its range in two, submits a
 * child task per half and waits for them inside the task (divide and conquer).
 *
 *   npm run build
 *   npx tsx examples/task-tree.ts [length=100000] [leafSize=1000]
 *
 * Shows: tasks that submit tasks and `ray.get` their results, and one `ray.put` value shared
 * by every task instead of being copied into each task's arguments.
 */
import * as ray from 'tsray';

/** What a subtree returns: its partial sum and how many tasks it ran (itself included). */
interface Partial {
  sum: number;
  tasks: number;
}

/**
 * The shared array travels wrapped in an object: a ref passed directly as an argument is
 * resolved to its value before the task runs, but a ref nested inside an argument stays a ref.
 * Inner tasks only pass it on, so they never fetch the data; only leaves do.
 */
interface Shared {
  data: ray.ObjectRef<Float64Array>;
}

// The const's type is spelled out because the function calls `sumRange.remote` itself: without
// it TypeScript cannot infer a type that refers to itself. An arrow (not `function sumRange`)
// keeps the inner name from shadowing the outer const.
export const sumRange: ray.RemoteFunction<[Shared, number, number, number], Promise<Partial>> = ray.remote(
  async (shared: Shared, lo: number, hi: number, leafSize: number): Promise<Partial> => {
    if (hi - lo <= leafSize) {
      const data = await ray.get(shared.data);
      let sum = 0;
      for (let i = lo; i < hi; i++) sum += data[i]!;
      return { sum, tasks: 1 };
    }
    const mid = lo + Math.floor((hi - lo) / 2);
    // Submit both halves before waiting, so they run in parallel. A task blocked in `ray.get`
    // gives its CPU back, so deep trees do not deadlock on a small pool of CPUs.
    const [left, right] = await ray.get([
      sumRange.remote(shared, lo, mid, leafSize),
      sumRange.remote(shared, mid, hi, leafSize),
    ]);
    return { sum: left.sum + right.sum, tasks: left.tasks + right.tasks + 1 };
  },
);

async function main(): Promise<void> {
  const length = Number(process.argv[2] ?? 100_000);
  const leafSize = Number(process.argv[3] ?? 1_000);
  if (!(Number.isInteger(length) && Number.isInteger(leafSize) && length >= 1 && leafSize >= 1)) {
    console.error('usage: task-tree.ts [length=100000] [leafSize=1000]  (positive integers)');
    process.exitCode = 2;
    return;
  }

  await ray.init();
  try {
    // data[i] = i, so the exact answer is known: 0 + 1 + ... + (length - 1).
    const data = Float64Array.from({ length }, (_, i) => i);
    // Put the array once: the tree passes around a small ref to it, instead of serializing
    // the whole array into the arguments of every one of its tasks.
    const shared: Shared = { data: ray.put(data) };

    const start = performance.now();
    const { sum, tasks } = await ray.get(sumRange.remote(shared, 0, length, leafSize));
    const seconds = (performance.now() - start) / 1000;

    const expected = (length * (length - 1)) / 2;
    console.log(`sum of 0..${length - 1} = ${sum} (expected ${expected}: ${sum === expected ? 'ok' : 'WRONG'})`);
    console.log(`tasks run: ${tasks} (leaves of at most ${leafSize} elements) in ${seconds.toFixed(2)} s`);
    if (sum !== expected) process.exitCode = 1;
  } finally {
    await ray.shutdown();
  }
}

// Workers import this module too (to find `sumRange`); only the driver runs main.
if (!ray.isWorker()) await main();
