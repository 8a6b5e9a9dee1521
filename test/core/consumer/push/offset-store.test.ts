import { describe, expect, it } from 'vitest';
import { RemoteOffsetStore } from '../../../../core/consumer/push/offset-store.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';

/** A broker store whose port is never reached (only the in-memory table is exercised). */
function store(): RemoteOffsetStore {
  return new RemoteOffsetStore({
    group: 'G',
    port: () => {
      throw new Error('no port in this test');
    },
    masterAddr: () => undefined,
    requestTimeoutMs: 1000,
    report: () => undefined,
  });
}

const queue = (queueId: number): MessageQueue => ({ topic: 'T', brokerName: 'b', queueId });

describe('offset store (in memory)', () => {
  it('keeps one offset per queue key, whichever queue object names it; increaseOnly ignores smaller ones', () => {
    const s = store();
    const a = queue(0);
    const sameKey = queue(0);
    s.update(a, 5, true);
    s.update(sameKey, 3, true);
    expect(s.readMemory(a)).toBe(5);
    s.update(sameKey, 7, true);
    expect(s.readMemory(a)).toBe(7);
    s.update(a, 2, false);
    expect(s.readMemory(sameKey)).toBe(2);
    s.update(a, -1, false);
    expect(s.readMemory(a)).toBe(2);
    expect(s.snapshot()).toEqual([{ queue: a, offset: 2 }]);
  });

  it('a snapshot is not changed by later updates', () => {
    const s = store();
    const a = queue(0);
    s.update(a, 1, true);
    const before = s.snapshot();
    s.update(a, 9, true);
    expect(before).toEqual([{ queue: a, offset: 1 }]);
    expect(s.snapshot()).toEqual([{ queue: a, offset: 9 }]);
  });

  it('a removed queue starts over, even through the queue object that named it before', () => {
    const s = store();
    const a = queue(1);
    s.update(a, 10, true);
    s.remove(queue(1));
    expect(s.readMemory(a)).toBeUndefined();
    s.update(a, 4, true);
    expect(s.readMemory(a)).toBe(4);
    s.remove(a);
    const b = queue(1);
    s.update(b, 6, true);
    expect(s.readMemory(a)).toBe(6);
    s.update(a, 8, true);
    expect(s.snapshot()).toEqual([{ queue: b, offset: 8 }]);
  });
});
