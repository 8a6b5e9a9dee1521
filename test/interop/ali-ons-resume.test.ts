/**
 * ali-ons push consumers against the embedded broker: offsets committed by a consumer survive it, so a restarted
 * consumer of the group resumes where it left off without redelivering what it had committed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../adapters/embedded/index.js';
import { MemoryLogger } from '../embedded/server/helpers.js';
import { aliConsumer, AliLog, aliMessage, aliProducer, closeAliDefaultProducer, type AliConsumer, type AliProducer } from './ali-ons.js';

const TOPIC = 'AliResumeTopic';
const GROUP = 'AliResumeGroup';
const log = new AliLog();
let mq: EmbeddedBroker;
let producer: AliProducer;
const open: AliConsumer[] = [];

beforeAll(async () => {
  mq = await startEmbeddedBroker({ logger: new MemoryLogger() });
  expect((await mq.brokers[0]!.broker.createTopic(TOPIC, 4)).code).toBe(0);
  producer = aliProducer(mq.address, 'AliResumeProducer', log);
  await producer.ready();
});

afterAll(async () => {
  for (const c of open) await c.close();
  await producer?.close();
  await closeAliDefaultProducer();
  await mq?.close();
});

interface Sent {
  body: string;
  queueId: number;
  queueOffset: number;
}

async function sendBatch(prefix: string, count: number): Promise<Sent[]> {
  const bodies = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  return Promise.all(bodies.map(async (body) => {
    const result = await producer.send(aliMessage(TOPIC, 'TagR', body));
    expect(result.sendStatus).toBe('SEND_OK');
    return { body, queueId: Number(result.messageQueue.queueId), queueOffset: Number(result.queueOffset) };
  }));
}

/** Starts a consumer of GROUP; resolves with it and the bodies it received once `expected` distinct ones arrived. */
async function consumeUntil(instance: string, expected: number, deliveries: string[]): Promise<AliConsumer> {
  const consumer = aliConsumer(mq.address, GROUP, instance, log);
  open.push(consumer);
  const done = new Promise<void>((resolve) => {
    consumer.subscribe(TOPIC, '*', async (message) => {
      deliveries.push(message.body.toString());
      if (new Set(deliveries).size >= expected) resolve();
    });
  });
  await consumer.ready();
  await done;
  return consumer;
}

/** The group's committed offset of each queue, as the broker has it. */
async function committed(): Promise<number[]> {
  const offsets: number[] = [];
  for (let queueId = 0; queueId < 4; queueId++) {
    const outcome = await mq.brokers[0]!.broker.queryConsumerOffset({ consumerGroup: GROUP, topic: TOPIC, queueId });
    offsets.push(outcome.code === 0 ? outcome.offset : -1);
  }
  return offsets;
}

it('resumes from the committed offsets after a restart, redelivering nothing it committed', async () => {
  const first = await sendBatch('first', 120);
  const firstDeliveries: string[] = [];
  const c1 = await consumeUntil('resume-1', first.length, firstDeliveries);
  expect(new Set(firstDeliveries)).toEqual(new Set(first.map((s) => s.body)));
  // close() commits the offsets (oneway) and then unregisters (answered) on the same connection, so the broker has
  // taken the commit by the time it resolves. A message whose handler had not returned yet is not committed.
  await c1.close();
  open.splice(open.indexOf(c1), 1);
  const offsets = await committed();
  const maxOffsets = [0, 1, 2, 3].map((q) => first.filter((s) => s.queueId === q).length);
  offsets.forEach((offset, q) => expect(offset).toBeGreaterThanOrEqual(maxOffsets[q]! - 1));
  expect(offsets.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

  const second = await sendBatch('second', 80);
  const uncommitted = first.filter((s) => s.queueOffset >= offsets[s.queueId]!);
  const expected = new Set([...second, ...uncommitted].map((s) => s.body));
  const secondDeliveries: string[] = [];
  await consumeUntil('resume-2', expected.size, secondDeliveries);
  expect(new Set(secondDeliveries)).toEqual(expected);
  const committedBefore = first.filter((s) => s.queueOffset < offsets[s.queueId]!).map((s) => s.body);
  expect(secondDeliveries.filter((b) => committedBefore.includes(b))).toEqual([]);
  expect(log.errors).toEqual([]);
});
