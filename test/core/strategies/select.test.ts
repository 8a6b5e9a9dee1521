import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import { hashIndex, hashSelector } from '../../../core/strategies/select/hash.js';
import { LatencyFaultTable } from '../../../core/strategies/select/latency-fault-table.js';
import { positionOf } from '../../../core/strategies/select/queue-selector.js';
import { randomSelector } from '../../../core/strategies/select/random.js';
import { roundRobinSelector } from '../../../core/strategies/select/round-robin.js';

const mq = (brokerName: string, queueId: number): MessageQueue => ({ topic: 'T', brokerName, queueId });
const name = (q: MessageQueue | undefined) => (q ? `${q.brokerName}:${q.queueId}` : 'none');
const QUEUES = [mq('a', 0), mq('a', 1), mq('b', 0), mq('b', 1)];

function pickMany(select: ReturnType<typeof roundRobinSelector>, n: number, queues = QUEUES, ctx = {}): string[] {
  return Array.from({ length: n }, () => name(select(queues, ctx)));
}

describe('roundRobinSelector without fault avoidance', () => {
  it('walks the queues in order from the counter after the start index', () => {
    expect(pickMany(roundRobinSelector({ startIndex: 0 }), 6)).toEqual(['a:1', 'b:0', 'b:1', 'a:0', 'a:1', 'b:0']);
  });

  it('masks the counter to 31 bits like Java (no negative positions on overflow)', () => {
    expect(positionOf(0x7fffffff, 4)).toBe(3);
    expect(positionOf(0x80000000, 4)).toBe(0);
    expect(pickMany(roundRobinSelector({ startIndex: 0x7ffffffe }), 3)).toEqual(['b:1', 'a:0', 'a:1']);
  });

  it.each([
    ['skips the last broker on a retry', 0, 'a', 'b:0'],
    ['keeps walking until it leaves the last broker', 1, 'b', 'a:0'],
    ['takes the next queue when every queue is on the last broker', 0, 'x', 'a:1'],
  ])('%s', (_name, startIndex, lastBrokerName, expected) => {
    const select = roundRobinSelector({ startIndex });
    expect(name(select(QUEUES, { lastBrokerName }))).toBe(expected);
  });

  it('falls back to plain round robin when only the last broker has queues', () => {
    const onlyA = [mq('a', 0), mq('a', 1)];
    const select = roundRobinSelector({ startIndex: 0 });
    // two probes (1, 2) both on 'a', then one more step (3)
    expect(name(select(onlyA, { lastBrokerName: 'a' }))).toBe('a:1');
    expect(name(select(onlyA, {}))).toBe('a:0');
  });

  it('returns undefined for no queues; each selector has its own counter', () => {
    const s1 = roundRobinSelector({ startIndex: 0 });
    const s2 = roundRobinSelector({ startIndex: 0 });
    expect(s1([], {})).toBeUndefined();
    s1(QUEUES, {});
    expect(name(s2(QUEUES, {}))).toBe('a:1');
  });
});

describe('LatencyFaultTable (Java MQFaultStrategy + LatencyFaultToleranceImpl)', () => {
  it.each([
    [0, 0], [49, 0], [50, 0], [100, 0], [549, 0], [550, 30_000], [999, 30_000], [1000, 60_000],
    [2000, 120_000], [3000, 180_000], [14_999, 180_000], [15_000, 600_000], [60_000, 600_000],
  ])('latency %i ms → unavailable for %i ms', (latency, duration) => {
    expect(new LatencyFaultTable().notAvailableDurationFor(latency)).toBe(duration);
  });

  it('marks a broker unavailable until the duration has passed (injected clock)', () => {
    let now = 1_000_000;
    const table = new LatencyFaultTable({ now: () => now });
    expect(table.isAvailable('a')).toBe(true);
    table.update('a', 600);
    expect(table.isAvailable('a')).toBe(false);
    now += 29_999;
    expect(table.isAvailable('a')).toBe(false);
    now += 1;
    expect(table.isAvailable('a')).toBe(true);
  });

  it('treats an isolated failure as 30 s of latency (600 s unavailable)', () => {
    let now = 0;
    const table = new LatencyFaultTable({ now: () => now });
    table.update('a', 10, true);
    now = 599_999;
    expect(table.isAvailable('a')).toBe(false);
    now = 600_000;
    expect(table.isAvailable('a')).toBe(true);
  });

  it('a fast send makes the broker available again at once', () => {
    const table = new LatencyFaultTable({ now: () => 0 });
    table.update('a', 5000);
    table.update('a', 10);
    expect(table.isAvailable('a')).toBe(true);
  });

  it('pickOneAtLeast: the best broker when one is known, turns among the better half otherwise', () => {
    const table = new LatencyFaultTable({ now: () => 0 });
    expect(table.pickOneAtLeast()).toBeUndefined();
    table.update('slow', 3000);
    expect(table.pickOneAtLeast()).toBe('slow');
    table.update('slower', 15_000);
    table.update('fast', 600);
    table.update('fastest', 550);
    // sorted: fastest(550), fast(600), slow(3000), slower(15000); half = 2 → alternate the first two
    expect([table.pickOneAtLeast(), table.pickOneAtLeast(), table.pickOneAtLeast()]).toEqual(['fast', 'fastest', 'fast']);
  });
});

describe('roundRobinSelector with a fault table', () => {
  it('skips brokers the table marks unavailable', () => {
    const table = new LatencyFaultTable({ now: () => 0 });
    table.update('a', 2000);
    expect(pickMany(roundRobinSelector({ startIndex: 0, faultTable: table }), 4)).toEqual(['b:0', 'b:1', 'b:0', 'b:1']);
  });

  it('on a retry prefers an available broker other than the last', () => {
    const table = new LatencyFaultTable({ now: () => 0 });
    const queues = [...QUEUES, mq('c', 0)];
    table.update('c', 2000);
    const select = roundRobinSelector({ startIndex: 0, faultTable: table });
    expect(name(select(queues, { lastBrokerName: 'a' }))).toBe('b:0');
  });

  it('falls back on the least-bad broker when all are unavailable', () => {
    const table = new LatencyFaultTable({ now: () => 0 });
    table.update('a', 15_000);
    table.update('b', 1000);
    const select = roundRobinSelector({ startIndex: 0, faultTable: table });
    expect(select(QUEUES, {})?.brokerName).toBe('b');
  });

  it('forgets a fallback broker that has no queue for this topic', () => {
    let now = 0;
    const table = new LatencyFaultTable({ now: () => now });
    table.update('gone', 600);
    table.update('a', 15_000);
    table.update('b', 15_000);
    const select = roundRobinSelector({ startIndex: 0, faultTable: table });
    expect(select(QUEUES, {})).toBeDefined();
    now = 30_000; // were 'gone' still in the table, it would now be available and picked first
    expect(table.pickOneAtLeast()).not.toBe('gone');
  });
});

describe('hashSelector (Java SelectMessageQueueByHash)', () => {
  // Expected indexes computed by Java: Math.abs(key.hashCode() % n)
  it.each([
    ['order-1', 4, 2], ['order-1', 7, 6], ['order-1', 8, 6],
    ['polygenelubricants', 4, 0], ['polygenelubricants', 7, 2], // hashCode = Integer.MIN_VALUE
    ['', 4, 0], ['TagA', 4, 3], ['TagA', 7, 1], ['user:42', 4, 3], ['user:42', 8, 3],
    ['中文', 4, 2], ['Aa', 7, 5], ['BB', 7, 5],
  ])('%j over %i queues → %i', (key, n, expected) => {
    expect(hashIndex(key, n)).toBe(expected);
  });

  it('picks the same queue for the same key and stays in range', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (key, n) => {
        const queues = Array.from({ length: n }, (_, i) => mq('a', i));
        const first = hashSelector(queues, { shardingKey: key });
        expect(first).toBeDefined();
        expect(hashSelector(queues, { shardingKey: key })).toBe(first);
      }),
    );
  });

  it('requires a sharding key', () => {
    expect(() => hashSelector(QUEUES, {})).toThrow(expect.objectContaining({ kind: 'invalid-message', field: 'shardingKey' }));
    expect(hashSelector([], {})).toBeUndefined();
  });
});

describe('randomSelector', () => {
  it.each([
    [0, 'a:0'], [0.25, 'a:1'], [0.5, 'b:0'], [0.999999, 'b:1'],
  ])('random %d → %s', (r, expected) => {
    expect(name(randomSelector(() => r)(QUEUES, {}))).toBe(expected);
  });

  it('returns undefined for no queues', () => {
    expect(randomSelector(() => 0)([], {})).toBeUndefined();
  });
});
