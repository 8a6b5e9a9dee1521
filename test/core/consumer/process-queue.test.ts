import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProcessQueue } from '../../../core/consumer/process-queue.js';
import { blockedBy, type FlowThresholds, pullSize } from '../../../core/consumer/push/flow-control.js';

interface M {
  queueOffset: number;
  body: Buffer;
}
const m = (queueOffset: number, size = 10): M => ({ queueOffset, body: Buffer.alloc(size) });
const ms = (...offsets: number[]) => offsets.map((o) => m(o));
const queue = { topic: 'T', brokerName: 'b', queueId: 0 };
const pq = (now = () => 0) => new ProcessQueue<M>(queue, { now });

describe('ProcessQueue offsets (concurrent consumption)', () => {
  it('returns −1 when nothing was ever put', () => {
    expect(pq().remove([])).toBe(-1);
    expect(pq().remove([m(5)])).toBe(-1);
  });

  it.each([
    ['in order', [10, 11, 12], [[10], [11], [12]], [11, 12, 13]],
    ['out of order: smallest held offset wins', [10, 11, 12], [[12], [11], [10]], [10, 10, 13]],
    ['middle first', [10, 11, 12, 13], [[11, 12], [13], [10]], [10, 10, 14]],
    ['gaps in offsets', [10, 20, 30], [[20], [10], [30]], [10, 30, 31]],
    ['unknown messages change nothing', [10, 11], [[99], [10]], [10, 11]],
  ])('%s', (_name, put, removals, expected) => {
    const q = pq();
    q.put(ms(...put));
    expect(removals.map((r) => q.remove(ms(...r)))).toEqual(expected);
  });

  it('keeps answering max + 1 once empty, and continues with new puts', () => {
    const q = pq();
    q.put(ms(5, 6));
    expect(q.remove(ms(5, 6))).toBe(7);
    expect(q.remove([])).toBe(7);
    q.put(ms(7, 8));
    expect(q.remove(ms(8))).toBe(7);
  });

  it('ignores duplicates and counts messages and bytes', () => {
    const q = pq();
    expect(q.put([m(1, 100), m(2, 50)])).toBe(2);
    expect(q.put([m(2, 50), m(3, 1)])).toBe(1);
    expect([q.count, q.bytes, q.span]).toEqual([3, 151, 2]);
    q.remove([m(2)]);
    expect([q.count, q.bytes, q.span]).toEqual([2, 101, 2]);
    q.remove([m(1), m(3)]);
    expect([q.count, q.bytes, q.span]).toEqual([0, 0, 0]);
  });

  it('handles out-of-order puts (e.g. after an offset reset)', () => {
    const q = pq();
    q.put(ms(10, 11));
    q.put(ms(5, 7));
    expect(q.cachedMessages().map((x) => x.queueOffset)).toEqual([5, 7, 10, 11]);
    expect(q.span).toBe(6);
    expect(q.remove(ms(5))).toBe(7);
  });

  it('property: the committable offset never exceeds the smallest offset still held', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200, size: 'medium' }),
        fc.array(fc.nat(), { maxLength: 300, size: 'medium' }),
        (offsets, picks) => {
          const q = pq();
          const held = new Set<number>();
          let maxSeen = -1;
          for (const [i, pick] of picks.entries()) {
            if (i % 3 === 0 && offsets.length > 0) {
              const o = offsets.pop()!;
              q.put([m(o)]);
              held.add(o);
              maxSeen = Math.max(maxSeen, o);
              continue;
            }
            const sorted = [...held].sort((a, b) => a - b);
            const target = sorted[pick % Math.max(1, sorted.length)];
            if (target !== undefined) held.delete(target);
            const committed = q.remove(target === undefined ? [] : [m(target)]);
            const min = held.size ? Math.min(...held) : maxSeen + 1;
            expect(committed).toBe(maxSeen < 0 ? -1 : min);
            expect(q.count).toBe(held.size);
          }
        },
      ),
    );
  });
});

describe('flow control over a process queue (what the pull loop asks before each pull)', () => {
  const base: FlowThresholds = { count: 1000, bytes: 1024, span: 2000, batch: 32 };
  it.each([
    [{}, undefined],
    // A pull needs room for a whole batch, or for the whole count threshold when that is smaller than a batch.
    [{ count: 35 }, undefined],
    [{ count: 34 }, 'count'],
    [{ count: 4, batch: 32 }, 'count'],
    [{ count: 6, batch: 3 }, undefined],
    // Bytes stop pulls once reached; the span once exceeded (Java's strictly-greater rule); no span check when orderly.
    [{ bytes: 31 }, undefined],
    [{ bytes: 30 }, 'bytes'],
    [{ span: 20 }, undefined],
    [{ span: 19 }, 'span'],
    [{ span: undefined }, undefined],
  ])('thresholds %j → %s', (overrides, expected) => {
    const q = pq();
    q.put([m(0), m(10), m(20)]);
    expect(blockedBy(q, { ...base, ...overrides })).toBe(expected);
  });

  it('asks for a batch, or for the room left under the count threshold (at least one)', () => {
    const q = pq();
    q.put([m(0), m(10), m(20)]);
    expect(pullSize(q, base)).toBe(32);
    expect(pullSize(q, { ...base, count: 20 })).toBe(17);
    expect(pullSize(q, { ...base, count: 3 })).toBe(1);
  });
});

describe('ProcessQueue orderly consumption', () => {
  it('takes the lowest offsets first and commits past the last one taken', () => {
    const q = pq();
    q.put(ms(3, 1, 2, 4));
    expect(q.takeMessages(2).map((x) => x.queueOffset)).toEqual([1, 2]);
    expect([q.count, q.consumingCount, q.span]).toEqual([4, 2, 1]);
    expect(q.commit()).toBe(3);
    expect([q.count, q.consumingCount, q.bytes]).toEqual([2, 0, 20]);
    expect(q.takeMessages(10).map((x) => x.queueOffset)).toEqual([3, 4]);
    expect(q.commit()).toBe(5);
    expect([q.count, q.bytes, q.hasCached]).toEqual([0, 0, false]);
  });

  it('commit with nothing taken returns −1', () => {
    const q = pq();
    q.put(ms(1));
    expect(q.commit()).toBe(-1);
    expect(q.count).toBe(1);
  });

  it('rollback puts every taken message back, in order', () => {
    const q = pq();
    q.put(ms(1, 2, 3));
    q.takeMessages(2);
    q.rollback();
    expect([q.consumingCount, q.count]).toEqual([0, 3]);
    expect(q.takeMessages(3).map((x) => x.queueOffset)).toEqual([1, 2, 3]);
  });

  it('makeMessagesToConsumeAgain returns the given ones and commit covers the rest', () => {
    const q = pq();
    q.put(ms(1, 2, 3));
    const taken = q.takeMessages(3);
    q.makeMessagesToConsumeAgain([taken[2]!]);
    expect(q.consumingCount).toBe(2);
    expect(q.commit()).toBe(3);
    expect(q.takeMessages(1).map((x) => x.queueOffset)).toEqual([3]);
  });

  it('does not re-add a message that is being consumed', () => {
    const q = pq();
    q.put(ms(1, 2));
    q.takeMessages(1);
    expect(q.put(ms(1))).toBe(0);
    expect(q.count).toBe(2);
  });

  it('the committable offset accounts for messages being consumed', () => {
    const q = pq();
    q.put(ms(1, 2, 3));
    q.takeMessages(1);
    expect(q.remove(ms(2, 3))).toBe(1);
  });
});

describe('ProcessQueue state and timestamps (injected clock)', () => {
  it('tracks pulls, consumption, locks and drop', () => {
    let now = 1000;
    const q = pq(() => now);
    expect([q.lastPullAt, q.lastConsumeAt, q.lastLockAt, q.locked, q.dropped]).toEqual([1000, 1000, 1000, false, false]);
    now = 2000;
    q.markPulled();
    q.markLocked();
    expect([q.lastPullAt, q.lastLockAt, q.locked]).toEqual([2000, 2000, true]);
    now = 32_000;
    expect(q.isLockExpired(30_000)).toBe(false);
    now = 32_001;
    expect(q.isLockExpired(30_000)).toBe(true);
    expect(q.isPullExpired(120_000)).toBe(false);
    now = 122_001;
    expect(q.isPullExpired(120_000)).toBe(true);
    q.put(ms(1));
    q.remove(ms(1));
    expect(q.lastConsumeAt).toBe(122_001);
    q.markUnlocked();
    q.markDropped();
    expect([q.locked, q.dropped]).toEqual([false, true]);
  });

  it('clear forgets everything, including the max offset seen', () => {
    const q = pq();
    q.put(ms(1, 2));
    q.takeMessages(1);
    q.clear();
    expect([q.count, q.bytes, q.consumingCount, q.remove([])]).toEqual([0, 0, 0, -1]);
  });

  it('first() is the lowest cached message', () => {
    const q = pq();
    expect(q.first()).toBeUndefined();
    q.put(ms(9, 4));
    expect(q.first()?.queueOffset).toBe(4);
  });
});

describe('ProcessQueue at volume', () => {
  it('handles 100k messages completed in random order quickly and exactly', () => {
    const q = pq();
    const n = 100_000;
    const all = Array.from({ length: n }, (_, i) => m(i, 1));
    for (let i = 0; i < n; i += 32) q.put(all.slice(i, i + 32));
    const order = [...all];
    let seed = 12345;
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const started = performance.now();
    const done = new Set<number>();
    let low = 0;
    for (const msg of order) {
      done.add(msg.queueOffset);
      while (done.has(low)) low++;
      const committed = q.remove([msg]);
      if (committed !== (low === n ? n : low)) throw new Error(`offset ${committed} != ${low}`);
    }
    expect(q.count).toBe(0);
    // generous bound for a loaded 2-core machine; a splice-per-removal structure takes far longer
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
