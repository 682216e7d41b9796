import { randomBytes } from 'node:crypto';

/**
 * Runs once before the test files: clusters started by the tests are secure by default, and
 * all of them (and every driver and CLI call) use this run's token. Tests of where a token is
 * found and made set their own environment.
 */
export default function setup(): void {
  process.env.TSRAY_AUTH_TOKEN = randomBytes(32).toString('hex');
  delete process.env.TSRAY_AUTH_TOKEN_PATH;
  delete process.env.TSRAY_AUTH_MODE;
}
