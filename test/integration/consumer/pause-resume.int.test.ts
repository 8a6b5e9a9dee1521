import { afterEach, describe, expect, it } from 'vitest';
import { Message } from '../../../core/message/message.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { Producer } from '../../../core/producer/producer.js';
import { probedConsumer, type ProbedConsumer } from './pull-probe.js';
import { Loopback, sendToEachQueue, waitFor, waitForCount } from './support.js';

/** Sends `count` messages (`<label><i>`) to one queue; returns their ids. */
async function sendTo(producer: Producer, queue: MessageQueue, label: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await producer.sendOrderly(new Message(queue.topic, `${label}${i}`), (all: readonly MessageQueue[]) => all[queue.queueId]!)).msgId);
  }
  return ids;
}

/** Waits until no pull of these queues is in flight (a long poll held by the broker has come back). */
function quiet(c: ProbedConsumer, queues: readonly MessageQueue[]): Promise<unknown> {
  return waitFor(c.probe.changed$, () => queues.every((q) => c.probe.inFlight(q) === 0));
}

/** The `paused` flag of each owned queue of `topic` (the consumer also owns its %RETRY% queue, never paused here). */
function pausedOf(c: ProbedConsumer, topic: string): boolean[] {
  return c.consumer.stats().queues.filter((q) => q.queue.topic === topic).map((q) => q.paused);
}

describe('pause / resume over loopback', () => {
  let env: Loopback;
  let probed: ProbedConsumer | undefined;

  afterEach(async () => {
    await probed?.close();
    probed = undefined;
    await env?.close();
  });

  it('pause(topic): no pull is sent and nothing new is handled while sends continue; resume delivers the backlog', async () => {
    env = await Loopback.start();
    await env.createTopic('PPause', 2);
    const broker = env.broker.brokers[0]!.name;
    const queues = [0, 1].map((queueId) => ({ topic: 'PPause', brokerName: broker, queueId }));
    const producer = await env.producer();
    const c = (probed = probedConsumer(env, 'GPause', 'PPause'));
    const witness = env.consumer('GPauseWitness', 'PPause', () => undefined);
    await c.consumer.start();
    await witness.consumer.start();
    const warm = await sendToEachQueue(producer, 'PPause', 2, 'warm');
    await waitForCount(c.received$, 2);

    c.consumer.pause('PPause');
    // A long poll the broker already holds still answers (as in Java): one message per queue brings each back.
    const flush = await sendToEachQueue(producer, 'PPause', 2, 'flush');
    await quiet(c, queues);
    const pullsWhenPaused = queues.map((q) => c.probe.sent(q));
    const backlog = [...(await sendToEachQueue(producer, 'PPause', 2, 'b')), ...(await sendToEachQueue(producer, 'PPause', 2, 'c'))];
    // The witness group receiving the backlog is the window in which the paused consumer would have received it too.
    await waitForCount(witness.received$, 2, (m) => backlog.slice(2).includes(m.msgId));
    expect(queues.map((q) => c.probe.sent(q))).toEqual(pullsWhenPaused);
    expect(c.received.filter((m) => backlog.includes(m.msgId))).toEqual([]);
    expect(c.received.every((m) => warm.includes(m.msgId) || flush.includes(m.msgId))).toBe(true);
    expect(pausedOf(c, 'PPause')).toEqual([true, true]);

    c.consumer.resume('PPause');
    await waitForCount(c.received$, 4, (m) => backlog.includes(m.msgId));
    await waitForCount(c.received$, 2, (m) => flush.includes(m.msgId));
    expect(c.received.map((m) => m.msgId).sort()).toEqual([...warm, ...flush, ...backlog].sort());
    expect(pausedOf(c, 'PPause')).toEqual([false, false]);
  });

  it('pause(queue) stops only that queue; the others keep consuming; resume(queue) delivers its backlog', async () => {
    env = await Loopback.start();
    await env.createTopic('PPauseQ', 2);
    const broker = env.broker.brokers[0]!.name;
    const [q0, q1] = [0, 1].map((queueId) => ({ topic: 'PPauseQ', brokerName: broker, queueId })) as [MessageQueue, MessageQueue];
    const producer = await env.producer();
    const c = (probed = probedConsumer(env, 'GPauseQ', 'PPauseQ'));
    await c.consumer.start();
    await sendToEachQueue(producer, 'PPauseQ', 2, 'warm');
    await waitForCount(c.received$, 2);

    c.consumer.pause(q0);
    await sendTo(producer, q0, 'flush', 1);
    await quiet(c, [q0]);
    const pullsWhenPaused = c.probe.sent(q0);
    const held = await sendTo(producer, q0, 'held', 3);
    const flowing = await sendTo(producer, q1, 'flowing', 3);
    await waitForCount(c.received$, 3, (m) => flowing.includes(m.msgId));
    expect(c.probe.sent(q0)).toBe(pullsWhenPaused);
    expect(c.received.filter((m) => held.includes(m.msgId))).toEqual([]);
    expect(c.consumer.stats().queues.filter((q) => q.queue.topic === 'PPauseQ').map((q) => [q.queue.queueId, q.paused]).sort()).toEqual([[0, true], [1, false]]);

    c.consumer.resume(q0);
    await waitForCount(c.received$, 3, (m) => held.includes(m.msgId));
    expect(c.received.filter((m) => m.queue.queueId === 0 && m.body.toString().startsWith('held')).map((m) => m.body.toString())).toEqual(['held0', 'held1', 'held2']);
  });

  it('paused before start: the queues are taken but never pulled until resume', async () => {
    env = await Loopback.start();
    await env.createTopic('PPauseS', 2);
    const producer = await env.producer();
    const early = await sendToEachQueue(producer, 'PPauseS', 2, 'early');
    const c = (probed = probedConsumer(env, 'GPauseS', 'PPauseS'));
    const witness = env.consumer('GPauseSWitness', 'PPauseS', () => undefined);
    c.consumer.pause('PPauseS');
    await c.consumer.start();
    await witness.consumer.start();
    await waitFor(c.events$, (e) => e.type === 'rebalance' && e.owned.filter((q) => q.topic === 'PPauseS').length === 2);
    await waitForCount(witness.received$, 2);
    expect(c.probe.sent({ topic: 'PPauseS', brokerName: env.broker.brokers[0]!.name, queueId: 0 })).toBe(0);
    expect(c.received).toEqual([]);
    c.consumer.resume('PPauseS');
    await waitForCount(c.received$, 2);
    expect(c.received.map((m) => m.msgId).sort()).toEqual([...early].sort());
  });
});
