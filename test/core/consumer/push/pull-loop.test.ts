import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { brokerError, transportError } from '../../fakes/fake-port.js';
import { advance, BROKER_A, GROUP, harness, mq, RETRY_TOPIC, settle, TOPIC } from './harness.js';

describe('push consumer: pull loop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('heartbeats before rebalancing, then long-polls each owned queue with the Java request fields', async () => {
    const h = harness({ handler: () => undefined });
    await h.consumer.start();
    await settle();
    const methods = h.port.calls.map((c) => c.method);
    expect(methods.indexOf('heartbeat')).toBeLessThan(methods.indexOf('getConsumerIdList'));
    expect(methods.indexOf('getConsumerIdList')).toBeLessThan(methods.indexOf('pull'));
    const hb = h.port.callsOf('heartbeat')[0]!.args[0] as { consumerDataSet: { subscriptionDataSet: { topic: string }[] }[] };
    expect(hb.consumerDataSet[0]!.subscriptionDataSet.map((s) => s.topic)).toEqual([TOPIC, RETRY_TOPIC]);
    const pulled = new Set(h.cluster.pulls.map((p) => `${p.req.queue.topic}#${p.req.queue.queueId}`));
    expect(pulled).toEqual(new Set([`${TOPIC}#0`, `${TOPIC}#1`, `${TOPIC}#2`, `${TOPIC}#3`, `${RETRY_TOPIC}#0`]));
    const first = h.cluster.pullsOf(mq(0))[0]!;
    expect(first.addr).toBe(BROKER_A.addr);
    expect(first.req).toMatchObject({ consumerGroup: GROUP, queueOffset: 0, maxMsgNums: 32, sysFlag: 2, commitOffset: 0, suspendTimeoutMillis: 15_000, expressionType: 'TAG' });
    expect(first.req.subscription).toBeUndefined();
    expect(h.cluster.heldPulls).toBe(5);
    await h.consumer.shutdown();
  });

  it('FOUND: caches and hands messages over, then pulls from nextBeginOffset with the commit offset piggy-backed', async () => {
    const seen: ReceivedMessage[] = [];
    const h = harness({ handler: (m) => void seen.push(m) });
    h.cluster.append(mq(1), 3, { tags: 'a' });
    await h.consumer.start();
    await settle();
    expect(seen.map((m) => m.queueOffset)).toEqual([0, 1, 2]);
    expect(seen[0]!.topic).toBe(TOPIC);
    expect(seen[0]!.msgId).toBe('MSG-T1-1-0');
    const pulls = h.cluster.pullsOf(mq(1));
    expect(pulls.map((p) => p.req.queueOffset)).toEqual([0, 3]);
    expect(pulls[1]!.req.sysFlag).toBe(3);
    expect(pulls[1]!.req.commitOffset).toBe(3);
    await h.consumer.shutdown();
  });

  it('NO_NEW_MSG after the long poll expires: pulls again at once from the same offset', async () => {
    const h = harness({ handler: () => undefined });
    await h.consumer.start();
    await settle();
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(1);
    await advance(15_000);
    const pulls = h.cluster.pullsOf(mq(0));
    expect(pulls).toHaveLength(2);
    expect(pulls[1]!.req.queueOffset).toBe(0);
    expect(pulls[1]!.at - pulls[0]!.at).toBe(15_000);
    await h.consumer.shutdown();
  });

  it('NO_MATCHED_MSG: moves to nextBeginOffset and records it as the offset while nothing is cached', async () => {
    const h = harness({ handler: () => undefined });
    h.cluster.scripted.set('T1@broker-a#2', [{ status: 'NO_MATCHED_MSG', nextBeginOffset: 7 }]);
    await h.consumer.start();
    await settle();
    expect(h.cluster.pullsOf(mq(2)).map((p) => p.req.queueOffset)).toEqual([0, 7]);
    expect(h.consumer.stats().queues.find((q) => q.queue.queueId === 2 && q.queue.topic === TOPIC)?.committedOffset).toBe(7);
    await advance(5_000);
    expect(h.cluster.committed.get('T1@broker-a#2')).toBe(7);
    await h.consumer.shutdown();
  });

  it('drops messages whose tag does not match exactly (hash collisions), but still advances', async () => {
    const seen: string[] = [];
    const h = harness({ handler: (m) => void seen.push(m.tags ?? ''), expression: 'a || b' });
    h.cluster.append(mq(0), 1, { tags: 'a' });
    h.cluster.append(mq(0), 1, { tags: 'c' });
    h.cluster.append(mq(0), 1, { tags: 'b' });
    await h.consumer.start();
    await settle();
    expect(seen).toEqual(['a', 'b']);
    expect(h.cluster.pullsOf(mq(0)).map((p) => p.req.queueOffset)).toEqual([0, 3]);
    await h.consumer.shutdown();
  });

  it('subscribing again with another expression while running filters with the new one', async () => {
    const seen: string[] = [];
    const h = harness({ handler: (m) => void seen.push(m.tags ?? ''), expression: 'a', brokers: [{ ...BROKER_A, queues: 1 }] });
    await h.consumer.start();
    await settle();
    h.consumer.subscribe(TOPIC, 'b');
    await settle();
    h.cluster.append(mq(0), 1, { tags: 'a' });
    h.cluster.append(mq(0), 1, { tags: 'b' });
    await settle();
    expect(seen).toEqual(['b']);
    const hb = h.port.callsOf('heartbeat').at(-1)!.args[0] as { consumerDataSet: { subscriptionDataSet: { topic: string; subString: string }[] }[] };
    expect(hb.consumerDataSet[0]!.subscriptionDataSet.find((s) => s.topic === TOPIC)?.subString).toBe('b');
    await h.consumer.shutdown();
  });

  it('OFFSET_ILLEGAL: reports it, stores nextBeginOffset 10 s later, persists it and restarts the queue there', async () => {
    const h = harness({ handler: () => undefined });
    h.cluster.committed.set('T1@broker-a#0', 50);
    h.cluster.append(mq(0), 20);
    await h.consumer.start();
    await settle();
    expect(h.eventsOf('offset-moved')).toEqual([{ type: 'offset-moved', queue: mq(0), requestedOffset: 50, nextOffset: 20 }]);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(1);
    await advance(9_999);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(1);
    await advance(1);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(20);
    const pulls = h.cluster.pullsOf(mq(0));
    expect(pulls.map((p) => p.req.queueOffset)).toEqual([50, 20]);
    await h.consumer.shutdown();
  });

  it('errors: reports pull-error and pulls again after 3 s', async () => {
    const h = harness({ handler: () => undefined, options: { messageModel: 'CLUSTERING' } });
    h.cluster.pullFailures.push(transportError('request-timeout'));
    h.port.setRoute(TOPIC, [{ ...BROKER_A, queues: 1 }]);
    await h.consumer.start();
    await settle();
    const errors = h.eventsOf('pull-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.retryInMs).toBe(3_000);
    const before = h.cluster.pulls.length;
    await advance(2_999);
    expect(h.cluster.pulls.length).toBe(before);
    await advance(1);
    expect(h.cluster.pulls.length).toBe(before + 1);
    await h.consumer.shutdown();
  });

  it('the broker’s FLOW_CONTROL answer: pulls again after 20 ms', async () => {
    const h = harness({ handler: () => undefined, brokers: [{ ...BROKER_A, queues: 1 }] });
    h.cluster.pullFailures.push(brokerError(215, 'too many pulls'));
    await h.consumer.start();
    await settle();
    expect(h.eventsOf('pull-error')[0]!.retryInMs).toBe(20);
    const before = h.cluster.pulls.length;
    await advance(19);
    expect(h.cluster.pulls.length).toBe(before);
    await advance(1);
    expect(h.cluster.pulls.length).toBe(before + 1);
    await h.consumer.shutdown();
  });

  it('pulls from the broker id the broker suggests (a slave: no commit flag), back to the master when told', async () => {
    const h = harness({ handler: () => undefined, brokers: [{ ...BROKER_A, queues: 1, slaves: ['10.0.0.11:10911'] }] });
    h.cluster.scripted.set('T1@broker-a#0', [
      { status: 'NO_NEW_MSG', nextBeginOffset: 5, suggestWhichBrokerId: 1 },
      { status: 'NO_NEW_MSG', nextBeginOffset: 5, suggestWhichBrokerId: 0 },
    ]);
    h.cluster.committed.set('T1@broker-a#0', 5);
    await h.consumer.start();
    await settle();
    const pulls = h.cluster.pullsOf(mq(0));
    expect(pulls.map((p) => p.addr)).toEqual(['10.0.0.1:10911', '10.0.0.11:10911', '10.0.0.1:10911']);
    expect(pulls.map((p) => p.req.sysFlag)).toEqual([3, 2, 3]);
    await h.consumer.shutdown();
  });
});
