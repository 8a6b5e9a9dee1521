import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import { sortForAllocation, type AllocateStrategy } from '../../../core/strategies/allocate/allocate-strategy.js';
import { allocateAveragely } from '../../../core/strategies/allocate/averagely.js';
import { allocateAveragelyByCircle } from '../../../core/strategies/allocate/averagely-by-circle.js';
import { allocateByConfig } from '../../../core/strategies/allocate/by-config.js';
import {
  allocateConsistentHash,
  md5RingHash,
  messageQueueString,
} from '../../../core/strategies/allocate/consistent-hash.js';

function queues(topic: string, brokers: string[], perBroker: number): MessageQueue[] {
  return brokers.flatMap((brokerName) => Array.from({ length: perBroker }, (_, queueId) => ({ topic, brokerName, queueId })));
}

/** Allocation for every client, as `broker:queueId` lists keyed by client id. */
function allocateAll(strategy: AllocateStrategy, mqAll: MessageQueue[], cids: string[]): Record<string, string[]> {
  const sorted = sortForAllocation(mqAll, cids);
  const out: Record<string, string[]> = {};
  for (const currentCid of sorted.cidAll) {
    out[currentCid] = strategy({ group: 'G', currentCid, ...sorted }).map((q) => `${q.brokerName}:${q.queueId}`);
  }
  return out;
}

const AB = ['broker-a', 'broker-b'];
const C3 = ['c1', 'c2', 'c3'];

// Expected values were produced by running the Java 4.9.8 strategy classes on the same inputs.
describe('allocateAveragely (Java AllocateMessageQueueAveragely)', () => {
  it.each([
    ['8 queues / 3 consumers → 3/3/2', queues('T', AB, 4), C3,
      { c1: ['broker-a:0', 'broker-a:1', 'broker-a:2'], c2: ['broker-a:3', 'broker-b:0', 'broker-b:1'], c3: ['broker-b:2', 'broker-b:3'] }],
    ['2 queues / 3 consumers → 1/1/0', queues('T', ['broker-a'], 2), C3,
      { c1: ['broker-a:0'], c2: ['broker-a:1'], c3: [] }],
    ['5 / 2', queues('T', ['broker-a'], 5), ['c1', 'c2'],
      { c1: ['broker-a:0', 'broker-a:1', 'broker-a:2'], c2: ['broker-a:3', 'broker-a:4'] }],
    ['10 / 4', queues('T', AB, 5), ['c1', 'c2', 'c3', 'c4'],
      { c1: ['broker-a:0', 'broker-a:1', 'broker-a:2'], c2: ['broker-a:3', 'broker-a:4', 'broker-b:0'], c3: ['broker-b:1', 'broker-b:2'], c4: ['broker-b:3', 'broker-b:4'] }],
    ['7 / 5', queues('T', ['broker-a'], 7), ['c1', 'c2', 'c3', 'c4', 'c5'],
      { c1: ['broker-a:0', 'broker-a:1'], c2: ['broker-a:2', 'broker-a:3'], c3: ['broker-a:4'], c4: ['broker-a:5'], c5: ['broker-a:6'] }],
    ['3 / 3', queues('T', ['broker-a'], 3), C3, { c1: ['broker-a:0'], c2: ['broker-a:1'], c3: ['broker-a:2'] }],
  ])('%s', (_name, mqAll, cids, expected) => {
    expect(allocateAll(allocateAveragely, mqAll, cids)).toEqual(expected);
  });

  it('sorts its inputs like Java when the caller uses sortForAllocation', () => {
    const shuffled = [...queues('T', AB, 4)].reverse();
    expect(allocateAll(allocateAveragely, shuffled, ['c3', 'c1', 'c2']).c1).toEqual(['broker-a:0', 'broker-a:1', 'broker-a:2']);
  });
});

describe('allocateAveragelyByCircle (Java AllocateMessageQueueAveragelyByCircle)', () => {
  it.each([
    ['8 / 3', queues('T', AB, 4), C3,
      { c1: ['broker-a:0', 'broker-a:3', 'broker-b:2'], c2: ['broker-a:1', 'broker-b:0', 'broker-b:3'], c3: ['broker-a:2', 'broker-b:1'] }],
    ['2 / 3', queues('T', ['broker-a'], 2), C3, { c1: ['broker-a:0'], c2: ['broker-a:1'], c3: [] }],
    ['5 / 2', queues('T', ['broker-a'], 5), ['c1', 'c2'],
      { c1: ['broker-a:0', 'broker-a:2', 'broker-a:4'], c2: ['broker-a:1', 'broker-a:3'] }],
    ['10 / 4', queues('T', AB, 5), ['c1', 'c2', 'c3', 'c4'],
      { c1: ['broker-a:0', 'broker-a:4', 'broker-b:3'], c2: ['broker-a:1', 'broker-b:0', 'broker-b:4'], c3: ['broker-a:2', 'broker-b:1'], c4: ['broker-a:3', 'broker-b:2'] }],
    ['7 / 5', queues('T', ['broker-a'], 7), ['c1', 'c2', 'c3', 'c4', 'c5'],
      { c1: ['broker-a:0', 'broker-a:5'], c2: ['broker-a:1', 'broker-a:6'], c3: ['broker-a:2'], c4: ['broker-a:3'], c5: ['broker-a:4'] }],
  ])('%s', (_name, mqAll, cids, expected) => {
    expect(allocateAll(allocateAveragelyByCircle, mqAll, cids)).toEqual(expected);
  });
});

describe('allocateConsistentHash (Java AllocateMessageQueueConsistentHash + ConsistentHashRouter)', () => {
  const ips = ['192.168.0.1@1234#1', '192.168.0.2@5678#2', '192.168.0.3@9012#3'];

  it('keys a queue by Java MessageQueue.toString()', () => {
    expect(messageQueueString({ topic: 'T', brokerName: 'b', queueId: 3 })).toBe('MessageQueue [topic=T, brokerName=b, queueId=3]');
  });

  it('hashes with the first 4 MD5 bytes, big-endian and unsigned', () => {
    // md5("") = d41d8cd98f00b204e9800998ecf8427e
    expect(md5RingHash('')).toBe(0xd41d8cd9);
    // md5("a") = 0cc175b9c0f1b6a831c399e269772661
    expect(md5RingHash('a')).toBe(0x0cc175b9);
  });

  it.each([
    ['10 virtual nodes, 8 queues / 3 clients', allocateConsistentHash(), queues('TopicTest', AB, 4), ips, {
      [ips[0]!]: ['broker-a:0', 'broker-a:1', 'broker-b:2', 'broker-b:3'],
      [ips[1]!]: ['broker-a:2', 'broker-a:3', 'broker-b:1'],
      [ips[2]!]: ['broker-b:0'],
    }],
    ['10 virtual nodes, 16 queues / 2 clients', allocateConsistentHash(10), queues('TopicTest', AB, 8), ips.slice(0, 2), {
      [ips[0]!]: ['broker-a:0', 'broker-a:1', 'broker-a:7', 'broker-b:0', 'broker-b:2', 'broker-b:3', 'broker-b:6'],
      [ips[1]!]: ['broker-a:2', 'broker-a:3', 'broker-a:4', 'broker-a:5', 'broker-a:6', 'broker-b:1', 'broker-b:4', 'broker-b:5', 'broker-b:7'],
    }],
    ['3 virtual nodes, 8 queues / 3 clients', allocateConsistentHash(3), queues('TopicTest', AB, 4), ips, {
      [ips[0]!]: ['broker-a:1'],
      [ips[1]!]: ['broker-a:0', 'broker-a:3', 'broker-b:2', 'broker-b:3'],
      [ips[2]!]: ['broker-a:2', 'broker-b:0', 'broker-b:1'],
    }],
    ['10 virtual nodes, 12 queues on 3 brokers / 4 clients', allocateConsistentHash(), queues('OrderTopic', ['broker-a', 'broker-b', 'broker-c'], 4), ['c1', 'c2', 'c3', 'c4'], {
      c1: ['broker-b:0', 'broker-b:1'],
      c2: ['broker-a:0', 'broker-a:1', 'broker-a:2', 'broker-b:3', 'broker-c:2'],
      c3: ['broker-c:0', 'broker-c:1', 'broker-c:3'],
      c4: ['broker-a:3', 'broker-b:2'],
    }],
  ])('%s', (_name, strategy, mqAll, cids, expected) => {
    expect(allocateAll(strategy, mqAll, cids)).toEqual(expected);
  });

  it('rejects a non-positive virtual node count', () => {
    expect(() => allocateConsistentHash(0)).toThrow(expect.objectContaining({ kind: 'invalid-option', field: 'virtualNodes' }));
  });
});

describe('allocateByConfig', () => {
  it('returns the configured queues, as Java does', () => {
    const mine = queues('T', ['broker-a'], 2);
    const strategy = allocateByConfig(mine);
    expect(strategy({ group: 'G', currentCid: 'c1', mqAll: queues('T', AB, 4), cidAll: ['c1', 'c2'] })).toEqual(mine);
  });
});

describe('every strategy', () => {
  const strategies: [string, AllocateStrategy][] = [
    ['averagely', allocateAveragely],
    ['by circle', allocateAveragelyByCircle],
    ['consistent hash', allocateConsistentHash()],
  ];
  const input = fc.record({
    brokers: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 3 }),
    perBroker: fc.integer({ min: 1, max: 8 }),
    cids: fc.uniqueArray(fc.stringMatching(/^[0-9a-z@#.]{1,12}$/), { minLength: 1, maxLength: 7 }),
  });

  it.each(strategies)('%s: each queue goes to exactly one consumer', (_name, strategy) => {
    fc.assert(
      fc.property(input, ({ brokers, perBroker, cids }) => {
        const sorted = sortForAllocation(queues('T', brokers, perBroker), cids);
        const owners = new Map<string, number>();
        for (const currentCid of sorted.cidAll) {
          for (const q of strategy({ group: 'G', currentCid, ...sorted })) {
            const key = `${q.brokerName}#${q.queueId}`;
            owners.set(key, (owners.get(key) ?? 0) + 1);
          }
        }
        expect(owners.size).toBe(sorted.mqAll.length);
        expect([...owners.values()].every((n) => n === 1)).toBe(true);
      }),
    );
  });

  it.each(strategies)('%s: nothing for a client missing from cidAll, or with no queues', (_name, strategy) => {
    fc.assert(
      fc.property(input, fc.string(), ({ brokers, perBroker, cids }, stranger) => {
        fc.pre(!cids.includes(stranger));
        const sorted = sortForAllocation(queues('T', brokers, perBroker), cids);
        expect(strategy({ group: 'G', currentCid: stranger, ...sorted })).toEqual([]);
        expect(strategy({ group: 'G', currentCid: cids[0]!, mqAll: [], cidAll: sorted.cidAll })).toEqual([]);
      }),
    );
  });

  it('averagely: sizes differ by at most one, larger blocks first', () => {
    fc.assert(
      fc.property(input, ({ brokers, perBroker, cids }) => {
        const sorted = sortForAllocation(queues('T', brokers, perBroker), cids);
        const sizes = sorted.cidAll.map((currentCid) => allocateAveragely({ group: 'G', currentCid, ...sorted }).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      }),
    );
  });
});
