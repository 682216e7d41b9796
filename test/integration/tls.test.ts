import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { methodDefinition } from '../../src/rpc/proto.js';
import { RpcClient } from '../../src/rpc/rpc-client.js';
import { RpcServer } from '../../src/rpc/rpc-server.js';
import { generateTestCertificates } from '../../src/auth/tls-certificates.js';
import { JobSubmissionClient } from '../../src/jobs/job-submission-client.js';
import { cliCluster, root, type CliCluster } from '../fixtures/cli-cluster.js';

/** A whole cluster with TLS on (mutual TLS, as `TSRAY_USE_TLS=1` sets up), certificates from `tsray tls generate`. */

const run = promisify(execFile);
let cluster: CliCluster;
let address = '';
let certs = '';

/** GetAllNodes from a client that is not tsray's, with the given credentials and token. */
function getAllNodes(credentials: grpc.ChannelCredentials, token?: string): Promise<grpc.status> {
  const m = methodDefinition('NodeInfoService.GetAllNodes');
  const client = new grpc.Client(address, credentials);
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, {}, md, { deadline: Date.now() + 5000 }, (err) => {
    client.close();
    resolve(err ? err.code : grpc.status.OK);
  }));
}

const file = (name: string) => readFileSync(join(certs, name));

beforeAll(() => {
  cluster = cliCluster('tls');
  certs = join(cluster.tmp, 'certs');
  expect(cluster.cli('tls', 'generate', '--out', certs)).toMatch(/export TSRAY_USE_TLS=1/);
  Object.assign(cluster.env, {
    TSRAY_USE_TLS: '1', TSRAY_TLS_SERVER_CERT: join(certs, 'node.crt'), TSRAY_TLS_SERVER_KEY: join(certs, 'node.key'), TSRAY_TLS_CA_CERT: join(certs, 'ca.crt'),
  });
  address = cluster.startHead('--num-cpus', '1').address;
  cluster.addNode(address, '--num-cpus', '1');
}, 120_000);

afterAll(() => cluster?.dispose());

describe('a cluster with TLS', () => {
  it('runs tasks on every node and moves objects between them', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', `${root}test/fixtures/tls-driver.ts`, address], { cwd: root, env: cluster.env, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ nodes: 2, intact: true });
  });

  it('refuses plaintext, TLS without a client certificate, and a certificate without the token', async () => {
    const token = process.env.TSRAY_AUTH_TOKEN!;
    expect(await getAllNodes(grpc.credentials.createInsecure(), token)).toBe(grpc.status.UNAVAILABLE);
    expect(await getAllNodes(grpc.credentials.createSsl(file('ca.crt')), token)).toBe(grpc.status.UNAVAILABLE);
    const mutual = () => grpc.credentials.createSsl(file('ca.crt'), file('node.key'), file('node.crt'));
    expect(await getAllNodes(mutual())).toBe(grpc.status.UNAUTHENTICATED);
    expect(await getAllNodes(mutual(), token)).toBe(grpc.status.OK);
  });

  it('serves the job API over HTTPS with the cluster certificate: plaintext is refused, a client trusting the CA runs a job', async () => {
    const api = cluster.nodeRecords().find((r) => r.isHead)!.dashboardAddress!;
    expect(api).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(new JobSubmissionClient({ address: api.replace('https', 'http'), ca: file('ca.crt') }).listJobs()).rejects.toThrow(/Cannot reach the job API|socket hang up|HTTP 400/);
    await expect(new JobSubmissionClient({ address: api, ca: Buffer.from('') }).listJobs()).rejects.toThrow(/certificate/);
    const client = new JobSubmissionClient({ address: api, ca: file('ca.crt') });
    const id = await client.submitJob({ entrypoint: 'echo over tls' });
    for await (const _ of client.tailJobLogs(id)) { /* until it ends */ }
    expect(await client.getJobStatus(id)).toBe('SUCCEEDED');
    expect(await client.getJobLogs(id)).toBe('over tls\n');
  });

  it('refuses to start with TLS on and a certificate file missing, naming it', () => {
    expect(() => cluster.cli('start', '--head', '--port', '0', '--tls-server-key', join(certs, 'missing.key')))
      .toThrow(/Cannot read TSRAY_TLS_SERVER_KEY \(.*missing\.key\)/);
  });
});

describe('TLS server identity', () => {
  it('accepts a server only at an address its certificate names', async () => {
    const c = await generateTestCertificates(['localhost'], 1);
    const tls = { ca: Buffer.from(c.caCert), cert: Buffer.from(c.cert), key: Buffer.from(c.key), verifyClient: true };
    const server = new RpcServer({ tls }).addService('KVService', { Exists: () => ({ exists: true }) });
    const port = await server.listen('127.0.0.1', 0);
    const byName = new RpcClient(`localhost:${port}`, { tls, retryForMs: 0 });
    const byIp = new RpcClient(`127.0.0.1:${port}`, { tls, retryForMs: 0 });
    try {
      expect(await byName.call('KVService.Exists', { namespace: 'n', key: 'k' })).toEqual({ exists: true });
      // The certificate names localhost, not 127.0.0.1: the handshake fails.
      await expect(byIp.call('KVService.Exists', { namespace: 'n', key: 'k' }, { timeoutMs: 3000 })).rejects.toThrow(/cannot reach|did not answer/);
    } finally {
      byName.close();
      byIp.close();
      await server.shutdown();
    }
  });
});
