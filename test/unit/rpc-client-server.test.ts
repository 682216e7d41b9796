import { afterEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { ConnectionError, InvalidArgumentError, RayError } from '../../src/common/errors.js';
import { RpcClient, parseAddress } from '../../src/rpc/rpc-client.js';
import { RpcServer } from '../../src/rpc/rpc-server.js';
import { rejection } from '../helpers.js';

// Real gRPC over loopback between a server and a client in this process.

const servers: RpcServer[] = [];
const clients: RpcClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function server(): RpcServer {
  const s = new RpcServer();
  servers.push(s);
  return s;
}

function client(address: string, options?: ConstructorParameters<typeof RpcClient>[1]): RpcClient {
  const c = new RpcClient(address, options);
  clients.push(c);
  return c;
}

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const unavailable = () => Object.assign(new Error('busy, try again'), { code: status.UNAVAILABLE });

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.shutdown(200)));
});

describe('rpc server', () => {
  it('binds a free port for port 0', async () => {
    const a = await server().addService('KVService', { Exists: () => ({ exists: true }) }).listen('127.0.0.1', 0);
    const b = await server().addService('KVService', {}).listen('127.0.0.1', 0);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a).not.toBe(b);
    expect(await client(`127.0.0.1:${a}`).call('KVService.Exists', { key: 'k' })).toEqual({ exists: true });
  });

  it('refuses a port in use with a message naming it', async () => {
    const port = await server().addService('KVService', {}).listen('127.0.0.1', 0);
    const err = await rejection(server().addService('KVService', {}).listen('127.0.0.1', port));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('sends tsray errors with their class, and other errors as INTERNAL', async () => {
    const port = await server()
      .addService('KVService', {
        Get: (req) => {
          throw new InvalidArgumentError(`no such key ${req.key}`);
        },
        Keys: () => {
          throw new TypeError('boom');
        },
      })
      .listen('127.0.0.1', 0);
    const c = client(`127.0.0.1:${port}`);
    const typed = await rejection(c.call('KVService.Get', { key: 'k1' }));
    expect(typed).toBeInstanceOf(InvalidArgumentError);
    expect(typed.message).toBe('no such key k1');
    const other = await rejection(c.call('KVService.Keys', {}));
    expect(other).toBeInstanceOf(RayError);
    expect(other).not.toBeInstanceOf(InvalidArgumentError);
    expect(other.message).toMatch(/KVService\.Keys failed at 127\.0\.0\.1:\d+: INTERNAL: boom/);
  });

  it('answers UNIMPLEMENTED for a method without a handler, which the client reports as not a tsray server', async () => {
    const port = await server().addService('KVService', {}).listen('127.0.0.1', 0);
    const err = await rejection(client(`127.0.0.1:${port}`, { serverName: 'tsray GCS' }).call('NodeInfoService.GetClusterInfo', {}));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/does not implement NodeInfoService\.GetClusterInfo: it is not a tsray GCS/);
  });

  it('carries messages far above grpc’s 4 MiB default', async () => {
    let stored: Uint8Array = new Uint8Array(0);
    const port = await server()
      .addService('KVService', {
        Put: (req) => {
          stored = req.value;
          return { added: true };
        },
        Get: () => ({ found: true, value: stored }),
      })
      .listen('127.0.0.1', 0);
    const c = client(`127.0.0.1:${port}`);
    const big = randomBytes(16 * 1024 * 1024);
    await c.call('KVService.Put', { key: 'big', value: big });
    const back = await c.call('KVService.Get', { key: 'big' });
    expect(back.value.length).toBe(big.length);
    expect(Buffer.compare(Buffer.from(back.value), Buffer.from(big))).toBe(0);
  });

  it('ends open streams when shutting down, so shutdown does not wait out its grace period', async () => {
    const s = server().addService('PubSubService', {
      Subscribe: (_req, stream) => {
        stream.sendHeaders();
        stream.write({ channel: 'JOB', sequence: 1 });
      },
    });
    const port = await s.listen('127.0.0.1', 0);
    const stream = client(`127.0.0.1:${port}`).serverStream('PubSubService.Subscribe', { channels: ['JOB'] });
    const got: number[] = [];
    const ended = new Promise<unknown>((resolve) => stream.listen((m) => got.push(m.sequence), resolve));
    await stream.ready;
    const t0 = Date.now();
    await s.shutdown(10_000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await ended).toBeUndefined();
    expect(got).toEqual([1]);
  });
});

describe('rpc client', () => {
  it('retries an idempotent call on UNAVAILABLE until it succeeds', async () => {
    let calls = 0;
    const port = await server()
      .addService('KVService', {
        Get: () => {
          if (++calls < 3) throw unavailable();
          return { found: true, value: Buffer.from('v') };
        },
      })
      .listen('127.0.0.1', 0);
    const reply = await client(`127.0.0.1:${port}`, { backoff: { initialMs: 10, maxMs: 50, multiplier: 2, jitter: 0.2 } }).call('KVService.Get', { key: 'k' });
    expect(Buffer.from(reply.value).toString()).toBe('v');
    expect(calls).toBe(3);
  });

  it('does not retry a call that is not idempotent', async () => {
    let calls = 0;
    const port = await server()
      .addService('KVService', {
        Put: () => {
          calls++;
          throw unavailable();
        },
      })
      .listen('127.0.0.1', 0);
    const err = await rejection(client(`127.0.0.1:${port}`).call('KVService.Put', { key: 'k', value: Buffer.from('v'), overwrite: false }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(calls).toBe(1);
  });

  it('reaches a server that starts while an idempotent call is retrying', async () => {
    const port = await closedPort();
    const c = client(`127.0.0.1:${port}`, { backoff: { initialMs: 50, maxMs: 200, multiplier: 2, jitter: 0.1 } });
    const pending = c.call('KVService.Exists', { key: 'k' }, { retryForMs: 10_000 });
    await sleep(400);
    await server().addService('KVService', { Exists: () => ({ exists: true }) }).listen('127.0.0.1', port);
    expect(await pending).toEqual({ exists: true });
  });

  it('gives up retrying after its budget with a ConnectionError naming the address', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const err = await rejection(
      client(`127.0.0.1:${port}`, { backoff: { initialMs: 50, maxMs: 100, multiplier: 2, jitter: 0 } }).call('KVService.Exists', { key: 'k' }, { retryForMs: 600 }),
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toMatch(/gave up after [2-9]\d* attempts/);
  });

  it('fails a call past its deadline, naming the address and the deadline', async () => {
    const port = await server()
      .addService('KVService', { Put: () => sleep(3000).then(() => ({ added: true })) })
      .listen('127.0.0.1', 0);
    const t0 = Date.now();
    const err = await rejection(client(`127.0.0.1:${port}`).call('KVService.Put', { key: 'k' }, { timeoutMs: 200 }));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(new RegExp(`at 127\\.0\\.0\\.1:${port} did not answer KVService\\.Put within 200 ms`));
  });

  it('fails to connect to a closed port within the connect timeout, naming the address', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const err = await rejection(client(`127.0.0.1:${port}`).waitForReady(1000));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`127.0.0.1:${port} within 1000 ms`);
  });

  it('streams chunks in order with backpressure, and reports a stream error with its class', async () => {
    const chunk = 64 * 1024;
    const port = await server()
      .addService('ObjectManagerService', {
        Pull: async (req, stream) => {
          if (req.objectId !== 'obj') throw new InvalidArgumentError(`object ${req.objectId} is not here`);
          const total = 40 * chunk;
          for (let off = 0, i = 0; off < total; off += chunk, i++) {
            if (!stream.write({ objectId: req.objectId, offset: off, totalSize: total, data: Buffer.alloc(chunk, i), chunkIndex: i, numChunks: 40 })) await stream.drain();
          }
          stream.end();
        },
      })
      .listen('127.0.0.1', 0);
    const c = client(`127.0.0.1:${port}`);
    const offsets: number[] = [];
    let bytes = 0;
    for await (const ch of c.serverStream('ObjectManagerService.Pull', { objectId: 'obj' })) {
      offsets.push(ch.offset);
      bytes += ch.data.length;
      expect(ch.data[0]).toBe(ch.chunkIndex);
    }
    expect(bytes).toBe(40 * chunk);
    expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => i * chunk));
    const iterate = async () => {
      for await (const _ of c.serverStream('ObjectManagerService.Pull', { objectId: 'nope' })) void _;
    };
    const err = await rejection(iterate());
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.message).toBe('object nope is not here');
  });

  it('refuses calls once closed, and malformed addresses up front', async () => {
    const c = client('127.0.0.1:1');
    c.close();
    expect(await rejection(c.call('KVService.Keys', {}))).toBeInstanceOf(InvalidArgumentError);
    expect(() => new RpcClient('localhost')).toThrow(InvalidArgumentError);
    expect(() => new RpcClient('127.0.0.1:99999')).toThrow(/host:port/);
    expect(parseAddress('[::1]:6380')).toEqual({ host: '::1', port: 6380 });
  });
});
