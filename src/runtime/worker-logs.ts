import { format } from 'node:util';
import { threadId } from 'node:worker_threads';

/**
 * Routes a worker's console to the driver's terminal with Ray's prefix, `(name pid=N tid=T)`,
 * naming the task that printed. With `logToDriver: false` task output is dropped.
 */
export function redirectConsole(logToDriver: boolean, currentName: () => string): void {
  const write = (stream: NodeJS.WriteStream, args: unknown[]): void => {
    if (!logToDriver) return;
    const prefix = `(${currentName()} pid=${process.pid} tid=${threadId}) `;
    const text = format(...args);
    stream.write(prefix + text.replaceAll('\n', `\n${prefix}`) + '\n');
  };
  console.log = (...a: unknown[]) => write(process.stdout, a);
  console.info = console.log;
  console.debug = console.log;
  console.error = (...a: unknown[]) => write(process.stderr, a);
  console.warn = console.error;
}
