import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../adapters/embedded/index.js';
import { Message } from '../../core/message/message.js';
import type { ReceivedMessage } from '../../core/message/received-message.js';
import { AliMessage, type AliPeer, type AliReceived } from './support/ali-peer.js';
import { consumeProgress, createTopic } from './support/broker-view.js';
import { duplicates, Inbox } from './support/inbox.js';
import { closePeers, openPeers } from './support/peers.js';
import type { RxPeer } from './support/rx-peer.js';

const TOPIC = 'InteropSideBySide';

describe('an ali-ons consumer and ours in different groups on one topic', () => {
  let mq: EmbeddedBroker;
  let rx: RxPeer;
  let ali: AliPeer;

  beforeEach(async () => {
    ({ mq, rx, ali } = await openPeers({ port: 0, brokers: 2 }));
  });
  afterEach(() => closePeers({ mq, rx, ali }));

  it('each get everything produced, by our producer and by ali-ons, before and after they started', async () => {
    await createTopic(mq.brokers, TOPIC, 4);
    const ours = rx.producer('PG_SIDE_RX');
    await ours.start();
    const theirs = await ali.producer('PG_SIDE_ALI');
    /** Offset message ids: the one id both clients show for a message, whoever sent it. */
    const sent: string[] = [];
    const produce = async (round: string, count: number) => {
      for (let i = 0; i < count; i++) {
        sent.push((await ours.send(new Message(TOPIC, `rx ${round} ${i}`, { tags: 'rx' }))).offsetMsgId);
        sent.push((await theirs.send(new AliMessage(TOPIC, 'ali', Buffer.from(`ali ${round} ${i}`)))).msgId);
      }
    };
    await produce('before', 10);

    const mine = new Inbox<ReceivedMessage>();
    const { consumer, events } = rx.consumer('CG_SIDE_RX', (m) => mine.push(m));
    consumer.subscribe(TOPIC, '*');
    const { inbox: aliInbox } = await ali.consume('CG_SIDE_ALI', TOPIC);
    await consumer.start();
    await produce('after', 10);

    const [rxGot, aliGot] = await Promise.all([
      mine.waitForCount(sent.length, 10_000, 'our consumer'),
      aliInbox.waitForCount(sent.length, 10_000, 'ali-ons consumer'),
    ]);
    expect(duplicates(rxGot, (m) => m.offsetMsgId)).toEqual([]);
    expect(duplicates(aliGot, (m: AliReceived) => m.msgId)).toEqual([]);
    expect(new Set(rxGot.map((m) => m.offsetMsgId))).toEqual(new Set(sent));
    expect(new Set(aliGot.map((m) => m.msgId))).toEqual(new Set(sent));
    const bodies = (all: readonly { body?: Buffer | undefined }[]) => all.map((m) => m.body?.toString('utf8')).sort();
    expect(bodies(rxGot)).toEqual(bodies(aliGot));
    expect(bodies(rxGot).filter((b) => b?.startsWith('ali after'))).toHaveLength(10);

    await consumer.shutdown();
    expect(events.filter((e) => ['handler-failed', 'retry', 'dead-letter'].includes(e.type))).toEqual([]);
    const progress = await consumeProgress(mq, 'CG_SIDE_RX', TOPIC);
    expect(progress.reduce((n, q) => n + q.max, 0)).toBe(sent.length);
    for (const q of progress) expect(q, q.queue).toMatchObject({ committed: q.max });
  });
});
