import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { makeConsumer, memoryBroker, offsetsByQueue, qa } from './harness.js';

describe('PullConsumer: flow control', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with a slow poller and a big backlog the buffer stays within the queue threshold and no pull goes out while it is full', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 3_000);
    const threshold = 100;
    const { consumer, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', pullThresholdForQueue: threshold });
    broker.probe = () => consumer.bufferedCount;
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.bufferedCount).toBe(threshold);
    const pullsWhenFull = broker.pulls.length;
    // Nobody polls for a minute: demand, not a timer, drives the pulls.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broker.pulls.length).toBe(pullsWhenFull);
    expect(events).toContainEqual({ type: 'flow-control', queue: qa(0), reason: 'count', paused: true });

    const got: ReceivedMessage[] = [];
    let peak = 0;
    while (got.length < 3_000) {
      got.push(...(await consumer.poll()));
      peak = Math.max(peak, consumer.bufferedCount);
      await vi.advanceTimersByTimeAsync(100); // the slow handler
      peak = Math.max(peak, consumer.bufferedCount);
    }
    expect(peak).toBeLessThanOrEqual(threshold);
    // Every pull went out with room for a whole batch of 10.
    expect(Math.max(...broker.pulls.map((p) => p.probe))).toBeLessThanOrEqual(threshold - 10);
    expect(broker.pulls.every((p) => p.req.maxMsgNums === 10)).toBe(true);
    expect(offsetsByQueue(got).get('broker-a/0')).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    expect(events).toContainEqual({ type: 'flow-control', queue: qa(0), reason: 'count', paused: false });
    await consumer.shutdown();
  });

  it('stops a queue at its byte threshold (overshooting by at most one pull)', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 500, { bodyBytes: 1_000 });
    const { consumer, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', pullThresholdBytesForQueue: 25_000 });
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(consumer.bufferedCount).toBe(30);
    expect(events).toContainEqual({ type: 'flow-control', queue: qa(0), reason: 'bytes', paused: true });
    const pulls = broker.pulls.length;
    await consumer.poll();
    await vi.advanceTimersByTimeAsync(0);
    expect(broker.pulls.length).toBe(pulls + 1);
    await consumer.shutdown();
  });

  it('stops every queue while the consumer holds pullThresholdForAll messages', async () => {
    const broker = memoryBroker();
    for (const id of [0, 1, 2, 3]) broker.append(qa(id), 200);
    const { consumer } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', pullThresholdForAll: 50 });
    broker.probe = () => consumer.bufferedCount;
    consumer.assign([qa(0), qa(1), qa(2), qa(3)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(10_000);
    const full = consumer.bufferedCount;
    expect(full).toBeGreaterThanOrEqual(50);
    expect(full).toBeLessThanOrEqual(50 + 3 * 10); // concurrent pulls of the other queues may each add a batch
    const pulls = broker.pulls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(broker.pulls.length).toBe(pulls);
    expect(broker.pulls.every((p) => p.probe <= 40)).toBe(true);
    let polled = 0;
    while (polled < 800) {
      polled += (await consumer.poll()).length;
      expect(consumer.bufferedCount).toBeLessThanOrEqual(80);
    }
    await consumer.shutdown();
  });

  it('pause stops a queue\'s pulls (what it buffered can still be polled) until resume', async () => {
    const broker = memoryBroker();
    const { consumer } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0), qa(1)]);
    consumer.pause([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(broker.pullsOf(qa(0))).toHaveLength(0);
    expect(broker.pullsOf(qa(1))).toHaveLength(1);
    broker.append(qa(0), 3);
    broker.append(qa(1), 3);
    const first = await consumer.poll();
    expect(first.every((m) => m.queue.queueId === 1)).toBe(true);
    consumer.resume([qa(0)]);
    const second = await consumer.poll();
    expect(second.map((m) => m.queueOffset)).toEqual([0, 1, 2]);
    expect(second.every((m) => m.queue.queueId === 0)).toBe(true);
    await consumer.shutdown();
  });
});
