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

  it('takes back a controller its caller knows did not fire, and keeps at most 1024 idle', () => {
    const pool = new AbortControllerPool();
    const controllers = Array.from({ length: 1030 }, () => pool.take());
    for (const c of controllers) pool.reuse(c);
    const again = new Set(Array.from({ length: 1030 }, () => pool.take()));
    expect(controllers.filter((c) => again.has(c))).toHaveLength(1024);
  });
});
