/**
 * Estimates pi by throwing random points at the unit square, split over many tasks.
 *
 *   npm run build
 *   npx tsx examples/monte-carlo-pi.ts [totalSamples=1e8] [tasks=100]
 *
 * Shows: many independent tasks, taking results as they finish with `ray.wait` (for a
 * progress bar), and a streaming generator task that reports while it runs.
 */
import * as ray from 'tsray';

/** Counts how many of `samples` random points in [0,1)² fall inside the quarter circle. */
function countInside(samples: number): number {
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
  return inside;
}

// Remote functions live at the module's top level: worker threads import this module to find
// them (by position here, since the arrows are anonymous).
export const sampleTask = ray.remote((samples: number) => countInside(samples));

// An async generator becomes a streaming task: each `yield` reaches the caller as soon as it
// happens, so one long task can report its running estimate instead of only its final value.
export const convergingEstimate = ray.remote(async function* (batches: number, batchSize: number) {
  let inside = 0;
  for (let b = 1; b <= batches; b++) {
    inside += countInside(batchSize);
    yield { samples: b * batchSize, estimate: (4 * inside) / (b * batchSize) };
  }
});

/** Draws a progress bar on stderr, so stdout keeps only the results. */
function progress(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((100 * done) / total)}% (${done}/${total} tasks)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  // Piped to a file: whole lines, about every 10%, so logs stay readable.
  else if (done === total || done % Math.ceil(total / 10) === 0) process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const totalSamples = Number(process.argv[2] ?? 1e8);
  const tasks = Number(process.argv[3] ?? 100);
  if (!(Number.isInteger(totalSamples) && Number.isInteger(tasks) && tasks >= 1 && totalSamples >= tasks)) {
    console.error('usage: monte-carlo-pi.ts [totalSamples=1e8] [tasks=100]  (integers, totalSamples >= tasks)');
    process.exitCode = 2;
    return;
  }

  await ray.init();
  try {
    const start = performance.now();
    // Split the samples as evenly as possible; the first `extra` tasks take one more.
    const per = Math.floor(totalSamples / tasks);
    const extra = totalSamples % tasks;
    let pending = Array.from({ length: tasks }, (_, i) => sampleTask.remote(per + (i < extra ? 1 : 0)));

    // `ray.wait` hands back refs as their tasks finish, in any order, so we can count progress
    // (and fold in results) instead of blocking on the slowest task with one big `ray.get`.
    let inside = 0;
    let done = 0;
    progress(0, tasks);
    while (pending.length > 0) {
      const [ready, notReady] = await ray.wait(pending, { numReturns: 1 });
      for (const count of await ray.get(ready)) inside += count;
      done += ready.length;
      pending = notReady;
      progress(done, tasks);
    }
    const seconds = (performance.now() - start) / 1000;

    const pi = (4 * inside) / totalSamples;
    console.log(`pi estimate: ${pi.toFixed(6)} from ${totalSamples.toExponential(2)} samples in ${tasks} tasks`);
    console.log(`error vs Math.PI: ${Math.abs(pi - Math.PI).toExponential(2)}`);
    console.log(`elapsed: ${seconds.toFixed(2)} s, ${(tasks / seconds).toFixed(1)} tasks/s, ` +
      `${(totalSamples / seconds / 1e6).toFixed(1)} M samples/s`);

    // The streaming task: iterate its refs as they arrive; each `ray.get` is immediate.
    console.log('one streaming task, estimate as it converges:');
    for await (const ref of convergingEstimate.remote(5, Math.max(1, Math.floor(totalSamples / 100)))) {
      const { samples, estimate } = await ray.get(ref);
      console.log(`  ${samples.toExponential(1).padStart(8)} samples: ${estimate.toFixed(6)}`);
    }
  } finally {
    // Stops the worker threads; without it they would keep the process alive.
    await ray.shutdown();
  }
}

// Workers import this module too (to find the remote functions); only the driver runs main.
if (!ray.isWorker()) await main();
