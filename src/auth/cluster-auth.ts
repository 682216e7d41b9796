import { InvalidArgumentError } from '../common/errors.js';
import { findAuthToken } from './auth-token.js';

/**
 * How a process of a cluster authenticates: `token` (the default) makes its servers refuse
 * calls without the cluster token; `disabled` (`--auth-mode disabled`, for closed networks)
 * lets any caller in. Clients send the token whenever they know one.
 */
export type AuthMode = 'token' | 'disabled';

export interface ClusterAuth {
  mode: AuthMode;
  /** The cluster token, if this process knows it. */
  token?: string;
}

export function parseAuthMode(value: string, from: string): AuthMode {
  if (value === 'token' || value === 'disabled') return value;
  throw new InvalidArgumentError(`${from} must be "token" or "disabled", got "${value}".`);
}

let current: ClusterAuth | undefined;

/**
 * This process's auth settings: `TSRAY_AUTH_MODE` (default token) and the token it finds
 * (auth-token.ts), read on first use.
 */
export function clusterAuth(): ClusterAuth {
  if (!current) {
    const mode = parseAuthMode(process.env.TSRAY_AUTH_MODE || 'token', 'TSRAY_AUTH_MODE');
    const token = findAuthToken();
    current = token ? { mode, token } : { mode };
  }
  return current;
}

/** The environment a daemon started by this process needs to act as it does. */
export function authEnvironment(auth: ClusterAuth): Record<string, string> {
  return { TSRAY_AUTH_MODE: auth.mode, ...(auth.token ? { TSRAY_AUTH_TOKEN: auth.token } : {}) };
}

/** The gRPC metadata key (and HTTP header) carrying the token, as `Bearer <token>`. */
export const AUTH_HEADER = 'authorization';

/** Says how to give a process the token: the end of every "refused" message. */
export const HOW_TO_AUTHENTICATE =
  'Give this process the cluster token: env TSRAY_AUTH_TOKEN, a file named by TSRAY_AUTH_TOKEN_PATH, or ~/.tsray/auth_token ' +
  '(print it on the head node with `tsray get-auth-token`).';
