import { afterEach, describe, expect, it } from 'vitest';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import { OFFSET_MOVED_DELAY_MS } from '../../../core/consumer/push/pull-loop.js';
import { Message } from '../../../core/message/message.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import type { Producer } from '../../../core/producer/producer.js';
import { Loopback, type Recorded, waitFor, waitForCount } from './support.js';

const PAD = 'x'.repeat(1_000);
const TOPIC = 'PFrom';
/** What was sent before the consumers started: `a0`…`a9`, then (after `cut`) `b0`…`b2`. */
const SENT = [...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 3 }, (_, i) => `b${i}`)];
const label = (m: ReceivedMessage) => m.body.toString('utf8').split('|')[0]!;

type QueueAdded = Extract<ConsumerEvent, { type: 'queue-added' }>;

function queueAdded(r: Recorded): Promise<QueueAdded> {
  return waitFor(r.events$, (e): e is QueueAdded => e.type === 'queue-added' && e.queue.topic === TOPIC) as Promise<QueueAdded>;
}

interface Prepared {
  producer: Producer;
  /** Every `a` message was stored before it; every `b` one at or after `cut − 1`. */
  cut: number;
  /** The queue's min offset (> 0: the oldest messages are gone) and what SEARCH_OFFSET_BY_TIMESTAMP says for `cut`. */
  min: number;
  stampOffset: number;
}

/** 13 messages of ~1 KiB into a broker that keeps ~4 KiB of records: the queue starts past 0 (QUERY_NOT_FOUND). */
async function prepare(env: Loopback): Promise<Prepared> {
  await env.createTopic(TOPIC, 1);
  const broker = env.broker.brokers[0]!;
  const queue: MessageQueue = { topic: TOPIC, brokerName: broker.name, queueId: 0 };
  const producer = await env.producer();
  for (const l of SENT.slice(0, 10)) await producer.send(new Message(TOPIC, `${l}|${PAD}`));
  const cut = Date.now() + 1;
  for (const l of SENT.slice(10)) await producer.send(new Message(TOPIC, `${l}|${PAD}`));
  const admin = env.admin();
  const min = await admin.getMinOffset(broker.address, queue);
  expect(min).toBeGreaterThan(0);
  expect(min).toBeLessThan(10);
  expect(await admin.getMaxOffset(broker.address, queue)).toBe(13);
  expect(await admin.queryConsumerOffset(broker.address, 'GFromNew', queue)).toBeUndefined();
  const stampOffset = await admin.searchOffset(broker.address, queue, cut);
  expect(stampOffset).toBeGreaterThanOrEqual(10);
  return { producer, cut, min, stampOffset };
}

async function sendNew(producer: Producer): Promise<void> {
  for (let i = 0; i < 2; i++) await producer.send(new Message(TOPIC, `n${i}|`));
}

/**
 * consumeFromWhere decides where a new group starts only when the broker has no offset for it: QUERY_CONSUMER_OFFSET
 * answers QUERY_NOT_FOUND. A 4.9 broker answers offset 0 instead while the queue still starts at 0 (see the
 * push-consumer test), so here the broker keeps at most ~4 records in memory (`memoryRetentionBytes`): the oldest
 * messages are gone and the queue's min offset is > 0, as on a real broker whose first commit-log files were deleted.
 */
describe('consumeFromWhere for a new group on a topic whose queue no longer starts at 0', () => {
  let env: Loopback;

  afterEach(async () => {
    await env?.close();
  });

  it('LAST starts at the end; TIMESTAMP at the first message stored since the time', async () => {
    env = await Loopback.start({ memoryRetentionBytes: 5_000 });
    const { producer, cut, stampOffset } = await prepare(env);
    const last = env.consumer('GFromLast', TOPIC, () => undefined, { consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' });
    const stamp = env.consumer('GFromStamp', TOPIC, () => undefined, { consumeFromWhere: 'CONSUME_FROM_TIMESTAMP', consumeTimestamp: cut });
    await last.consumer.start();
    await stamp.consumer.start();
    expect((await queueAdded(last)).offset).toBe(13);
    expect((await queueAdded(stamp)).offset).toBe(stampOffset);
    if (stampOffset < 13) await waitForCount(stamp.received$, 13 - stampOffset);

    await sendNew(producer);
    for (const c of [last, stamp]) await waitForCount(c.received$, 2, (m) => label(m).startsWith('n'));
    expect(last.received.map(label)).toEqual(['n0', 'n1']);
    expect(stamp.received.map(label)).toEqual([...SENT.slice(stampOffset), 'n0', 'n1']);
    expect(stamp.received.every((m) => m.storeTimestamp >= cut)).toBe(true);
  });

  it(`FIRST asks for offset 0, the broker answers PULL_OFFSET_MOVED, and ${OFFSET_MOVED_DELAY_MS / 1000} s later (as Java) it reads from the oldest kept message`, async () => {
    env = await Loopback.start({ memoryRetentionBytes: 5_000 });
    const { producer, cut, min } = await prepare(env);
    const first = env.consumer('GFromFirst', TOPIC, () => undefined, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    await first.consumer.start();
    expect((await queueAdded(first)).offset).toBe(0);
    expect(await waitFor(first.events$, (e) => e.type === 'offset-moved')).toMatchObject({ requestedOffset: 0, nextOffset: min });
    await waitForCount(first.received$, 13 - min, () => true, OFFSET_MOVED_DELAY_MS + 10_000);

    await sendNew(producer);
    await waitForCount(first.received$, 2, (m) => label(m).startsWith('n'));
    expect(first.received.map(label)).toEqual([...SENT.slice(min), 'n0', 'n1']);
    expect(first.received.some((m) => m.storeTimestamp < cut)).toBe(true);
  });
});
