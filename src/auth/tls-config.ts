import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../common/errors.js';

/**
 * TLS for every gRPC connection of a cluster, switched on as in Ray: `TSRAY_USE_TLS=1` with
 * `TSRAY_TLS_SERVER_CERT` and `TSRAY_TLS_SERVER_KEY` (this process's certificate and key, PEM)
 * and `TSRAY_TLS_CA_CERT` (the CA that signed every process's certificate). Servers present the
 * certificate and, unless `TSRAY_TLS_VERIFY_CLIENT=0`, require clients to present one the CA
 * signed (mutual TLS: every process of the cluster holds a certificate, as in Ray). Clients
 * check the server's certificate against the CA and the address they dial.
 */
export interface TlsSettings {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  /** Whether servers require a client certificate (mutual TLS). */
  verifyClient: boolean;
}

const ON = /^(1|true|yes)$/i;

function pemFile(env: NodeJS.ProcessEnv, name: string): Buffer {
  const path = env[name];
  if (!path) throw new InvalidArgumentError(`TSRAY_USE_TLS is on but ${name} is not set: name a PEM file (\`tsray tls generate --out DIR\` makes a test set).`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InvalidArgumentError(`Cannot read ${name} (${path}): ${(e as Error).message}`, { cause: e });
  }
}

/** The TLS settings in `env`, or undefined when TLS is off. */
export function tlsSettingsFrom(env: NodeJS.ProcessEnv): TlsSettings | undefined {
  if (!ON.test(env.TSRAY_USE_TLS ?? '')) return undefined;
  return {
    ca: pemFile(env, 'TSRAY_TLS_CA_CERT'),
    cert: pemFile(env, 'TSRAY_TLS_SERVER_CERT'),
    key: pemFile(env, 'TSRAY_TLS_SERVER_KEY'),
    verifyClient: !/^(0|false|no)$/i.test(env.TSRAY_TLS_VERIFY_CLIENT ?? ''),
  };
}

let current: TlsSettings | null | undefined;

/** This process's TLS settings (from its environment, read on first use), or undefined. */
export function clusterTls(): TlsSettings | undefined {
  if (current === undefined) current = tlsSettingsFrom(process.env) ?? null;
  return current ?? undefined;
}
