import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** How an entrypoint's shell ended. */
export interface EntrypointExit {
  code: number | null;
  signal: string | null;
}

export interface EntrypointOptions {
  /** A shell command line, run by /bin/sh -c. */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Its stdout and stderr are appended here. */
  logFile: string;
}

/**
 * A job's entrypoint: a shell in a process group of its own, so stopping the job reaches every
 * process the command started (`npx tsx main.ts` is three processes deep), as Ray's job
 * supervisor kills the driver's process group.
 */
export class EntrypointProcess {
  readonly pid: number;
  readonly exited: Promise<EntrypointExit>;
  private done = false;

  private constructor(pid: number, exited: Promise<EntrypointExit>) {
    this.pid = pid;
    this.exited = exited.then((e) => {
      this.done = true;
      // What the shell left running in its group goes with it: a job leaves no orphans.
      this.signalGroup('SIGKILL');
      return e;
    });
  }

  /** Starts the command; rejects when the shell cannot be spawned at all. */
  static start(o: EntrypointOptions): Promise<EntrypointProcess> {
    const log = openSync(o.logFile, 'a', 0o600);
    try {
      const child = spawn('/bin/sh', ['-c', o.command], { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', log, log] });
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('spawn', () => {
          const exited = new Promise<EntrypointExit>((res) => child.once('exit', (code, signal) => res({ code, signal })));
          resolve(new EntrypointProcess(child.pid!, exited));
        });
      });
    } finally {
      closeSync(log);
    }
  }

  /**
   * Ends the process group: SIGTERM, then SIGKILL after `graceMs` (Ray waits 3 s too), and
   * resolves once the shell has exited.
   */
  async stop(graceMs = 3000): Promise<EntrypointExit> {
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is empty: nothing left to end
    }
    if (!this.done && signal === 'SIGKILL') {
      try {
        process.kill(this.pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  }
}
