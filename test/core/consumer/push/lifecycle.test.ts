import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsumerError } from '../../../../core/consumer/push/errors.js';
import { PushConsumer } from '../../../../core/consumer/push/push-consumer.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { PulledMessage } from '../../../../core/ports/broker-port.js';
import { advance, BROKER_A, GROUP, harness, mq, RETRY_TOPIC, settle, TOPIC } from './harness.js';

const one = [{ ...BROKER_A, queues: 1 }];

describe('push consumer: lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shutdown stops pulling, waits for running handlers, persists, unregisters, and leaves no timers or subscriptions', async () => {
    let finish: () => void = () => undefined;
    const h = harness({ handler: (m) => (m.queueOffset === 1 ? new Promise<void>((r) => (finish = r)) : undefined), brokers: one });
    let eventsDone = false;
    let assignmentDone = false;
    h.consumer.events$.subscribe({ complete: () => (eventsDone = true) });
    h.consumer.assignment$.subscribe({ complete: () => (assignmentDone = true) });
    h.cluster.append(mq(0), 3);
    await h.consumer.start();
    await settle();
    expect(h.cluster.heldPulls).toBe(2);
    const stopping = h.consumer.shutdown();
    expect(h.consumer.shutdown()).toBe(stopping);
    await settle();
    expect(h.cluster.heldPulls).toBe(0);
    expect(h.port.callsOf('unregisterClient')).toHaveLength(0);
    finish();
    await stopping;
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(3);
    const unregister = h.port.callsOf('unregisterClient').find((c) => (c.args[1] as { consumerGroup?: string }).consumerGroup === GROUP);
    expect(unregister?.addr).toBe(BROKER_A.addr);
    expect(h.port.closed).toBe(true);
    expect(eventsDone && assignmentDone).toBe(true);
    expect(h.instance.liveResources).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await expect(h.consumer.start()).rejects.toBeInstanceOf(ConsumerError);
    expect(() => h.consumer.subscribe('T9')).toThrow(/shut down/);
  });

  it('the drain is bounded by shutdownDrainTimeoutMs; an unfinished message keeps the committed offset below it', async () => {
    const h = harness({ handler: (m) => (m.queueOffset === 1 ? new Promise<void>(() => undefined) : undefined), brokers: one, options: { shutdownDrainTimeoutMs: 2_000 } });
    h.cluster.append(mq(0), 3);
    await h.consumer.start();
    await settle();
    let done = false;
    const stopping = h.consumer.shutdown().then(() => (done = true));
    await advance(1_999);
    expect(done).toBe(false);
    await advance(1);
    await stopping;
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(1);
    expect(h.eventsOf('queue-released').find((e) => e.queue.topic === TOPIC)).toMatchObject({ committedOffset: 1, abandoned: 1 });
  });

  it('start is shared by concurrent callers; shutdown before start is a no-op; a taken group fails start', async () => {
    const h = harness({ handler: () => undefined, brokers: one });
    const a = h.consumer.start();
    expect(h.consumer.start()).toBe(a);
    await a;
    await settle();
    const other = harness({ handler: () => undefined, brokers: one });
    await expect(other.consumer.shutdown()).resolves.toBeUndefined();
    const sameInstance = new PushConsumer({ instance: h.instance, handler: () => undefined, options: { group: GROUP } });
    await expect(sameInstance.start()).rejects.toMatchObject({ kind: 'group-already-registered' });
    await h.consumer.shutdown();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a broadcasting consumer without local offset storage is refused at construction', () => {
    expect(() => harness({ handler: () => undefined, options: { messageModel: 'BROADCASTING' } })).toThrow(ConsumerError);
  });

  it('a namespace prefixes the group and topics on the wire and is removed from what the handler sees', async () => {
    const seen: ReceivedMessage[] = [];
    const h = harness({ handler: (m) => void seen.push(m), brokers: one, options: { namespace: 'ns' }, expression: null });
    h.port.setRoute('ns%T1', one);
    h.port.setRoute('%RETRY%ns%G1', one);
    h.consumer.subscribe(TOPIC);
    h.cluster.append(mq(0, 'ns%T1'), 1);
    await h.consumer.start();
    await settle();
    expect(h.consumer.group).toBe('ns%G1');
    expect(new Set(h.cluster.pulls.map((p) => p.req.queue.topic))).toEqual(new Set(['%RETRY%ns%G1', 'ns%T1']));
    expect(h.cluster.pulls[0]!.req.consumerGroup).toBe('ns%G1');
    expect(seen.map((m) => m.topic)).toEqual([TOPIC]);
    await h.consumer.shutdown();
  });
});

describe('push consumer: broker requests', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('RESET_CONSUMER_CLIENT_OFFSET restarts the owned queues from the new offsets and persists them', async () => {
    const seen: number[] = [];
    const h = harness({ handler: (m) => void seen.push(m.queueOffset), brokers: one });
    h.cluster.append(mq(0), 5);
    await h.consumer.start();
    await settle();
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    h.port.handlers!.resetOffset({ topic: TOPIC, group: GROUP, timestamp: 0, isForce: true, offsets: [{ queue: mq(0), offset: 2 }, { queue: mq(3), offset: 9 }] });
    await settle();
    expect(h.eventsOf('offset-reset')).toEqual([{ type: 'offset-reset', topic: TOPIC, offsets: [{ queue: mq(0), offset: 2 }] }]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 2, 3, 4]);
    expect(h.cluster.pullsOf(mq(0)).map((p) => p.req.queueOffset)).toContain(2);
    await h.consumer.shutdown();
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(5);
  });

  it('GET_CONSUMER_RUNNING_INFO reports properties, subscriptions and every owned queue', async () => {
    const h = harness({ handler: () => undefined, brokers: one });
    h.cluster.append(mq(0), 2);
    await h.consumer.start();
    await settle();
    const info = h.port.handlers!.consumerRunningInfo(GROUP)!;
    expect(info.properties).toMatchObject({ PROP_CONSUME_TYPE: 'CONSUME_PASSIVELY', PROP_CONSUMEORDERLY: 'false', consumerGroup: GROUP, pullBatchSize: '32' });
    expect(info.subscriptionSet.map((s) => s.topic)).toEqual([TOPIC, RETRY_TOPIC]);
    const row = info.mqTable.find((r) => r.queue.topic === TOPIC)!;
    expect(row.info).toMatchObject({ commitOffset: 2, cachedMsgCount: 0, locked: false, droped: false });
    expect(info.statusTable[TOPIC]).toMatchObject({ consumeFailedMsgs: 0 });
    expect(h.port.handlers!.consumerRunningInfo('other')).toBeUndefined();
    await h.consumer.shutdown();
  });

  it('CONSUME_MESSAGE_DIRECTLY runs the handler once and reports the result, without retries or offsets', async () => {
    const h = harness({ handler: (m) => (m.tags === 'bad' ? Promise.reject(new Error('nope')) : undefined), brokers: one });
    await h.consumer.start();
    await settle();
    const pulled = (tags: string): PulledMessage => ({ ...h.cluster.append(mq(2), 1, { tags })[0]!, queueId: 2 });
    const ok = await h.port.handlers!.consumeMessageDirectly(GROUP, pulled('good'), 'broker-a');
    expect(ok).toMatchObject({ consumeResult: 'CR_SUCCESS', order: false, autoCommit: true });
    const bad = await h.port.handlers!.consumeMessageDirectly(GROUP, pulled('bad'), 'broker-a');
    expect(bad).toMatchObject({ consumeResult: 'CR_THROW_EXCEPTION', remark: 'Error: nope' });
    expect(h.port.callsOf('sendMessageBack')).toHaveLength(0);
    await h.consumer.shutdown();
  });
});
