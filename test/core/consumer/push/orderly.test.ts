import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import type { SendBackRequest } from '../../../../core/ports/broker-port.js';
import { advance, BROKER_A, GROUP, harness, mq, settle, TOPIC } from './harness.js';

const orderly = { orderly: true } as const;
const topicQueues = (calls: { args: readonly unknown[] }[]) =>
  calls.flatMap((c) => (c.args[2] as MessageQueue[]).filter((q) => q.topic === TOPIC).map((q) => q.queueId));

describe('push consumer: orderly', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks each queue at its broker before pulling it; a queue locked by another client is not taken this round', async () => {
    const h = harness({ handler: () => undefined, options: orderly, brokers: [{ ...BROKER_A, queues: 2 }] });
    h.cluster.locks.set('T1@broker-a#1', 'someone-else');
    await h.consumer.start();
    await settle();
    const methods = h.port.calls.filter((c) => c.method === 'lockBatch' || c.method === 'pull').map((c) => c.method);
    expect(methods[0]).toBe('lockBatch');
    const firstPullIndex = h.port.calls.findIndex((c) => c.method === 'pull' && (c.args[0] as { queue: MessageQueue }).queue.queueId === 0);
    const lockIndex = h.port.calls.findIndex((c) => c.method === 'lockBatch' && (c.args[2] as MessageQueue[]).some((q) => q.queueId === 0 && q.topic === TOPIC));
    expect(lockIndex).toBeLessThan(firstPullIndex);
    const lock = h.port.callsOf('lockBatch')[0]!;
    expect([lock.addr, lock.args[0], lock.args[1]]).toEqual([BROKER_A.addr, GROUP, '10.0.0.5@c1']);
    expect(h.cluster.pullsOf(mq(1))).toHaveLength(0);
    expect(h.eventsOf('lock-failed').map((e) => e.queue.queueId)).toEqual([1]);
    h.cluster.locks.delete('T1@broker-a#1');
    await advance(20_000);
    expect(h.cluster.pullsOf(mq(1))).toHaveLength(1);
    await h.consumer.shutdown();
  });

  it('never hands two messages of one queue to the handler at once, and keeps their order', async () => {
    const active = new Map<number, number>();
    let maxActive = 0;
    let maxTotal = 0;
    const order = new Map<number, number[]>();
    const h = harness({
      handler: (m) => {
        const q = m.queue.queueId;
        active.set(q, (active.get(q) ?? 0) + 1);
        maxActive = Math.max(maxActive, active.get(q)!);
        maxTotal = Math.max(maxTotal, [...active.values()].reduce((a, b) => a + b, 0));
        order.set(q, [...(order.get(q) ?? []), m.queueOffset]);
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            active.set(q, active.get(q)! - 1);
            resolve();
          }, 1 + ((m.queueOffset * 7 + q * 3) % 11)),
        );
      },
      options: { ...orderly, consumeConcurrency: 3 },
    });
    for (let q = 0; q < 4; q++) h.cluster.append(mq(q), 40);
    await h.consumer.start();
    await settle();
    await advance(3_000);
    expect([...order.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const offsets of order.values()) expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(maxActive).toBe(1);
    expect(maxTotal).toBe(3);
    await h.consumer.shutdown();
  });

  it('a failure suspends the queue for 1 s and redelivers the same message first, with a raised reconsume count', async () => {
    const seen: string[] = [];
    let failed = false;
    const t0 = Date.now();
    const h = harness({
      handler: (m: ReceivedMessage) => {
        seen.push(`${Date.now() - t0}:${m.queueOffset}:r${m.reconsumeTimes}`);
        if (m.queueOffset === 1 && !failed) {
          failed = true;
          throw new Error('not yet');
        }
      },
      options: orderly,
      brokers: [{ ...BROKER_A, queues: 1 }],
    });
    h.cluster.append(mq(0), 3);
    await h.consumer.start();
    await settle();
    expect(seen).toEqual(['0:0:r0', '0:1:r0']);
    await advance(999);
    expect(seen).toHaveLength(2);
    await advance(1);
    expect(seen.slice(2)).toEqual(['1000:1:r1', '1000:2:r0']);
    expect(h.eventsOf('retry')).toMatchObject([{ via: 'local', delayMs: 1_000, reconsumeTimes: 1 }]);
    expect(h.port.callsOf('sendMessageBack')).toHaveLength(0);
    await h.consumer.shutdown();
  });

  it('past maxReconsumeTimes (16 by default, finite) the message goes to the DLQ and the queue moves on', async () => {
    const seen: number[] = [];
    const h = harness({
      handler: (m) => {
        seen.push(m.queueOffset);
        if (m.queueOffset === 0) throw new Error('poison');
      },
      options: { ...orderly, maxReconsumeTimes: 2 },
      brokers: [{ ...BROKER_A, queues: 1 }],
    });
    h.cluster.append(mq(0), 2);
    await h.consumer.start();
    await settle();
    await advance(2_000);
    expect(seen).toEqual([0, 0, 0, 1]);
    const back = h.port.callsOf('sendMessageBack')[0]!.args[0] as SendBackRequest;
    expect(back).toMatchObject({ delayLevel: -1, maxReconsumeTimes: 2, originTopic: TOPIC });
    expect(h.eventsOf('dead-letter')).toMatchObject([{ reconsumeTimes: 2 }]);
    expect(h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.committedOffset).toBe(2);
    await h.consumer.shutdown();
  });

  it('renews locks every 20 s; a lock not renewed for 30 s stops consumption until the queue is locked again', async () => {
    const seen: number[] = [];
    const h = harness({ handler: (m) => void seen.push(m.queueOffset), options: orderly, brokers: [{ ...BROKER_A, queues: 1 }] });
    await h.consumer.start();
    await settle();
    const locks = () => topicQueues(h.port.callsOf('lockBatch')).length;
    expect(locks()).toBe(1);
    await advance(1_000);
    expect(locks()).toBe(2);
    await advance(20_000);
    expect(locks()).toBe(3);
    h.port.overrides.lockBatch = async () => {
      throw new Error('broker unreachable');
    };
    await advance(20_000);
    await advance(10_001);
    expect(h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.locked).toBe(false);
    h.cluster.append(mq(0), 2);
    await advance(15_000);
    expect(seen).toEqual([]);
    delete h.port.overrides.lockBatch;
    h.cluster.attach(h.port);
    await advance(3_000);
    await settle();
    expect(seen).toEqual([0, 1]);
    await h.consumer.shutdown();
  });

  it('a lock the broker no longer grants is reported as lost', async () => {
    const h = harness({ handler: () => undefined, options: orderly, brokers: [{ ...BROKER_A, queues: 1 }] });
    await h.consumer.start();
    await settle();
    h.cluster.locks.set('T1@broker-a#0', 'thief');
    await advance(1_000);
    expect(h.eventsOf('lock-lost').map((e) => e.queue.topic)).toEqual([TOPIC]);
    expect(h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.locked).toBe(false);
    await h.consumer.shutdown();
  });

  it('on queue loss waits for the running handler, then commits and unlocks; on shutdown unlocks the rest', async () => {
    let finish: () => void = () => undefined;
    const h = harness({
      handler: (m) => (m.queueOffset === 0 && m.queue.queueId === 1 ? new Promise<void>((r) => (finish = r)) : undefined),
      options: orderly,
      brokers: [{ ...BROKER_A, queues: 2 }],
    });
    h.cluster.append(mq(1), 2);
    await h.consumer.start();
    await settle();
    h.cluster.consumerIds = ['10.0.0.5@c1', '10.0.0.9@other'];
    h.port.handlers!.notifyConsumerIdsChanged(GROUP);
    await settle();
    expect(topicQueues(h.port.callsOf('unlockBatch'))).toEqual([]);
    expect(h.cluster.locks.get('T1@broker-a#1')).toBe('10.0.0.5@c1');
    finish();
    await settle();
    expect(topicQueues(h.port.callsOf('unlockBatch'))).toEqual([1]);
    expect(h.cluster.committed.get('T1@broker-a#1')).toBe(1);
    expect(h.cluster.locks.has('T1@broker-a#1')).toBe(false);
    await h.consumer.shutdown();
    const last = h.port.callsOf('unlockBatch').at(-1)!;
    expect(topicQueues([last])).toEqual([0]);
    expect(last.args[3]).toBe(false);
  });
});
