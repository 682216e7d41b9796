import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ray from '../../src/index.js';
import { rejection } from '../helpers.js';
import { failAnonymously, failPlain, failValidation, fibonacci, plusOne, ValidationError, add } from '../fixtures/tasks.js';

beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('task errors', () => {
  it('re-throws a remote exception as TaskError with the cause, the task name and the remote stack', async () => {
    const err = await rejection(ray.get(failValidation.remote('email')));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err).toBeInstanceOf(ray.RayError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TaskError');
    expect(err.taskName).toBe('failValidation');
    expect(err.message).toBe('Task failValidation failed: ValidationError: bad email');
    expect(err.cause).toBeInstanceOf(ValidationError);
    expect(err.cause.field).toBe('email');
    expect(err.cause.message).toBe('bad email');
    expect(err.remoteStack).toMatch(/fixtures\/tasks\.ts/);
    expect(err.stack).toMatch(/remote stack \(failValidation\)/);
  });

  it('names an anonymous arrow\'s task after the const it is bound to', async () => {
    const err = await rejection(ray.get(failAnonymously.remote('no name given')));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.taskName).toBe('failAnonymously');
    expect(err.message).toBe('Task failAnonymously failed: Error: no name given');
  });

  it('runs a named function expression that calls itself through its own name', async () => {
    expect(await ray.get(fibonacci.remote(7))).toBe(13);
  });

  it('rebuilds built-in error classes', async () => {
    const err = await rejection(ray.get(failPlain.remote()));
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(err.cause.message).toBe('plain type error');
  });

  it('propagates an error through a chain of dependent tasks without running them', async () => {
    const failed = failValidation.remote('x');
    const chained = plusOne.remote(plusOne.remote(failed as unknown as ray.ObjectRef<number>));
    const err = await rejection(ray.get(chained));
    expect(err).toBeInstanceOf(ray.TaskError);
    expect(err.taskName).toBe('failValidation');
    expect(err.cause).toBeInstanceOf(ValidationError);
    const mixed = await rejection(ray.get([add.remote(1, 2), chained]));
    expect(mixed).toBeInstanceOf(ray.TaskError);
  });

  it('throws when get is used before init or after shutdown', async () => {
    await ray.shutdown();
    expect(() => plusOne.remote(1)).toThrow(/not initialized.*ray.init/);
    expect(() => ray.put(1)).toThrow(/not initialized/);
    await ray.init({ numCpus: 2, logToDriver: false });
    expect(await ray.get(plusOne.remote(1))).toBe(2);
  });
});
