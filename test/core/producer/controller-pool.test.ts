import { describe, expect, it } from 'vitest';
import { AbortControllerPool } from '../../../core/producer/controller-pool.js';

describe('AbortControllerPool', () => {
  it('hands back the controller of a settled request for the next one', () => {
    const pool = new AbortControllerPool();
    const first = pool.take();
    pool.give(first);
    expect(pool.take()).toBe(first);
    expect(pool.take()).not.toBe(first);
  });

  it('never reuses a controller that fired', () => {
    const pool = new AbortControllerPool();
    const fired = pool.take();
    fired.abort(new Error('abandoned'));
    pool.give(fired);
    const next = pool.take();
    expect(next).not.toBe(fired);
    expect(next.signal.aborted).toBe(false);
  });
});
