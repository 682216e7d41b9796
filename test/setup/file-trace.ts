import { afterAll, expect } from 'vitest';
import { appendFileSync } from 'node:fs';

/**
 * With TSRAY_TEST_TRACE set (CI sets it), each test file's process notes when the file starts,
 * when it ends, and how its process exits, in that file. A test process that dies (a signal, a
 * native crash, a process.exit) leaves a file started and never ended, which CI then names:
 * vitest itself only says "Worker exited unexpectedly".
 */
const trace = process.env.TSRAY_TEST_TRACE;
if (trace) {
  const file = expect.getState().testPath ?? 'unknown file';
  const note = (what: string) => appendFileSync(trace, `${what} ${process.pid} ${file}\n`);
  note('start');
  afterAll(() => note('end'));
  process.on('exit', (code) => note(`exit(${code})`));
}
