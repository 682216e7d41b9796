import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RayError } from '../common/errors.js';
import { processAlive } from './node-folders.js';

/** The daemons `tsray start` runs, by entry module (relative to src/ or dist/). */
export type DaemonEntry = 'head/gcs-main' | 'node/raylet-main' | 'head/dashboard-main';

/** How to run an entry: compiled JS, or TypeScript under tsx when tsray runs from source. */
function entryCommand(entry: DaemonEntry): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { file: fileURLToPath(new URL(`../${entry}.js`, here)), execArgv: [] };
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { file: fileURLToPath(new URL(`../${entry}.ts`, here)), execArgv: ['--import', tsx] };
}

export interface StartedDaemon<T> {
  pid: number;
  /** The JSON line the daemon printed once ready. */
  ready: T;
}

/**
 * Starts a daemon detached from this process, its output appended to `logFile`, and waits
 * until it prints a JSON line with `readyKey` (it is then listening or registered). If it exits
 * first or takes longer than `timeoutMs`, the error quotes the end of its log. `env` adds to
 * this process's environment (secrets go there rather than on a command line `ps` shows).
 */
export async function startDaemon<T extends object>(entry: DaemonEntry, args: string[], logFile: string, readyKey: keyof T & string, timeoutMs = 60_000, env: Record<string, string> = {}): Promise<StartedDaemon<T>> {
  const { file, execArgv } = entryCommand(entry);
  // A restarted daemon appends to its predecessor's log: only what it writes counts.
  let offset = 0;
  try {
    offset = statSync(logFile).size;
  } catch {
    // a new log
  }
  const log = openSync(logFile, 'a', 0o600); // the cluster user's alone, like its folder
  const child = spawn(process.execPath, [...execArgv, file, ...args], { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  closeSync(log);
  child.unref();
  const pid = child.pid!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = readFileSync(logFile).subarray(offset).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as T;
        if (readyKey in parsed) return { pid, ready: parsed };
      } catch {
        // a log line that happens to start with a brace
      }
    }
    const tail = text.trim().split('\n').slice(-5).join('\n');
    if (!processAlive(pid)) throw new RayError(`${entry} exited before it was ready. Its log (${logFile}) ends with:\n${tail}`);
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new RayError(`${entry} was not ready after ${timeoutMs} ms. Its log (${logFile}) ends with:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A process to stop: its pid and, when recorded, its start time (a reused pid is left alone). */
export interface DaemonProcess {
  pid: number;
  startTime?: number;
}

/**
 * Sends SIGTERM to each process, then SIGKILL to those still alive after `graceMs`. A pid whose
 * process is a zombie, or another process than the one recorded (its start time differs), is
 * not signalled.
 */
export async function stopProcesses(processes: Array<number | DaemonProcess>, graceMs = 5000): Promise<void> {
  const running = (p: DaemonProcess): boolean => processAlive(p.pid, p.startTime);
  const alive = processes.map((p) => (typeof p === 'number' ? { pid: p } : p)).filter(running);
  for (const { pid } of alive) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  const deadline = Date.now() + graceMs;
  while (alive.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const { pid } of alive.filter(running)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  while (alive.some(running)) await new Promise((r) => setTimeout(r, 20));
}
