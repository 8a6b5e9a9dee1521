import { unpack } from 'msgpackr';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../adapters/embedded/index.js';
import { Message } from '../../core/message/message.js';
import type { MessageQueue } from '../../core/message/message-queue.js';
import { aliKeys, type AliPeer, type AliReceived } from './support/ali-peer.js';
import { duplicates } from './support/inbox.js';
import { closePeers, openPeers } from './support/peers.js';
import type { RxPeer } from './support/rx-peer.js';

const uniqKey = (m: AliReceived) => m.properties.UNIQ_KEY ?? '';
const byUniqKey = (all: readonly AliReceived[]) => new Map(all.map((m) => [uniqKey(m), m]));
const text = (m: AliReceived | undefined) => m?.body?.toString('utf8');
const firstQueue = (queues: readonly MessageQueue[]) => queues[0];

describe('our producer → an ali-ons consumer', () => {
  let mq: EmbeddedBroker;
  let rx: RxPeer;
  let ali: AliPeer;

  beforeEach(async () => {
    ({ mq, rx, ali } = await openPeers({ port: 0, engine: { messageDelayLevel: '1s 2s' } }));
  });
  afterEach(() => closePeers({ mq, rx, ali }));

  it('reads raw, text, JSON and msgpackr bodies with their keys, user properties and codec property', async () => {
    const packed = rx.producer('PG_PACKED');
    const json = rx.producer('PG_JSON', { codec: 'json' });
    await Promise.all([packed.start(), json.start()]);
    const object = { id: 7, name: 'ünïcode', tags: ['x', 'y'], nested: { ok: true, none: null } };
    const options = (i: number) => ({ tags: 'Body', keys: [`k${i}`, `order-${i}`], properties: { color: 'blue', seq: String(i) } });
    const raw = await packed.send(new Message('InteropBodies', Buffer.from([0, 1, 2, 0xfe, 0xff]), options(1)));
    const str = await packed.send(new Message('InteropBodies', 'héllo, wörld', options(2)));
    const viaJson = await json.send(new Message('InteropBodies', object, options(3)));
    const viaPack = await packed.send(new Message('InteropBodies', object, options(4)));

    const { inbox } = await ali.consume('CG_ALI_BODIES', 'InteropBodies');
    const got = byUniqKey(await inbox.waitForCount(4, 10_000, 'ali-ons bodies'));
    expect(got.get(raw.msgId)?.body).toEqual(Buffer.from([0, 1, 2, 0xfe, 0xff]));
    expect(text(got.get(str.msgId))).toBe('héllo, wörld');
    expect(JSON.parse(text(got.get(viaJson.msgId))!)).toEqual(object);
    expect(unpack(got.get(viaPack.msgId)!.body!)).toEqual(object);
    const codecs = [raw, str, viaJson, viaPack].map((r) => got.get(r.msgId)?.properties.rmqrx_codec);
    expect(codecs).toEqual(['raw', 'text', 'json', 'msgpack']);
    [raw, str, viaJson, viaPack].forEach((r, i) => {
      const m = got.get(r.msgId)!;
      expect(m.tags).toBe('Body');
      expect(aliKeys(m)).toEqual([`k${i + 1}`, `order-${i + 1}`]);
      expect(m.properties).toMatchObject({ color: 'blue', seq: String(i + 1) });
      expect(m.sysFlag & 0x1).toBe(0);
    });
    expect(inbox.size).toBe(4);
  });

  it('a tag filter `a || b` hands ali-ons exactly the matching messages', async () => {
    const producer = rx.producer('PG_TAGS');
    await producer.start();
    const plan = ['c', 'a', undefined, 'b', 'c', 'a', 'ab', undefined, 'b', 'A', 'a'];
    const sent: { tag: string | undefined; msgId: string }[] = [];
    for (const [i, tag] of plan.entries()) {
      const message = new Message('InteropTags', `m${i}`, tag === undefined ? {} : { tags: tag });
      sent.push({ tag, msgId: (await producer.sendOrderly(message, firstQueue)).msgId });
    }
    const matching = sent.filter((s) => s.tag === 'a' || s.tag === 'b');

    // One queue, the last message matches: once every match arrived, every earlier offset has been passed over.
    const { inbox } = await ali.consume('CG_ALI_TAGS', 'InteropTags', 'a || b');
    await inbox.waitForCount(matching.length, 10_000, 'ali-ons tag filter');
    expect(inbox.all.map(uniqKey)).toEqual(matching.map((s) => s.msgId));
    expect(inbox.all.map((m) => m.tags)).toEqual(matching.map((s) => s.tag));
  });

  it('reads what send$, a oneway send and a committed transaction sent', async () => {
    const producer = rx.producer('PG_FORMS');
    await producer.start();
    const viaObservable = await firstValueFrom(producer.send$(new Message('InteropForms', 'observable', { keys: 'obs' })));
    await producer.sendOneway(new Message('InteropForms', 'oneway', { keys: 'oneway' }));
    const committed = await producer.sendInTransaction(new Message('InteropForms', 'committed', { keys: 'tx' }), () => 'COMMIT');
    const last = await producer.send(new Message('InteropForms', 'last', { keys: 'last' }));

    const { inbox } = await ali.consume('CG_ALI_FORMS', 'InteropForms');
    const known = [viaObservable.msgId, committed.msgId, last.msgId];
    const all = await inbox.waitUntil((got) => got.length >= 4 && known.every((id) => got.some((m) => uniqKey(m) === id)), 10_000, 'ali-ons send forms');
    expect(all.map(text).sort()).toEqual(['committed', 'last', 'observable', 'oneway']);
    const tx = byUniqKey(all).get(committed.msgId)!;
    expect(tx.properties.TRAN_MSG).toBe('true');
    expect(tx.sysFlag & 0xc).toBe(0x8); // TRANSACTION_COMMIT_TYPE
  });

  it('reads a body over 4 KiB that we compressed (zlib, sysFlag 0x301) decompressed', async () => {
    const producer = rx.producer('PG_BIG');
    await producer.start();
    const big = Array.from({ length: 600 }, (_, i) => `line ${i}: the quick brown fox`).join('\n');
    const noise = Buffer.from(Array.from({ length: 6_000 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff));
    const textSent = await producer.send(new Message('InteropBig', big, { keys: 'big-text' }));
    const rawSent = await producer.send(new Message('InteropBig', noise, { keys: 'big-raw' }));

    const { inbox } = await ali.consume('CG_ALI_BIG', 'InteropBig');
    const got = byUniqKey(await inbox.waitForCount(2, 10_000, 'ali-ons big bodies'));
    expect(text(got.get(textSent.msgId))).toBe(big);
    expect(got.get(rawSent.msgId)?.body).toEqual(noise);
    for (const m of got.values()) expect(m.sysFlag & 0x301).toBe(0x301);
  });

  it('reads a delayed message once its delay level has passed', async () => {
    const producer = rx.producer('PG_DELAY');
    await producer.start();
    await producer.send(new Message('InteropDelay', 'now'));
    const { inbox } = await ali.consume('CG_ALI_DELAY', 'InteropDelay');
    await inbox.waitForCount(1, 10_000, 'ali-ons immediate message');

    const sentAt = Date.now();
    const later = await producer.send(new Message('InteropDelay', 'later', { delayLevel: 1, keys: 'delayed' }));
    const [, delayed] = await inbox.waitForCount(2, 10_000, 'ali-ons delayed message');
    const arrivedAfter = Date.now() - sentAt;
    expect(uniqKey(delayed!)).toBe(later.msgId);
    expect(text(delayed)).toBe('later');
    expect(delayed!.properties).toMatchObject({ DELAY: '1', KEYS: 'delayed', REAL_TOPIC: 'InteropDelay' });
    expect(arrivedAfter).toBeGreaterThanOrEqual(900);
  });

  it('reads each message of a batch send as its own message', async () => {
    const producer = rx.producer('PG_BATCH');
    await producer.start();
    const batch = await producer.sendBatch([
      new Message('InteropBatch', 'b0', { tags: 'T0', keys: 'bk0', properties: { n: '0' } }),
      new Message('InteropBatch', { n: 1 }, { tags: 'T1', keys: 'bk1', properties: { n: '1' } }),
      new Message('InteropBatch', Buffer.from('b2'), { tags: 'T2', keys: 'bk2', properties: { n: '2' } }),
    ]);
    const ids = batch.msgId.split(',');

    const { inbox } = await ali.consume('CG_ALI_BATCH', 'InteropBatch');
    const got = byUniqKey(await inbox.waitForCount(3, 10_000, 'ali-ons batch'));
    expect(ids.map((id) => got.get(id)?.tags)).toEqual(['T0', 'T1', 'T2']);
    expect(ids.map((id) => aliKeys(got.get(id)!))).toEqual([['bk0'], ['bk1'], ['bk2']]);
    expect(ids.map((id) => got.get(id)?.properties.n)).toEqual(['0', '1', '2']);
    expect(text(got.get(ids[0]!))).toBe('b0');
    expect(unpack(got.get(ids[1]!)!.body!)).toEqual({ n: 1 });
    expect(text(got.get(ids[2]!))).toBe('b2');
    expect(ids.map((id) => got.get(id)?.queueId)).toEqual([batch.queue.queueId, batch.queue.queueId, batch.queue.queueId]);
  });

  it('reads orderly sends in per-key order, each key in one queue', async () => {
    const producer = rx.producer('PG_ORDER');
    await producer.start();
    const keys = ['order-1', 'order-2', 'order-3'];
    for (let i = 0; i < 8; i++) {
      for (const key of keys) await producer.sendOrderly(new Message('InteropOrder', `${key}:${i}`, { keys: key }), key);
    }

    const { inbox } = await ali.consume('CG_ALI_ORDER', 'InteropOrder');
    const all = await inbox.waitForCount(keys.length * 8, 10_000, 'ali-ons orderly');
    expect(duplicates(all, uniqKey)).toEqual([]);
    for (const key of keys) {
      const mine = all.filter((m) => aliKeys(m)[0] === key);
      expect(new Set(mine.map((m) => m.queueId)).size).toBe(1);
      expect(mine.map(text)).toEqual(Array.from({ length: 8 }, (_, i) => `${key}:${i}`));
    }
  });
});
