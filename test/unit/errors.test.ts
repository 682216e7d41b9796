import { describe, expect, it } from 'vitest';
import { ActorDiedError, RayError, TaskError, errorKinds, rebuildRayError } from '../../src/common/errors.js';

describe('error classes', () => {
  it('carry their kind chain, so instanceof works across copies of the module', () => {
    const e = new TaskError('fn', new Error('x'));
    expect(errorKinds(e)).toEqual(['TaskError', 'RayError']);
    // An object built elsewhere with the same brand counts as an instance.
    const foreign = rebuildRayError('ActorDiedError', { message: 'gone' })!;
    expect(foreign).toBeInstanceOf(ActorDiedError);
    expect(foreign).toBeInstanceOf(RayError);
    expect(foreign).not.toBeInstanceOf(TaskError);
    expect(foreign.message).toBe('gone');
    expect(new Error('plain')).not.toBeInstanceOf(RayError);
  });
});
