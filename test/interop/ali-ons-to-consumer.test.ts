import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../adapters/embedded/index.js';
import type { ReceivedMessage } from '../../core/message/received-message.js';
import { AliMessage, type AliOutgoing, type AliPeer } from './support/ali-peer.js';
import { consumeProgress, createTopic } from './support/broker-view.js';
import { duplicates, Inbox } from './support/inbox.js';
import { closePeers, openPeers } from './support/peers.js';
import type { RxPeer } from './support/rx-peer.js';

/** The body of the i-th message: text, binary, or text over ali-ons's 4 KiB compression threshold. */
function bodyOf(i: number): Buffer {
  if (i % 3 === 0) return Buffer.from(`message ${i} ✓`, 'utf8');
  if (i % 3 === 1) return Buffer.from([i, 0, 0xff, 0x80, i >> 1]);
  return Buffer.from(`${i}:`.padEnd(5_000, 'abcdefghij'), 'utf8');
}

function aliMessage(topic: string, i: number, tags: string | undefined): AliOutgoing {
  const message = new AliMessage(topic, tags ?? null, bodyOf(i));
  if (tags === undefined) delete message.properties.TAGS; // ali-ons would otherwise send the tag "null"
  message.keys = [`key-${i}`, 'shared'];
  message.properties.idx = String(i);
  message.properties['x-origin'] = 'ali-ons';
  return message;
}

describe('an ali-ons producer → our push consumer', () => {
  let mq: EmbeddedBroker;
  let rx: RxPeer;
  let ali: AliPeer;

  beforeEach(async () => {
    ({ mq, rx, ali } = await openPeers({ port: 0, brokers: 2 }));
  });
  afterEach(() => closePeers({ mq, rx, ali }));

  it('consumes everything exactly once with tags, keys, properties and bodies intact (raw fallback codec)', async () => {
    const topic = 'InteropFromAli';
    await createTopic(mq.brokers, topic, 4);
    const producer = await ali.producer('PG_ALI_FULL');
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      const result = await producer.send(aliMessage(topic, i, `T${i % 2}`));
      expect(result.sendStatus).toBe('SEND_OK');
      sent.push(result.msgId);
    }

    const inbox = new Inbox<ReceivedMessage>();
    const { consumer, events } = rx.consumer('CG_RX_FULL', (m) => inbox.push(m));
    consumer.subscribe(topic, '*');
    await consumer.start();
    const all = await inbox.waitForCount(sent.length, 10_000, 'our consumer');
    expect(duplicates(all, (m) => m.msgId)).toEqual([]);
    const byId = new Map(all.map((m) => [m.msgId, m]));
    expect(new Set(byId.keys())).toEqual(new Set(sent));
    sent.forEach((msgId, i) => {
      const m = byId.get(msgId)!;
      expect(m.offsetMsgId).toBe(msgId);
      expect(m.topic).toBe(topic);
      expect(m.tags).toBe(`T${i % 2}`);
      expect(m.keys).toEqual([`key-${i}`, 'shared']);
      expect(m.properties).toEqual({ idx: String(i), 'x-origin': 'ali-ons' });
      expect(m.systemProperties.rmqrx_codec).toBeUndefined();
      expect(m.payload).toEqual(bodyOf(i));
      expect(m.sysFlag & 0x1).toBe(i % 3 === 2 ? 1 : 0);
      expect(m.reconsumeTimes).toBe(0);
    });
    expect(new Set(all.map((m) => m.queue.brokerName))).toEqual(new Set(['broker-a', 'broker-b']));

    await consumer.shutdown();
    expect(inbox.size).toBe(sent.length);
    expect(events.filter((e) => ['handler-failed', 'retry', 'dead-letter', 'message-dropped'].includes(e.type))).toEqual([]);
    const progress = await consumeProgress(mq, 'CG_RX_FULL', topic);
    expect(progress.reduce((n, q) => n + q.max, 0)).toBe(sent.length);
    for (const q of progress) expect(q, q.queue).toMatchObject({ committed: q.max });
  });

  it('a tag-filtered subscription gets exactly the matching subset', async () => {
    const topic = 'InteropFromAliTags';
    // One queue: handlers start in offset order, so once the last match is handled every earlier offset was passed.
    await createTopic(mq.brokers.slice(0, 1), topic, 1);
    const producer = await ali.producer('PG_ALI_TAGS');
    const plan = ['c', 'a', undefined, 'b', 'ab', 'c', 'b', 'B', undefined, 'a'];
    const matching: { tag: string; msgId: string }[] = [];
    for (const [i, tag] of plan.entries()) {
      const { msgId } = await producer.send(aliMessage(topic, i, tag));
      if (tag === 'a' || tag === 'b') matching.push({ tag, msgId });
    }

    const inbox = new Inbox<ReceivedMessage>();
    const { consumer } = rx.consumer('CG_RX_TAGS', (m) => inbox.push(m));
    consumer.subscribe(topic, 'a || b');
    await consumer.start();
    await inbox.waitForCount(matching.length, 10_000, 'our tag-filtered consumer');
    expect(inbox.all.map((m) => m.msgId)).toEqual(matching.map((m) => m.msgId));
    expect(inbox.all.map((m) => m.tags)).toEqual(matching.map((m) => m.tag));
  });
});
