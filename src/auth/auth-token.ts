import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '../common/errors.js';

/**
 * The cluster token (Ray's token authentication): one secret every process of a cluster shows
 * on each call. Where a process finds it, first match wins:
 *
 * 1. `TSRAY_AUTH_TOKEN`, the token itself (how daemons get it from `tsray start`);
 * 2. `TSRAY_AUTH_TOKEN_PATH`, a file holding it;
 * 3. `~/.tsray/auth_token`, which `tsray start --head` writes (mode 0600) when there is none.
 */

/** Where `tsray start --head` keeps the token: `TSRAY_AUTH_TOKEN_PATH`, else `~/.tsray/auth_token`. */
export function authTokenPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TSRAY_AUTH_TOKEN_PATH || join(env.HOME || homedir(), '.tsray', 'auth_token');
}

/** Tokens are 32 to 1024 printable ASCII characters without spaces (they travel in an HTTP header). */
const TOKEN = /^[\x21-\x7e]{32,1024}$/;

/** Checks a token's shape; `from` names where it came from, for the error. */
export function checkAuthToken(token: string, from: string): string {
  if (!TOKEN.test(token)) {
    throw new InvalidArgumentError(`The auth token in ${from} is not valid: a token is 32 to 1024 printable characters without spaces. ` +
      'Make one with `tsray get-auth-token --generate`.');
  }
  return token;
}

/** A new random token: 256 bits, hex. */
export function generateAuthToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The token this process finds (see the module), or undefined when there is none. A file
 * that TSRAY_AUTH_TOKEN_PATH names but that is missing is an error, unless `missingOk` (the
 * caller is about to make it).
 */
export function findAuthToken(env: NodeJS.ProcessEnv = process.env, missingOk = false): string | undefined {
  if (env.TSRAY_AUTH_TOKEN) return checkAuthToken(env.TSRAY_AUTH_TOKEN.trim(), 'TSRAY_AUTH_TOKEN');
  const path = authTokenPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && (missingOk || !env.TSRAY_AUTH_TOKEN_PATH)) return undefined;
    throw new InvalidArgumentError(`Cannot read the auth token file ${path} (TSRAY_AUTH_TOKEN_PATH): ${(e as Error).message}`, { cause: e });
  }
  return checkAuthToken(text.trim(), path);
}

/**
 * Writes a token to `path` readable by this user only (0600, in a 0700 folder), atomically: a
 * reader never sees half a token.
 */
export function writeAuthToken(path: string, token: string): void {
  checkAuthToken(token, 'the token to write');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** The token found (see the module), else a new one written to `authTokenPath()`. */
export function ensureAuthToken(env: NodeJS.ProcessEnv = process.env): { token: string; created?: string } {
  const found = findAuthToken(env, true);
  if (found) return { token: found };
  const token = generateAuthToken();
  const path = authTokenPath(env);
  writeAuthToken(path, token);
  return { token, created: path };
}

/**
 * A check of presented tokens against the cluster's, in constant time: both sides are hashed
 * first, so neither the comparison nor the lengths tell an attacker how close a guess was.
 */
export function tokenVerifier(token: string): (presented: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (presented) => presented !== undefined && timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
}
