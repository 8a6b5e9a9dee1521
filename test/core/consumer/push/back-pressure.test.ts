import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { advance, BROKER_A, harness, mq, settle, TOPIC } from './harness.js';

const MiB = 1024 * 1024;

/** A slow handler: each call waits until the test finishes it. */
function slowHandler() {
  const running: { message: ReceivedMessage; done: () => void }[] = [];
  const handled: number[] = [];
  const handler = (message: ReceivedMessage) =>
    new Promise<void>((resolve) =>
      running.push({
        message,
        done: () => {
          handled.push(message.queueOffset);
          resolve();
        },
      }),
    );
  const finish = (n = running.length) => {
    for (const r of running.splice(0, n)) r.done();
  };
  return { handler, running, handled, finish };
}

describe('push consumer: back-pressure', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a slow handler on a large backlog: held messages never exceed 1000, no pull while full, pulls resume as handlers finish', async () => {
    const slow = slowHandler();
    const h = harness({ handler: slow.handler, brokers: [{ ...BROKER_A, queues: 1 }] });
    h.cluster.append(mq(0), 5_000);
    const violations: string[] = [];
    h.cluster.onPull = (req) => {
      if (req.queue.topic !== TOPIC) return;
      const held = h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.cachedCount;
      if (held + req.maxMsgNums > 1_000) violations.push(`pull of ${req.maxMsgNums} with ${held} held`);
    };
    await h.consumer.start();
    await settle();

    const stats = () => h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!;
    expect(stats().cachedCount).toBe(992);
    expect(slow.running).toHaveLength(20);
    const pullsWhenFull = h.cluster.pullsOf(mq(0)).length;
    expect(pullsWhenFull).toBe(31);
    expect(stats().flowControl).toBe('count');
    expect(h.eventsOf('flow-control')[0]).toMatchObject({ reason: 'count', paused: true });

    await advance(60_000);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(pullsWhenFull);

    slow.finish(20);
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(pullsWhenFull);
    slow.finish(4);
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(pullsWhenFull + 1);
    expect(h.eventsOf('flow-control').some((e) => !e.paused)).toBe(true);

    while (slow.handled.length < 5_000) {
      expect(slow.running.length).toBeGreaterThan(0);
      slow.finish();
      await settle();
      expect(stats().cachedCount).toBeLessThanOrEqual(1_000);
    }
    expect(violations).toEqual([]);
    expect(h.consumer.stats().counters.peakQueueCount).toBeLessThanOrEqual(1_000);
    expect(stats().peakCount).toBe(1_000);
    expect(slow.handled).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    await advance(5_000);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(5_000);
    await h.consumer.shutdown();
  });

  it('stops at the byte threshold and resumes when handlers bring the bytes back under it', async () => {
    const slow = slowHandler();
    const h = harness({
      handler: slow.handler,
      brokers: [{ ...BROKER_A, queues: 1 }],
      options: { pullBatchSize: 4, pullThresholdBytesForQueue: 10 * MiB },
    });
    h.cluster.append(mq(0), 40, { bodySize: MiB });
    await h.consumer.start();
    await settle();
    const q = () => h.consumer.stats().queues.find((s) => s.queue.topic === TOPIC)!;
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(3);
    expect(q().cachedBytes).toBe(12 * MiB);
    expect(q().flowControl).toBe('bytes');
    await advance(30_000);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(3);
    slow.finish(2);
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(3);
    slow.finish(1);
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(4);
    expect(h.consumer.stats().counters.peakQueueBytes).toBeLessThanOrEqual(10 * MiB + 4 * MiB);
    slow.finish();
    await h.consumer.shutdown();
  });

  it('stops while the cached offsets span more than consumeConcurrentlyMaxSpan, resumes when the low offsets finish', async () => {
    const slow = slowHandler();
    const h = harness({
      handler: slow.handler,
      brokers: [{ ...BROKER_A, queues: 1 }],
      options: { consumeConcurrentlyMaxSpan: 100, consumeConcurrency: 200 },
    });
    h.cluster.append(mq(0), 1_000);
    await h.consumer.start();
    await settle();
    const q = () => h.consumer.stats().queues.find((s) => s.queue.topic === TOPIC)!;
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(4);
    expect(q().span).toBe(127);
    expect(q().cachedCount).toBe(128);
    expect(q().flowControl).toBe('span');
    await advance(60_000);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(4);
    slow.finish(26);
    await settle();
    expect(q().span).toBe(101);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(4);
    slow.finish(1);
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(5);
    expect(q().committedOffset).toBe(27);
    slow.finish();
    await h.consumer.shutdown();
  });

  it('pause() stops pulls of a topic or a queue; resume() restarts them', async () => {
    const seen: number[] = [];
    const h = harness({ handler: (m) => void seen.push(m.queueOffset), brokers: [{ ...BROKER_A, queues: 2 }] });
    await h.consumer.start();
    await settle();
    h.consumer.pause(TOPIC);
    await advance(15_000);
    const before = h.cluster.pullsOf(mq(0)).length;
    h.cluster.append(mq(0), 3);
    await advance(30_000);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(before);
    expect(seen).toEqual([]);
    expect(h.consumer.stats().queues.find((q) => q.queue.queueId === 0 && q.queue.topic === TOPIC)?.paused).toBe(true);
    h.consumer.resume(TOPIC);
    h.consumer.pause(mq(1));
    await settle();
    expect(seen).toEqual([0, 1, 2]);
    expect(h.cluster.pullsOf(mq(0)).length).toBe(before + 2);
    const q1 = h.cluster.pullsOf(mq(1)).length;
    await advance(30_000);
    expect(h.cluster.pullsOf(mq(1)).length).toBe(q1);
    h.consumer.resume(mq(1));
    await settle();
    expect(h.cluster.pullsOf(mq(1)).length).toBe(q1 + 1);
    await h.consumer.shutdown();
  });
});
