import { describe, expect, it } from 'vitest';
import { changeEnv } from './change-env.js';

describe('changeEnv', () => {
  it('sets and removes variables, and puts each back as it was, absent ones absent', () => {
    process.env.WTLAB_CHANGE_ENV_KEPT = 'before';
    delete process.env.WTLAB_CHANGE_ENV_NEW;
    const restore = changeEnv({ WTLAB_CHANGE_ENV_KEPT: undefined, WTLAB_CHANGE_ENV_NEW: 'during' });
    expect([process.env.WTLAB_CHANGE_ENV_KEPT, process.env.WTLAB_CHANGE_ENV_NEW]).toEqual([undefined, 'during']);
    restore();
    expect([process.env.WTLAB_CHANGE_ENV_KEPT, 'WTLAB_CHANGE_ENV_NEW' in process.env]).toEqual(['before', false]);
    delete process.env.WTLAB_CHANGE_ENV_KEPT;
  });
});
