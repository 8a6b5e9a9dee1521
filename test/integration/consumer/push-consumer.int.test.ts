import { BehaviorSubject, combineLatest, firstValueFrom, merge, scan, timer } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Message } from '../../../core/message/message.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import { FAST_DELAYS, keyOf, Loopback, sendToEachQueue, waitFor, waitForCount } from './support.js';

const text = (m: ReceivedMessage) => m.body.toString('utf8');
const topicQueues = (qs: readonly MessageQueue[], topic: string) => qs.filter((q) => q.topic === topic).map(keyOf).sort();

describe('push consumer against the embedded broker over loopback', () => {
  let env: Loopback;

  afterEach(async () => {
    await env?.close();
  });

  it('receives exactly the messages its tag expression selects', async () => {
    env = await Loopback.start();
    await env.createTopic('PTags', 4);
    const producer = await env.producer();
    const sent = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const tags = ['A', 'B', 'C'][i % 3]!;
      const r = await producer.send(new Message('PTags', `m${i}`, { tags }));
      sent.set(r.msgId, tags);
    }
    const sentinels: string[] = [];
    for (let q = 0; q < 4; q++) {
      sentinels.push((await producer.sendOrderly(new Message('PTags', `end${q}`, { tags: 'A' }), (queues) => queues[q]!)).msgId);
    }
    const c = env.consumer('GTags', 'PTags', () => undefined, {}, 'A || C');
    await c.consumer.start();
    const expected = [...sent].filter(([, t]) => t !== 'B').map(([id]) => id).concat(sentinels);
    await waitForCount(c.received$, expected.length);
    await waitForCount(c.received$, 4, (m) => sentinels.includes(m.msgId));
    expect(c.received.map((m) => m.msgId).sort()).toEqual([...expected].sort());
    expect(c.received.every((m) => m.tags === 'A' || m.tags === 'C')).toBe(true);
  });

  it('two and then three instances split the queues; they re-split when one leaves', async () => {
    env = await Loopback.start();
    await env.createTopic('PSplit', 8);
    const one = env.consumer('GSplit', 'PSplit', () => undefined);
    const two = env.consumer('GSplit', 'PSplit', () => undefined);
    const three = env.consumer('GSplit', 'PSplit', () => undefined);
    const owned = [one, two, three].map((c) => {
      const s = new BehaviorSubject<string[]>([]);
      c.consumer.assignment$.subscribe((qs) => s.next(topicQueues(qs, 'PSplit')));
      return s;
    });
    const settled = (n: number, want: number[]) =>
      waitFor(combineLatest(owned.slice(0, n)), (sets) => {
        const sizes = sets.map((q) => q.length).sort();
        return JSON.stringify(sizes) === JSON.stringify(want) && new Set(sets.flat()).size === 8;
      });
    await one.consumer.start();
    await settled(1, [8]);
    await two.consumer.start();
    await settled(2, [4, 4]);
    await three.consumer.start();
    await settled(3, [2, 3, 3]);
    await three.consumer.shutdown();
    await settled(2, [4, 4]);
    expect(one.events.some((e) => e.type === 'rebalance' && e.reason === 'notify')).toBe(true);
  });

  it('orderly: per-key order holds and no queue is handled by two instances at once, through a rebalance', async () => {
    env = await Loopback.start();
    await env.createTopic('POrder', 4);
    const producer = await env.producer();
    const active = new Map<string, number>();
    let overlap = 0;
    const seen = new Map<string, number[]>();
    const handler = async (m: ReceivedMessage) => {
      const q = keyOf(m.queue);
      active.set(q, (active.get(q) ?? 0) + 1);
      if (active.get(q)! > 1) overlap++;
      const [key, n] = text(m).split(':');
      seen.set(key!, [...(seen.get(key!) ?? []), Number(n)]);
      await firstValueFrom(timer(2));
      active.set(q, active.get(q)! - 1);
    };
    const options = { orderly: true, rebalanceIntervalMs: 500 };
    const one = env.consumer('GOrder', 'POrder', handler, options);
    const two = env.consumer('GOrder', 'POrder', handler, options);
    await one.consumer.start();
    const send = async (from: number, to: number) => {
      for (let n = from; n < to; n++) for (const key of ['k0', 'k1', 'k2', 'k3']) await producer.sendOrderly(new Message('POrder', `${key}:${n}`), key);
    };
    await send(0, 20);
    await waitForCount(one.received$, 20);
    await two.consumer.start();
    await send(20, 60);
    const all = () => one.received.length + two.received.length;
    const distinct$ = merge(one.received$, two.received$).pipe(scan((ids, m) => ids.add(m.msgId), new Set<string>()));
    await waitFor(distinct$, (ids) => ids.size === 240, 20_000);
    expect(overlap).toBe(0);
    for (const [, ns] of seen) {
      const firstSeen = ns.filter((n, i) => ns.indexOf(n) === i);
      expect(firstSeen).toEqual(Array.from({ length: 60 }, (_, i) => i));
      for (let i = 1; i < ns.length; i++) if (ns[i]! < ns[i - 1]!) expect(ns.slice(i).includes(ns[i - 1]!)).toBe(true);
    }
    expect(all()).toBeGreaterThanOrEqual(240);
    expect(two.received.length).toBeGreaterThan(0);
  });

  it('retries through %RETRY%<group> with a rising reconsume count, then dead-letters past maxReconsumeTimes', async () => {
    env = await Loopback.start({ engine: { messageDelayLevel: FAST_DELAYS } });
    await env.createTopic('PRetry', 1);
    const producer = await env.producer();
    const c = env.consumer(
      'GRetry',
      'PRetry',
      (m) => {
        if (text(m) === 'flaky' && m.reconsumeTimes < 2) throw new Error('not yet');
        if (text(m) === 'poison') throw new Error('never');
      },
      { maxReconsumeTimes: 2 },
    );
    await c.consumer.start();
    const flaky = await producer.send(new Message('PRetry', 'flaky'));
    const poison = await producer.send(new Message('PRetry', 'poison'));
    await waitForCount(c.received$, 3, (m) => m.msgId === flaky.msgId);
    const deliveries = c.received.filter((m) => m.msgId === flaky.msgId);
    expect(deliveries.map((m) => [m.reconsumeTimes, m.topic, m.retryTopic])).toEqual([
      [0, 'PRetry', undefined],
      [1, 'PRetry', '%RETRY%GRetry'],
      [2, 'PRetry', '%RETRY%GRetry'],
    ]);
    await waitFor(c.events$, (e) => e.type === 'dead-letter' && e.msgId === poison.msgId);
    const admin = env.admin();
    const broker = env.broker.brokers[0]!;
    const dlq = await admin.pull(broker.address, {
      consumerGroup: 'GInspect',
      queue: { topic: '%DLQ%GRetry', brokerName: broker.name, queueId: 0 },
      queueOffset: 0,
      maxMsgNums: 32,
      sysFlag: 4,
      commitOffset: 0,
      suspendTimeoutMillis: 0,
      subscription: '*',
      subVersion: 0,
      expressionType: 'TAG',
    });
    expect(dlq.messages.map((m) => m.properties.UNIQ_KEY)).toEqual([poison.msgId]);
    expect(c.received.filter((m) => m.msgId === poison.msgId).map((m) => m.reconsumeTimes)).toEqual([0, 1, 2]);
  });

  it('resumes from the committed offsets after a restart', async () => {
    env = await Loopback.start();
    await env.createTopic('PRestart', 2);
    const producer = await env.producer();
    for (let i = 0; i < 10; i++) await producer.send(new Message('PRestart', `a${i}`));
    const first = env.consumer('GRestart', 'PRestart', () => undefined);
    await first.consumer.start();
    await waitForCount(first.received$, 10);
    await first.consumer.shutdown();
    for (let i = 0; i < 5; i++) await producer.send(new Message('PRestart', `b${i}`));
    const ends = await sendToEachQueue(producer, 'PRestart', 2, 'end');
    const second = env.consumer('GRestart', 'PRestart', () => undefined);
    await second.consumer.start();
    await waitForCount(second.received$, 2, (m) => ends.includes(m.msgId));
    expect(second.received.map(text).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'end0', 'end1']);
  });

  it('broadcasting: every instance receives every message and keeps offsets in local files', async () => {
    env = await Loopback.start();
    await env.createTopic('PCast', 2);
    const producer = await env.producer();
    const dir = await env.tempDir();
    const one = env.consumer('GCast', 'PCast', () => undefined, { messageModel: 'BROADCASTING' }, '*', dir);
    const two = env.consumer('GCast', 'PCast', () => undefined, { messageModel: 'BROADCASTING' }, '*', dir);
    await one.consumer.start();
    await two.consumer.start();
    for (let i = 0; i < 6; i++) await producer.send(new Message('PCast', `c${i}`));
    await waitForCount(one.received$, 6);
    await waitForCount(two.received$, 6);
    await one.consumer.shutdown();
    for (let i = 6; i < 8; i++) await producer.send(new Message('PCast', `c${i}`));
    const ends = await sendToEachQueue(producer, 'PCast', 2, 'end');
    const again = env.consumer('GCast', 'PCast', () => undefined, { messageModel: 'BROADCASTING', instanceName: 'consumer-1' }, '*', dir);
    await again.consumer.start();
    await waitForCount(again.received$, 2, (m) => ends.includes(m.msgId));
    expect(again.received.map(text).sort()).toEqual(['c6', 'c7', 'end0', 'end1']);
  });

  it('consumeFromWhere yields to the broker: a 4.9 broker answers offset 0 for a queue still starting at 0', async () => {
    // QUERY_CONSUMER_OFFSET for a group without an offset returns 0 (not QUERY_NOT_FOUND) while the queue's first
    // message is still in memory (shared/protocol §4.5), so a new group reads from the start even with "last offset";
    // consumeFromWhere only applies on QUERY_NOT_FOUND (covered with the fake port in test/core/consumer/push).
    env = await Loopback.start();
    await env.createTopic('PWhere', 1);
    const producer = await env.producer();
    await producer.send(new Message('PWhere', 'old'));
    const last = env.consumer('GLast', 'PWhere', () => undefined, { consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' });
    const stamp = env.consumer('GStamp', 'PWhere', () => undefined, { consumeFromWhere: 'CONSUME_FROM_TIMESTAMP', consumeTimestamp: Date.now() });
    await last.consumer.start();
    await stamp.consumer.start();
    await producer.send(new Message('PWhere', 'new'));
    await waitForCount(last.received$, 2);
    await waitForCount(stamp.received$, 2);
    expect(last.received.map(text)).toEqual(['old', 'new']);
    expect(stamp.received.map(text)).toEqual(['old', 'new']);
    expect(last.events.find((e) => e.type === 'queue-added' && e.queue.topic === 'PWhere')).toMatchObject({ offset: 0 });
  });
});
