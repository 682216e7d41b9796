import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/proto-loader';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GcsClient } from '../../src/gcs/gcs-client.js';
import { PROTO_PACKAGE, packageDefinition } from '../../src/rpc/proto.js';
import { cliCluster, root, type CliCluster } from '../fixtures/cli-cluster.js';

/**
 * Token authentication on every daemon port, tried as a stranger would: a plain grpc-js client
 * with no tsray code, calling every method that proto/ declares.
 */

const run = promisify(execFile);
let cluster: CliCluster;
let gcsAddress = '';
/** Every daemon port of the cluster: the GCS and each raylet's server. */
let ports: string[] = [];

/** Every method of every service in proto/, as "Service.Method" with its definition. */
function everyMethod(): Array<[string, ServiceDefinition[string]]> {
  const methods: Array<[string, ServiceDefinition[string]]> = [];
  for (const [name, def] of Object.entries(packageDefinition())) {
    if (!name.startsWith(`${PROTO_PACKAGE}.`) || 'format' in def) continue;
    for (const [method, m] of Object.entries(def as ServiceDefinition)) methods.push([`${name.slice(PROTO_PACKAGE.length + 1)}.${method}`, m]);
  }
  return methods;
}

/** Calls one method with an empty request and the given metadata; resolves with the status code. */
function statusOf(client: grpc.Client, m: ServiceDefinition[string], metadata: grpc.Metadata): Promise<grpc.status> {
  return new Promise((resolve) => {
    const deadline = { deadline: Date.now() + 10_000 };
    if (m.responseStream) {
      const call = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, {}, metadata, deadline);
      call.on('data', () => undefined);
      call.on('error', (e: grpc.ServiceError) => resolve(e.code));
      call.on('end', () => resolve(grpc.status.OK));
    } else {
      client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, {}, metadata, deadline, (err) => resolve(err ? err.code : grpc.status.OK));
    }
  });
}

function withToken(token: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${token}`);
  return md;
}

/** Runs a driver process with `env`; resolves with its exit code and output. */
async function driver(address: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `${root}test/fixtures/cluster-driver.ts`, address], { cwd: root, env, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

beforeAll(async () => {
  cluster = cliCluster('auth');
  gcsAddress = cluster.startHead('--num-cpus', '2').address;
  cluster.addNode(gcsAddress, '--num-cpus', '1');
  const gcs = await GcsClient.connect(gcsAddress);
  const nodes = await gcs.getAllNodes(true);
  gcs.close();
  ports = [gcsAddress, ...nodes.map((n) => `${n.nodeManagerAddress}:${n.nodeManagerPort}`)];
  expect(nodes).toHaveLength(2);
}, 120_000);

afterAll(() => cluster?.dispose());

describe('token authentication', () => {
  it('refuses every method in proto/ on every daemon port without a token, and with a wrong one', async () => {
    const methods = everyMethod();
    expect(methods.length).toBeGreaterThan(40);
    const refused: string[] = [];
    const other: string[] = [];
    for (const address of ports) {
      const client = new grpc.Client(address, grpc.credentials.createInsecure());
      for (const [name, m] of methods) {
        for (const [what, md] of [['no token', new grpc.Metadata()], ['a wrong token', withToken('x'.repeat(64))], ['a malformed header', (() => {
          const bad = new grpc.Metadata();
          bad.set('authorization', process.env.TSRAY_AUTH_TOKEN!);
          return bad;
        })()]] as const) {
          const code = await statusOf(client, m, md);
          (code === grpc.status.UNAUTHENTICATED ? refused : other).push(`${address} ${name} with ${what}: ${grpc.status[code]}`);
        }
      }
      client.close();
    }
    expect(other).toEqual([]);
    expect(refused).toHaveLength(ports.length * methods.length * 3);
  });

  it('changes nothing for a refused call: a KV put is not stored, a node told to leave stays', async () => {
    const stranger = new grpc.Client(gcsAddress, grpc.credentials.createInsecure());
    const defs = Object.fromEntries(everyMethod());
    const put = defs['KVService.Put']!;
    const forged = await new Promise<grpc.status>((resolve) => stranger.makeUnaryRequest(put.path, put.requestSerialize, put.responseDeserialize,
      { namespace: 'forged', key: 'k', value: Buffer.from('v'), overwrite: true }, new grpc.Metadata(), (err) => resolve(err?.code ?? grpc.status.OK)));
    expect(forged).toBe(grpc.status.UNAUTHENTICATED);
    const gcs = await GcsClient.connect(gcsAddress);
    const nodes = await gcs.getAllNodes(true);
    const unregister = defs['NodeInfoService.UnregisterNode']!;
    const left = await new Promise<grpc.status>((resolve) => stranger.makeUnaryRequest(unregister.path, unregister.requestSerialize, unregister.responseDeserialize,
      { nodeId: nodes[1]!.nodeId, reason: 'forged' }, new grpc.Metadata(), (err) => resolve(err?.code ?? grpc.status.OK)));
    expect(left).toBe(grpc.status.UNAUTHENTICATED);
    stranger.close();
    expect(await gcs.kvGet('forged', 'k')).toBeUndefined();
    expect((await gcs.getAllNodes(true)).map((n) => n.nodeId).sort()).toEqual(nodes.map((n) => n.nodeId).sort());
    gcs.close();
  });

  it('runs a driver that has the token; refuses one without it, saying where the token goes', async () => {
    const ok = await driver(gcsAddress, cluster.env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out.trim().split('\n').pop()!)).toEqual({ values: [1, 4, 9], nodes: 2 });
    const home = mkdtempSync(join(tmpdir(), 'tsray-auth-home-'));
    try {
      const { TSRAY_AUTH_TOKEN: _token, ...noToken } = cluster.env;
      const refused = await driver(gcsAddress, { ...noToken, HOME: home });
      expect(refused.code).not.toBe(0);
      expect(refused.out).toMatch(/AuthenticationError|refused/);
      expect(refused.out).toMatch(/TSRAY_AUTH_TOKEN/);
      expect(refused.out).toMatch(/tsray get-auth-token/);
      const wrong = await driver(gcsAddress, { ...cluster.env, TSRAY_AUTH_TOKEN: 'w'.repeat(64) });
      expect(wrong.code).not.toBe(0);
      expect(wrong.out).toMatch(/no auth token, or not this cluster's/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('binds the GCS to --node-ip-address (127.0.0.1) only', async () => {
    const port = Number(gcsAddress.split(':')[1]);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    // 127.0.0.2 is this machine too, but not the address the GCS listens on.
    expect(await accepts('127.0.0.2', port)).toBe(false);
  });
});

describe('the token on a machine: made by the head, printed by the CLI, found by daemons', () => {
  let other: CliCluster;
  let home = '';

  beforeAll(() => {
    other = cliCluster('auth-home');
    home = mkdtempSync(join(tmpdir(), 'tsray-auth-home-'));
    delete other.env.TSRAY_AUTH_TOKEN;
    other.env.HOME = home;
  });

  afterAll(() => {
    other?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('tsray start --head writes a 0600 token in ~/.tsray; get-auth-token prints it; nodes and drivers find it', async () => {
    expect(() => other.cli('get-auth-token')).toThrow(/no auth token on this machine/);
    const out = other.cli('start', '--head', '--port', '0', '--num-cpus', '1');
    const tokenFile = join(home, '.tsray', 'auth_token');
    expect(out).toContain(`created the cluster auth token in ${tokenFile}`);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.tsray')).mode & 0o777).toBe(0o700);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(other.cli('get-auth-token').trim()).toBe(token);
    const address = /GCS at (\S+?),/.exec(out)![1]!;
    expect(other.cli('start', '--address', address, '--num-cpus', '1')).toMatch(/started node/);
    const ran = await driver(address, other.env);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.out.trim().split('\n').pop()!)).toMatchObject({ values: [1, 4, 9], nodes: 2 });
    // A machine holding another token cannot join.
    const stranger = { ...other.env, TSRAY_AUTH_TOKEN: 's'.repeat(64) };
    await expect(run(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, 'start', '--address', address], { cwd: root, env: stranger }))
      .rejects.toThrow(/refused .*no auth token, or not this cluster's/s);
    other.cli('stop');
  }, 180_000); // eight CLI and driver processes one after another

  it('get-auth-token --generate makes a token where there is none, into TSRAY_AUTH_TOKEN_PATH when set', () => {
    const path = join(home, 'elsewhere', 'token');
    other.env.TSRAY_AUTH_TOKEN_PATH = path;
    try {
      const made = other.cli('get-auth-token', '--generate').trim();
      expect(made).toMatch(/^[0-9a-f]{64}$/);
      expect(readFileSync(path, 'utf8').trim()).toBe(made);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(other.cli('get-auth-token', '--generate').trim()).toBe(made);
    } finally {
      delete other.env.TSRAY_AUTH_TOKEN_PATH;
    }
  });

  it('--auth-mode disabled says so loudly and lets a stranger call; --host 0.0.0.0 listens everywhere', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `${root}src/cli/main.ts`, 'start', '--head', '--port', '0', '--num-cpus', '1',
      '--auth-mode', 'disabled', '--host', '0.0.0.0'], { cwd: root, env: { ...other.env, HOME: mkdtempSync(join(home, 'h-')) } });
    expect(stderr).toMatch(/WARNING: --auth-mode disabled/);
    const address = /GCS at (\S+?),/.exec(stdout)![1]!;
    const stranger = new grpc.Client(address, grpc.credentials.createInsecure());
    const m = Object.fromEntries(everyMethod())['NodeInfoService.GetAllNodes']!;
    expect(await statusOf(stranger, m, new grpc.Metadata())).toBe(grpc.status.OK);
    stranger.close();
    expect(await accepts('127.0.0.2', Number(address.split(':')[1]))).toBe(true);
    expect(existsSync(join(home, '.tsray', 'auth_token'))).toBe(true); // the first head's, untouched
    other.cli('stop');
  });

  it('rejects an unknown --auth-mode before starting anything', () => {
    expect(() => other.cli('start', '--head', '--port', '0', '--auth-mode', 'none')).toThrow(/--auth-mode must be "token" or "disabled", got "none"/);
  });
});
