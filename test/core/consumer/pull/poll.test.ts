import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LITE_PULL_SYS_FLAG } from '../../../../core/consumer/pull/lite-pull-request.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { HeartbeatData } from '../../../../core/ports/heartbeat.js';
import { A, ids, makeConsumer, memoryBroker, offsetsByQueue, qa, qb } from './harness.js';

describe('PullConsumer: assign and poll', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls every message of the assigned queues, in offset order per queue, in batches of at most 10', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 25);
    broker.append(qb(1), 17);
    const { consumer } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0), qb(1)]);
    await consumer.start();
    const got: ReceivedMessage[] = [];
    while (got.length < 42) {
      const batch = await consumer.poll();
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(10);
      expect(new Set(batch.map((m) => m.queue.queueId)).size).toBe(1);
      got.push(...batch);
    }
    const byQueue = offsetsByQueue(got);
    expect(byQueue.get('broker-a/0')).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(byQueue.get('broker-b/1')).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(got[0]).toMatchObject({ topic: 'T', queue: qa(0), tags: 'TagA', msgId: 'MSG-broker-a-0-0' });
    expect(got[0]!.body.toString()).toBe('0:0');
    expect(consumer.assignment()).toEqual([qa(0), qb(1)]);
    await consumer.shutdown();
  });

  it('sends lite pulls: SUSPEND|SUBSCRIPTION|LITE_PULL, subscription *, subVersion 0, no commit offset, 20 s suspend, 30 s timeout', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 3);
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0)]);
    await consumer.start();
    await consumer.poll();
    const first = broker.pulls[0]!;
    expect(LITE_PULL_SYS_FLAG).toBe(0x16);
    expect(first.addr).toBe(A.addr);
    expect(first.req).toMatchObject({
      consumerGroup: 'G',
      queue: qa(0),
      queueOffset: 0,
      maxMsgNums: 10,
      sysFlag: 0x16,
      commitOffset: 0,
      suspendTimeoutMillis: 20_000,
      subscription: '*',
      subVersion: 0,
      expressionType: 'TAG',
    });
    expect(first.opts?.timeoutMs).toBe(30_000);
    const hb = port.callsOf('heartbeat').map((c) => c.args[0] as HeartbeatData);
    expect(hb.length).toBeGreaterThan(0);
    expect(hb[0]!.consumerDataSet).toEqual([
      { groupName: 'G', consumeType: 'CONSUME_ACTIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', subscriptionDataSet: [], unitMode: false },
    ]);
    await consumer.shutdown();
  });

  it('starts where the group committed, else (CONSUME_FROM_LAST_OFFSET) at the end of the queue', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 10);
    broker.append(qa(1), 10);
    broker.setCommitted('G', qa(0), 4);
    const { consumer, events } = makeConsumer(broker);
    consumer.assign([qa(0), qa(1)]);
    await consumer.start();
    const first = await consumer.poll();
    expect(ids(first)).toEqual(['broker-a/0:4', 'broker-a/0:5', 'broker-a/0:6', 'broker-a/0:7', 'broker-a/0:8', 'broker-a/0:9']);
    broker.append(qa(1), 2);
    expect(ids(await consumer.poll())).toEqual(['broker-a/1:10', 'broker-a/1:11']);
    expect(events.filter((e) => e.type === 'queue-added').map((e) => e.type === 'queue-added' && e.offset).sort()).toEqual([10, 4]);
    await consumer.shutdown();
  });

  it('a waiting poll returns as soon as a message arrives, and [] after its timeout (5 s by default)', async () => {
    const broker = memoryBroker();
    const { consumer } = makeConsumer(broker);
    consumer.assign([qa(0)]);
    await consumer.start();
    let empty: ReceivedMessage[] | undefined;
    void consumer.poll().then((b) => (empty = b));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(empty).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(empty).toEqual([]);

    let got: ReceivedMessage[] | undefined;
    void consumer.poll(60_000).then((b) => (got = b));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(got).toBeUndefined();
    broker.append(qa(0), 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(ids(got!)).toEqual(['broker-a/0:0', 'broker-a/0:1']);
    await consumer.shutdown();
  });

  it('refuses to poll before start and after shutdown, and a negative timeout', async () => {
    const broker = memoryBroker();
    const { consumer } = makeConsumer(broker);
    await expect(consumer.poll()).rejects.toMatchObject({ kind: 'consumer-not-running' });
    consumer.assign([qa(0)]);
    await consumer.start();
    await expect(consumer.poll(-1)).rejects.toMatchObject({ kind: 'invalid-argument' });
    await consumer.shutdown();
    await expect(consumer.poll()).rejects.toMatchObject({ kind: 'consumer-not-running' });
    await expect(consumer.seek(qa(0), 0)).rejects.toMatchObject({ kind: 'consumer-not-running' });
  });

  it('assign and subscribe are exclusive; assign needs queues', () => {
    const broker = memoryBroker();
    const { consumer } = makeConsumer(broker);
    expect(() => consumer.assign([])).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    consumer.assign([qa(0)]);
    expect(() => consumer.subscribe('T')).toThrow(expect.objectContaining({ kind: 'subscription-conflict' }));
    const other = makeConsumer(broker).consumer;
    other.subscribe('T');
    expect(() => other.assign([qa(0)])).toThrow(expect.objectContaining({ kind: 'subscription-conflict' }));
  });

  it('poll$ hands out batches as they come, each to one subscriber, waits for start, and completes at shutdown', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 5);
    broker.append(qa(1), 5);
    const { consumer } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    const left: ReceivedMessage[] = [];
    const right: ReceivedMessage[] = [];
    let completed = 0;
    consumer.poll$().subscribe({ next: (b) => left.push(...b), complete: () => completed++ });
    consumer.poll$().subscribe({ next: (b) => right.push(...b), complete: () => completed++ });
    consumer.assign([qa(0), qa(1)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(left.length).toBe(5);
    expect(right.length).toBe(5);
    broker.append(qa(0), 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(left.length + right.length).toBe(13);
    expect(ids([...left, ...right]).sort()).toContain('broker-a/0:7');
    await consumer.shutdown();
    expect(completed).toBe(2);
    let late = false;
    consumer.poll$().subscribe({ complete: () => (late = true) });
    expect(late).toBe(true);
  });
});
