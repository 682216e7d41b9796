import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'msgpackr';
import { ClientChannel, MAX_FRAME_BYTES } from '../../src/raylet/client-channel.js';

/** The raylet's side of its driver socket, fed what a stranger could write into it. */

const dir = mkdtempSync(join(tmpdir(), 'tsray-channel-'));
const path = join(dir, 'socket');
let server: Server;
const accepted: Array<(s: Socket) => void> = [];

beforeAll(async () => {
  server = createServer((s) => accepted.shift()!(s));
  await new Promise<void>((r) => server.listen(path, r));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function frame(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Connects, writes `bytes` in pieces of `piece`, and reports what the server's channel saw. */
async function feed(bytes: Buffer, piece = bytes.length, handler?: (batch: unknown[]) => void): Promise<{ batches: unknown[][]; closed: boolean }> {
  const batches: unknown[][] = [];
  let closed = false;
  const serverSide = new Promise<ClientChannel<unknown, unknown>>((resolve) => accepted.push((s) => resolve(new ClientChannel(s, 'a test client'))));
  const client = createConnection(path);
  await new Promise<void>((r) => client.once('connect', () => r()));
  const channel = await serverSide;
  const done = new Promise<void>((resolve) => {
    channel.listen((b) => {
      handler?.(b);
      batches.push(b);
    }, () => {
      closed = true;
      resolve();
    });
  });
  client.on('error', () => undefined);
  for (let i = 0; i < bytes.length; i += piece) client.write(bytes.subarray(i, i + piece));
  await Promise.race([done, new Promise((r) => setTimeout(r, 300))]);
  client.destroy();
  return { batches, closed };
}

describe('the driver socket framing', () => {
  it('decodes frames split across many reads, and several frames in one read', async () => {
    const big = { k: 'x', data: Buffer.alloc(3 << 20, 7) };
    const bytes = Buffer.concat([frame(pack([{ k: 'a' }])), frame(pack([big, { k: 'b' }]))]);
    const seen = await feed(bytes, 4093);
    expect(seen.closed).toBe(false);
    expect(seen.batches.map((b) => b.length)).toEqual([1, 2]);
    expect((seen.batches[1]![0] as { data: Buffer }).data.length).toBe(3 << 20);
    const together = await feed(Buffer.concat([frame(pack([{ k: 'a' }])), frame(pack([{ k: 'b' }])), frame(pack([{ k: 'c' }]))]));
    expect(together.batches).toEqual([[{ k: 'a' }], [{ k: 'b' }], [{ k: 'c' }]]);
  });

  it('closes the connection, never the process, on each kind of malformed input', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const deep = Buffer.alloc(100_001, 0x91); // fixarray of 1, 100,001 levels deep
      deep[deep.length - 1] = 0x90;
      const cases: Array<[string, Buffer, RegExp]> = [
        ['an empty frame', Buffer.alloc(4), /a frame of 0 bytes/],
        ['a 2 GiB length header', Buffer.from([0x80, 0, 0, 0]), new RegExp(`a frame of ${2 ** 31} bytes .*${MAX_FRAME_BYTES}`)],
        ['msgpack nil', frame(Buffer.from([0xc0])), /not a list of messages/],
        ['an unknown extension', frame(Buffer.from([0xd4, 0x7e, 0x01])), /not (msgpack|a list of messages)/],
        ['arrays nested 100k deep', frame(deep), /not (msgpack|a list of messages)/],
        ['a list holding a number', frame(pack([1])), /not a list of messages/],
        ['truncated msgpack', frame(Buffer.from([0x92, 0x01])), /not msgpack/],
      ];
      for (const [what, bytes, reason] of cases) {
        const seen = await feed(bytes);
        expect(seen.closed, what).toBe(true);
        expect(seen.batches, what).toEqual([]);
        expect(log.mock.calls.at(-1)?.[0], what).toMatch(reason);
      }
      const thrown = await feed(frame(pack([{ k: 'boom' }])), undefined, () => {
        throw new Error('no such message kind');
      });
      expect(thrown.closed).toBe(true);
      expect(log.mock.calls.at(-1)?.[0]).toMatch(/a message its handler refused \(no such message kind\)/);
    } finally {
      log.mockRestore();
    }
    // The process and the server are fine: a well-formed client is served.
    expect((await feed(frame(pack([{ k: 'ok' }])))).batches).toEqual([[{ k: 'ok' }]]);
  });
});
