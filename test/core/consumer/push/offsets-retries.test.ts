import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { LocalOffsetStorage, SendBackRequest, SendRequest } from '../../../../core/ports/broker-port.js';
import { brokerError } from '../../fakes/fake-port.js';
import { advance, BROKER_A, GROUP, harness, mq, RETRY_TOPIC, settle, TOPIC } from './harness.js';

const one = [{ ...BROKER_A, queues: 1 }];

describe('push consumer: offsets', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('persists offsets every 5 s (UPDATE_CONSUMER_OFFSET oneway to the master) and at shutdown', async () => {
    const h = harness({ handler: () => undefined, brokers: one });
    h.cluster.append(mq(0), 4);
    await h.consumer.start();
    await settle();
    expect(h.port.callsOf('updateConsumerOffset')).toHaveLength(0);
    await advance(5_000);
    const first = h.port.callsOf('updateConsumerOffset');
    expect(first.map((c) => [c.addr, (c.args[1] as { topic: string }).topic, c.args[2], c.args[3]])).toEqual([
      [BROKER_A.addr, TOPIC, 4, true],
    ]);
    expect(h.eventsOf('offsets-committed')).toHaveLength(1);
    h.cluster.append(mq(0), 2);
    await settle();
    await advance(5_000);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(6);
    h.cluster.append(mq(0), 1);
    await settle();
    await h.consumer.shutdown();
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(7);
  });

  it('persists and forgets the offset of a queue lost at a rebalance', async () => {
    const h = harness({ handler: () => undefined, brokers: [{ ...BROKER_A, queues: 2 }] });
    h.cluster.append(mq(1), 3);
    await h.consumer.start();
    await settle();
    h.cluster.consumerIds = ['10.0.0.5@c1', '10.0.0.9@other'];
    h.port.handlers!.notifyConsumerIdsChanged(GROUP);
    await settle();
    expect(h.cluster.committed.get('T1@broker-a#1')).toBe(3);
    expect(h.eventsOf('queue-released').map((e) => [e.queue.queueId, e.committedOffset])).toEqual([[1, 3]]);
    expect(h.consumer.stats().queues.map((q) => q.queue.queueId).sort()).toEqual([0, 0]);
    await h.consumer.shutdown();
  });

  it('consumeFromWhere applies only when the broker has no offset: last → max offset, retry topic → 0', async () => {
    const h = harness({ handler: () => undefined, brokers: [{ ...BROKER_A, queues: 2 }], options: { consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' } });
    h.cluster.append(mq(0), 5);
    h.cluster.append(mq(1), 9);
    h.cluster.committed.set('T1@broker-a#1', 2);
    await h.consumer.start();
    await settle();
    const firstPull = (q: number, topic = TOPIC) => h.cluster.pullsOf(mq(q, topic))[0]!.req.queueOffset;
    expect(firstPull(0)).toBe(5);
    expect(firstPull(1)).toBe(2);
    expect(firstPull(0, RETRY_TOPIC)).toBe(0);
    await h.consumer.shutdown();
  });

  it('consumeFromWhere timestamp searches the offset at consumeTimestamp', async () => {
    const h = harness({
      handler: () => undefined,
      brokers: one,
      options: { consumeFromWhere: 'CONSUME_FROM_TIMESTAMP', consumeTimestamp: 1_700_000_000_000 },
    });
    h.port.overrides.searchOffset = async () => 3;
    h.cluster.append(mq(0), 5);
    await h.consumer.start();
    await settle();
    expect(h.port.callsOf('searchOffset')[0]!.args[1]).toBe(1_700_000_000_000);
    expect(h.cluster.pullsOf(mq(0))[0]!.req.queueOffset).toBe(3);
    await h.consumer.shutdown();
  });

  it('broadcasting: takes every queue without asking for the consumer list, keeps offsets in local storage', async () => {
    const saved: { queue: { queueId: number }; offset: number }[][] = [];
    const storage: LocalOffsetStorage = {
      load: async () => [{ queue: mq(1), offset: 2 }],
      save: async (_c, _g, offsets) => void saved.push(offsets),
    };
    const h = harness({
      handler: () => undefined,
      brokers: [{ ...BROKER_A, queues: 2 }],
      options: { messageModel: 'BROADCASTING' },
      config: { localOffsets: storage },
    });
    h.cluster.append(mq(0), 3);
    h.cluster.append(mq(1), 3);
    await h.consumer.start();
    await settle();
    expect(h.port.callsOf('getConsumerIdList')).toHaveLength(0);
    expect(h.port.callsOf('queryConsumerOffset')).toHaveLength(0);
    expect(h.cluster.pullsOf(mq(1))[0]!.req.queueOffset).toBe(2);
    expect(h.cluster.pullsOf(mq(0))[0]!.req.sysFlag).toBe(2);
    await advance(5_000);
    await h.consumer.shutdown();
    expect(h.port.callsOf('updateConsumerOffset')).toHaveLength(0);
    expect(saved.at(-1)!.map((e) => [e.queue.queueId, e.offset]).sort()).toEqual([
      [0, 3],
      [1, 3],
    ]);
  });
});

describe('push consumer: retries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a failed message back (delay level 0, maxReconsumeTimes) and commits past it', async () => {
    const h = harness({ handler: () => Promise.reject(new Error('boom')), brokers: one });
    const [stored] = h.cluster.append(mq(0), 1);
    await h.consumer.start();
    await settle();
    const backs = h.port.callsOf('sendMessageBack');
    expect(backs).toHaveLength(1);
    expect(backs[0]!.addr).toBe(BROKER_A.addr);
    expect(backs[0]!.args[0]).toEqual<SendBackRequest>({
      offset: stored!.physicalOffset,
      group: GROUP,
      delayLevel: 0,
      originMsgId: stored!.msgId,
      originTopic: TOPIC,
      maxReconsumeTimes: 16,
      brokerName: 'broker-a',
    });
    expect(h.eventsOf('retry')).toMatchObject([{ via: 'send-back', reconsumeTimes: 1 }]);
    await advance(5_000);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(1);
    await h.consumer.shutdown();
  });

  it('a redelivery from %RETRY%<group> shows the original topic, the message id and the reconsume count', async () => {
    const seen: ReceivedMessage[] = [];
    const h = harness({ handler: (m) => void seen.push(m), brokers: one });
    h.cluster.append(mq(0, RETRY_TOPIC), 1, { reconsumeTimes: 3, properties: { RETRY_TOPIC: TOPIC, ORIGIN_MESSAGE_ID: 'ORIG-1' } });
    await h.consumer.start();
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ topic: TOPIC, retryTopic: RETRY_TOPIC, reconsumeTimes: 3, originMsgId: 'ORIG-1' });
    await h.consumer.shutdown();
  });

  it('when the send-back fails, produces a retry copy to %RETRY%<group> instead', async () => {
    const h = harness({ handler: () => Promise.reject(new Error('boom')), brokers: one });
    h.port.overrides.sendMessageBack = async () => {
      throw brokerError(1, 'system busy');
    };
    h.cluster.append(mq(0), 1, { tags: 'x' });
    await h.consumer.start();
    await settle();
    const sends = h.port.sends();
    expect(sends).toHaveLength(1);
    const req: SendRequest = sends[0]!.req;
    expect(req).toMatchObject({ topic: RETRY_TOPIC, producerGroup: 'CLIENT_INNER_PRODUCER', queueId: 0, reconsumeTimes: 1, maxReconsumeTimes: 16 });
    expect(req.properties).toMatchObject({ RETRY_TOPIC: TOPIC, RECONSUME_TIME: '1', MAX_RECONSUME_TIMES: '16', DELAY: '3', TAGS: 'x', ORIGIN_MESSAGE_ID: 'MSG-T1-0-0' });
    expect(h.eventsOf('send-back-failed')).toHaveLength(0);
    await h.consumer.shutdown();
  });

  it('when sending back fails altogether, retries locally after 5 s with a raised reconsume count, holding the offset', async () => {
    const attempts: number[] = [];
    let fail = true;
    const h = harness({
      handler: (m) => {
        attempts.push(m.reconsumeTimes);
        return fail ? Promise.reject(new Error('boom')) : undefined;
      },
      brokers: one,
    });
    h.port.overrides.sendMessageBack = async () => {
      throw brokerError(1, 'down');
    };
    h.port.defaultSend = { kind: 'fail', error: brokerError(1, 'down') };
    h.cluster.append(mq(0), 2);
    fail = true;
    await h.consumer.start();
    await settle();
    expect(attempts).toEqual([0, 0]);
    expect(h.eventsOf('send-back-failed')).toHaveLength(2);
    expect(h.eventsOf('retry')).toMatchObject([
      { via: 'local', reconsumeTimes: 1, delayMs: 5_000 },
      { via: 'local', reconsumeTimes: 1, delayMs: 5_000 },
    ]);
    expect(h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.committedOffset).toBeUndefined();
    fail = false;
    await advance(4_999);
    expect(attempts).toHaveLength(2);
    await advance(1);
    expect(attempts).toEqual([0, 0, 1, 1]);
    expect(h.consumer.stats().queues.find((q) => q.queue.topic === TOPIC)!.committedOffset).toBe(2);
    await h.consumer.shutdown();
  });

  it('past maxReconsumeTimes the message goes to the DLQ (send-back with delay level −1)', async () => {
    const h = harness({ handler: () => Promise.reject(new Error('boom')), brokers: one, options: { maxReconsumeTimes: 3 } });
    h.cluster.append(mq(0, RETRY_TOPIC), 1, { reconsumeTimes: 3, properties: { RETRY_TOPIC: TOPIC } });
    await h.consumer.start();
    await settle();
    const back = h.port.callsOf('sendMessageBack')[0]!.args[0] as SendBackRequest;
    expect(back).toMatchObject({ delayLevel: -1, maxReconsumeTimes: 3, originTopic: TOPIC });
    expect(h.eventsOf('dead-letter')).toMatchObject([{ reconsumeTimes: 3 }]);
    expect(h.consumer.stats().counters.deadLettered).toBe(1);
    await h.consumer.shutdown();
  });

  it('a handler still running after consumeTimeoutMs counts as failed and is sent back', async () => {
    const h = harness({ handler: () => new Promise<void>(() => undefined), brokers: one, options: { consumeTimeoutMs: 60_000 } });
    h.cluster.append(mq(0), 1);
    await h.consumer.start();
    await settle();
    await advance(59_999);
    expect(h.port.callsOf('sendMessageBack')).toHaveLength(0);
    await advance(1);
    expect(h.port.callsOf('sendMessageBack')).toHaveLength(1);
    expect((h.eventsOf('handler-failed')[0]!.error as { kind: string }).kind).toBe('consume-timeout');
    await h.consumer.shutdown();
  });
});
