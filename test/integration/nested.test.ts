import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { fib } from '../fixtures/tasks.js';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('nested tasks', () => {
  it('runs a recursive fibonacci of depth 12 on 2 CPUs without deadlock', async () => {
    expect(await ray.get(fib.remote(12))).toBe(144);
    // Every blocked task gave its CPU back and took it back when it resumed.
    expect(await ray.availableResources()).toMatchObject({ CPU: 2 });
  });
});
