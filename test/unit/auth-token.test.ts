import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAuthToken, ensureAuthToken, findAuthToken, generateAuthToken, tokenVerifier } from '../../src/auth/auth-token.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-auth-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('auth tokens', () => {
  it('verifies the cluster token only: not another, not a prefix, not a longer one, not none', () => {
    const verify = tokenVerifier(A);
    expect(verify(A)).toBe(true);
    expect(verify(B)).toBe(false);
    expect(verify(A.slice(0, 63))).toBe(false);
    expect(verify(`${A}a`)).toBe(false);
    expect(verify('')).toBe(false);
    expect(verify(undefined)).toBe(false);
  });

  it('makes 256-bit hex tokens, each new', () => {
    const t = generateAuthToken();
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(generateAuthToken()).not.toBe(t);
  });

  it('refuses tokens that are short, hold spaces or control characters, naming where they came from', () => {
    expect(() => checkAuthToken('short', 'TSRAY_AUTH_TOKEN')).toThrow(/auth token in TSRAY_AUTH_TOKEN is not valid/);
    expect(() => checkAuthToken(`${A} x`, 'f')).toThrow(/not valid/);
    expect(() => checkAuthToken(`${A}\n`, 'f')).toThrow(/not valid/);
    expect(checkAuthToken(A, 'f')).toBe(A);
  });

  it('finds TSRAY_AUTH_TOKEN first, then the file TSRAY_AUTH_TOKEN_PATH names, then ~/.tsray/auth_token', () => {
    const home = join(dir, 'home');
    const file = join(dir, 'token-file');
    writeFileSync(file, `${B}\n`);
    expect(findAuthToken({ HOME: home })).toBeUndefined();
    expect(findAuthToken({ HOME: home, TSRAY_AUTH_TOKEN_PATH: file })).toBe(B);
    expect(findAuthToken({ HOME: home, TSRAY_AUTH_TOKEN_PATH: file, TSRAY_AUTH_TOKEN: A })).toBe(A);
    expect(() => findAuthToken({ HOME: home, TSRAY_AUTH_TOKEN_PATH: join(dir, 'missing') })).toThrow(/Cannot read the auth token file .*missing/);
  });

  it('ensureAuthToken writes a new token 0600 in a 0700 folder once, then finds it', () => {
    const path = join(dir, 'made', 'auth_token');
    const made = ensureAuthToken({ TSRAY_AUTH_TOKEN_PATH: path });
    expect(made.created).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'made')).mode & 0o777).toBe(0o700);
    expect(ensureAuthToken({ TSRAY_AUTH_TOKEN_PATH: path })).toEqual({ token: made.token });
  });
});
