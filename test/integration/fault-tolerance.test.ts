import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { exitUntil, hog, throwUntil, uncaughtUntil, square } from '../fixtures/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsray-test-'));
let n = 0;
const counter = () => join(dir, `attempts-${n++}`);

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false, workerHeapLimitMb: 64 }));
afterAll(async () => {
  await ray.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('fault tolerance', () => {
  it('retries a task whose worker thread exits, and succeeds on a later attempt', async () => {
    expect(await ray.get(exitUntil.remote(counter(), 3))).toBe(3);
  });

  it('gives up after maxRetries with WorkerCrashedError', async () => {
    const err = await rejection(ray.get(exitUntil.options({ maxRetries: 1 }).remote(counter(), 5)));
    expect(err).toBeInstanceOf(ray.WorkerCrashedError);
    expect(err.message).toMatch(/died on all 2 attempt\(s\) \(maxRetries=1\)/);
  });

  it('retries when an error is thrown outside the task and kills its thread', async () => {
    expect(await ray.get(uncaughtUntil.remote(counter(), 2))).toBe(2);
  });

  it('reports a thread that runs out of memory as OutOfMemoryError', async () => {
    const err = await rejection(ray.get(hog.options({ maxRetries: 0 }).remote()));
    expect(err).toBeInstanceOf(ray.OutOfMemoryError);
    // The node survives and keeps working.
    expect(await ray.get(square.remote(7))).toBe(49);
  });

  it('does not retry exceptions by default', async () => {
    const err = await rejection(ray.get(throwUntil.remote(counter(), 2, 'TypeError')));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.cause.message).toBe('attempt 1');
  });

  it('retries exceptions with retryExceptions: true, within maxRetries', async () => {
    expect(await ray.get(throwUntil.options({ retryExceptions: true }).remote(counter(), 3, 'TypeError'))).toBe(3);
    const err = await rejection(ray.get(throwUntil.options({ retryExceptions: true, maxRetries: 1 }).remote(counter(), 5, 'TypeError')));
    expect(err.cause.message).toBe('attempt 2');
  });

  it('retries only the listed exception classes', async () => {
    const listed = throwUntil.options({ retryExceptions: ['ValidationError'] });
    expect(await ray.get(listed.remote(counter(), 2, 'ValidationError'))).toBe(2);
    const err = await rejection(ray.get(listed.remote(counter(), 2, 'TypeError')));
    expect(err.cause).toBeInstanceOf(TypeError);
  });
});
