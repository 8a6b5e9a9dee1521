/**
 * Interop with an independent client: ali-ons (pure JS, written by others) produces 1,000 messages with two tags
 * through the embedded broker, and its push consumers filtered by tag receive exactly their share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../adapters/embedded/index.js';
import { MemoryLogger } from '../embedded/server/helpers.js';
import { aliConsumer, AliLog, aliMessage, aliProducer, closeAliDefaultProducer, type AliConsumer, type AliProducer } from './ali-ons.js';

const TOPIC = 'AliTagTopic';
const COUNT = 1000;
const log = new AliLog();
let mq: EmbeddedBroker;
let producer: AliProducer;
const consumers: AliConsumer[] = [];
const sent = new Map<string, { tag: string; queueId: number; queueOffset: number }>();

beforeAll(async () => {
  mq = await startEmbeddedBroker({ logger: new MemoryLogger() });
  // ali-ons does not fall back to the TBW102 template for a topic the name server does not know: create it first.
  expect((await mq.brokers[0]!.broker.createTopic(TOPIC, 4)).code).toBe(0);
  producer = aliProducer(mq.address, 'AliTagProducer', log);
  await producer.ready();
  for (let i = 0; i < COUNT; i += 50) {
    await Promise.all(Array.from({ length: 50 }, async (_, j) => {
      const n = i + j;
      const tag = n % 2 === 0 ? 'TagA' : 'TagB';
      const result = await producer.send(aliMessage(TOPIC, tag, `message-${n}`, [`key-${n}`]));
      expect(result.sendStatus).toBe('SEND_OK');
      sent.set(`message-${n}`, { tag, queueId: Number(result.messageQueue.queueId), queueOffset: Number(result.queueOffset) });
    }));
  }
});

afterAll(async () => {
  for (const c of consumers) await c.close();
  await producer?.close();
  await closeAliDefaultProducer();
  await mq?.close();
});

/** Subscribes a new consumer and resolves with what it received once `expected` distinct bodies arrived. */
async function consume(group: string, expression: string, expected: number): Promise<{ bodies: Set<string>; deliveries: string[]; tags: Set<string> }> {
  const consumer = aliConsumer(mq.address, group, `${group}-1`, log);
  consumers.push(consumer);
  const deliveries: string[] = [];
  const tags = new Set<string>();
  const done = new Promise<void>((resolve) => {
    consumer.subscribe(TOPIC, expression, async (message) => {
      deliveries.push(message.body.toString());
      tags.add(message.tags);
      if (new Set(deliveries).size === expected) resolve();
    });
  });
  await consumer.ready();
  await done;
  return { bodies: new Set(deliveries), deliveries, tags };
}

describe('ali-ons through the embedded broker', () => {
  it('stored all 1,000 sends, spread over the 4 queues with consecutive offsets', () => {
    expect(sent.size).toBe(COUNT);
    const byQueue = new Map<number, number[]>();
    for (const s of sent.values()) byQueue.set(s.queueId, [...(byQueue.get(s.queueId) ?? []), s.queueOffset]);
    expect([...byQueue.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const offsets of byQueue.values()) expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
  });

  it('delivers exactly the TagA messages to a consumer subscribed to TagA', async () => {
    const expected = [...sent].filter(([, s]) => s.tag === 'TagA').map(([body]) => body);
    const got = await consume('AliTagAGroup', 'TagA', expected.length);
    expect(got.tags).toEqual(new Set(['TagA']));
    expect(got.bodies).toEqual(new Set(expected));
    expect(got.deliveries).toHaveLength(expected.length);
  });

  it('delivers every message to a consumer of another group subscribed to TagA || TagB', async () => {
    const got = await consume('AliBothTagsGroup', 'TagA || TagB', COUNT);
    expect(got.bodies).toEqual(new Set(sent.keys()));
    expect(got.deliveries).toHaveLength(COUNT);
    expect(log.errors).toEqual([]);
  });
});
