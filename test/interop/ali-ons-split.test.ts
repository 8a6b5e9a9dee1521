/**
 * Two ali-ons push consumers of one group against the embedded broker: the broker's consumer list makes them split
 * the topic's four queues two and two (AllocateMessageQueueAveragely), and each receives only its queues' messages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../adapters/embedded/index.js';
import { MemoryLogger } from '../embedded/server/helpers.js';
import { aliConsumer, AliLog, aliMessage, aliProducer, closeAliDefaultProducer, heldQueues, when, type AliConsumer, type AliMessage, type AliProducer } from './ali-ons.js';

const TOPIC = 'AliSplitTopic';
const GROUP = 'AliSplitGroup';
const COUNT = 200;
const log = new AliLog();
let mq: EmbeddedBroker;
let producer: AliProducer;
const consumers: AliConsumer[] = [];

beforeAll(async () => {
  mq = await startEmbeddedBroker({ logger: new MemoryLogger() });
  expect((await mq.brokers[0]!.broker.createTopic(TOPIC, 4)).code).toBe(0);
  producer = aliProducer(mq.address, 'AliSplitProducer', log);
  await producer.ready();
});

afterAll(async () => {
  for (const c of consumers) await c.close();
  await producer?.close();
  await closeAliDefaultProducer();
  await mq?.close();
});

function start(instance: string, received: AliMessage[], onMessage: () => void): AliConsumer {
  const consumer = aliConsumer(mq.address, GROUP, instance, log);
  consumers.push(consumer);
  consumer.subscribe(TOPIC, '*', async (message) => {
    received.push(message);
    onMessage();
  });
  return consumer;
}

it('splits the four queues between two consumers of one group, each getting only its own queues', async () => {
  const a: AliMessage[] = [];
  const b: AliMessage[] = [];
  let allReceived!: () => void;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const onMessage = () => new Set([...a, ...b].map((m) => m.body.toString())).size === COUNT && allReceived();
  const first = start('split-a', a, onMessage);
  const changed = `topic_${TOPIC}_queue_changed`;
  const aHasAll = when(first, changed, () => heldQueues(first, TOPIC).length === 4);
  await first.ready();
  await aHasAll;
  const second = start('split-b', b, onMessage);
  const aHalf = when(first, changed, () => heldQueues(first, TOPIC).length === 2);
  const bHalf = when(second, changed, () => heldQueues(second, TOPIC).length === 2);
  await second.ready();
  await Promise.all([aHalf, bHalf]);
  const queuesA = heldQueues(first, TOPIC);
  const queuesB = heldQueues(second, TOPIC);
  expect([...queuesA, ...queuesB].sort()).toEqual([0, 1, 2, 3]);

  const sent = await Promise.all(Array.from({ length: COUNT }, async (_, i) => {
    const result = await producer.send(aliMessage(TOPIC, 'TagS', `split-${i}`));
    return { body: `split-${i}`, queueId: Number(result.messageQueue.queueId) };
  }));
  await done;
  const bodiesOf = (queues: number[]) => new Set(sent.filter((s) => queues.includes(s.queueId)).map((s) => s.body));
  expect(new Set(a.map((m) => m.body.toString()))).toEqual(bodiesOf(queuesA));
  expect(new Set(b.map((m) => m.body.toString()))).toEqual(bodiesOf(queuesB));
  expect(a.length + b.length).toBe(COUNT);
  expect(a.length).toBeGreaterThan(0);
  expect(b.length).toBeGreaterThan(0);
  expect(log.errors).toEqual([]);
});
