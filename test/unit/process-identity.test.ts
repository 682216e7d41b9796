import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecordedProcessRunning, parseProcStat, processStartTime } from '../../src/common/process-identity.js';
import { pickLocalHead, processAlive, rayletOfSocketGone, type NodeRecord } from '../../src/cluster/node-folders.js';

/** A /proc/<pid>/stat line with the given name, state and start time (field 22). */
function statLine(name: string, state: string, startTime: number): string {
  // Fields 4..21 (18 of them), then 22: the start time, then a few more.
  const middle = Array.from({ length: 18 }, (_, i) => String(i + 1)).join(' ');
  return `4242 (${name}) ${state} ${middle} ${startTime} 9999 88 77\n`;
}

describe('process identity from /proc/<pid>/stat', () => {
  it('reads state and start time, even when the command name holds spaces and parentheses', () => {
    expect(parseProcStat(statLine('node', 'S', 123456))).toEqual({ state: 'S', startTime: 123456 });
    expect(parseProcStat(statLine('we (ird) name)', 'Z', 77))).toEqual({ state: 'Z', startTime: 77 });
    expect(parseProcStat('garbage')).toBeUndefined();
    expect(parseProcStat('1 (x) S 2 3')).toBeUndefined();
  });

  it('counts a zombie, a dead process and a reused pid as not running', () => {
    expect(isRecordedProcessRunning(undefined, undefined)).toBe(false);
    expect(isRecordedProcessRunning({ state: 'Z', startTime: 5 }, 5)).toBe(false);
    expect(isRecordedProcessRunning({ state: 'X', startTime: 5 }, 5)).toBe(false);
    // Same pid, later start: another process got the pid.
    expect(isRecordedProcessRunning({ state: 'S', startTime: 6 }, 5)).toBe(false);
    expect(isRecordedProcessRunning({ state: 'S', startTime: 5 }, 5)).toBe(true);
    expect(isRecordedProcessRunning({ state: 'R', startTime: 5 }, undefined)).toBe(true);
  });

  it('tells a running process from a zombie, which kill(pid, 0) still finds', async () => {
    const start = processStartTime(process.pid);
    expect(start).toBeGreaterThan(0);
    expect(processAlive(process.pid, start)).toBe(true);
    expect(processAlive(process.pid, start! + 1)).toBe(false);
    // The shell's background child exits at once; `exec sleep` replaces the shell with a parent
    // that never reaps it: a zombie for as long as the sleep lasts.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d: Buffer) => r(d.toString()))));
      for (let i = 0; i < 200 && readState(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readState(zombie)).toBe('Z');
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(processAlive(zombie)).toBe(false);
      expect(processAlive(parent.pid!, processStartTime(parent.pid!))).toBe(true);
    } finally {
      const exited = new Promise((r) => parent.once('exit', r));
      parent.kill('SIGKILL');
      await exited;
    }
  });
});

function readState(pid: number): string | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state;
  } catch {
    return undefined;
  }
}

describe('node records read with start times', () => {
  const rec = (over: Partial<NodeRecord>): NodeRecord => ({ nodeDir: '/x', gcsAddress: 'a:1', isHead: true, startedAt: 1, ...over });

  it('passes over a head whose recorded GCS pid now names another process', () => {
    const me = processStartTime(process.pid)!;
    const reused = rec({ gcsAddress: 'new:2', gcsPid: process.pid, gcsStartTime: me + 5, startedAt: 2 });
    const running = rec({ gcsAddress: 'old:1', gcsPid: process.pid, gcsStartTime: me, startedAt: 1 });
    expect(pickLocalHead([reused, running], processAlive)?.gcsAddress).toBe('old:1');
    expect(pickLocalHead([reused], processAlive)).toBeUndefined();
  });

  it("tells a socket whose node's raylet is gone from one whose raylet runs or that has no record", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsray-identity-'));
    try {
      const socket = join(dir, 'raylet.sock');
      expect(rayletOfSocketGone(socket)).toBe(false);
      const write = (r: Partial<NodeRecord>) => writeFileSync(join(dir, 'node.json'), JSON.stringify(rec({ nodeDir: dir, ...r })));
      write({ rayletPid: process.pid, rayletStartTime: processStartTime(process.pid) });
      expect(rayletOfSocketGone(socket)).toBe(false);
      write({ rayletPid: process.pid, rayletStartTime: processStartTime(process.pid)! + 1 });
      expect(rayletOfSocketGone(socket)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
