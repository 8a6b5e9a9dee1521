import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageStore } from '../../../adapters/embedded/store/message-store.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { isRocketMQError } from '../../../core/errors.js';
import { appendRequest, buildRecord } from './record-builder.js';

/** A store under test and how to dispose of what it created (temp dirs). */
export interface StoreFixture {
  store: MessageStore;
  dispose(): Promise<void>;
}

async function expectKind(p: Promise<unknown> | (() => unknown), kind: string): Promise<void> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(isRocketMQError(error) && error.kind).toBe(kind);
}

/** The behaviour every `MessageStore` must show; `create` returns a new, not yet opened store. */
export function runStoreConformance(name: string, create: () => Promise<StoreFixture>): void {
  describe(`${name}: MessageStore conformance`, () => {
    let fx: StoreFixture;
    let store: MessageStore;

    beforeEach(async () => {
      fx = await create();
      store = fx.store;
      await store.open();
    });
    afterEach(async () => {
      await store.close();
      await fx.dispose();
    });

    it('assigns consecutive queue offsets per queue and physical offsets that advance by record size', async () => {
      const reqs = [
        appendRequest({ topic: 'T', queueId: 0, body: 'a' }),
        appendRequest({ topic: 'T', queueId: 1, body: 'bb' }),
        appendRequest({ topic: 'T', queueId: 0, body: 'ccc' }),
      ];
      const sizes = reqs.map((r) => r.record.length);
      const res = await store.append(reqs);
      expect(res.map((r) => r.queueOffset)).toEqual([0, 0, 1]);
      expect(res[1].physicalOffset).toBe(res[0].physicalOffset + sizes[0]);
      expect(res[2].physicalOffset).toBe(res[1].physicalOffset + sizes[1]);
      const more = await store.append([appendRequest({ topic: 'T', queueId: 0 })]);
      expect(more[0]).toEqual({ queueOffset: 2, physicalOffset: res[2].physicalOffset + sizes[2] });
      expect(store.maxOffset('T', 0)).toBe(3);
      expect(store.maxOffset('T', 1)).toBe(1);
    });

    it('patches QUEUEOFFSET and PHYSICALOFFSET (bytes 20..35) and keeps every other byte', async () => {
      await store.append([appendRequest({ topic: 'T' }), appendRequest({ topic: 'T' })]);
      const original = buildRecord({ topic: 'T', body: 'payload', tags: 'TagA' });
      const [r] = await store.append([{ topic: 'T', queueId: 0, record: Buffer.from(original), tagsCode: 7, storeTimestamp: 1 }]);
      const stored = store.readRecord(r.physicalOffset)!;
      expect(stored.readBigInt64BE(20)).toBe(2n);
      expect(stored.readBigInt64BE(28)).toBe(BigInt(r.physicalOffset));
      expect(Buffer.concat([stored.subarray(0, 20), stored.subarray(36)])).toEqual(
        Buffer.concat([original.subarray(0, 20), original.subarray(36)]),
      );
    });

    it('reads entries, records by physical offset, and records of a queue bounded by count and bytes', async () => {
      const reqs = [0, 1, 2, 3, 4].map((i) => appendRequest({ topic: 'R', body: `m${i}`.repeat(10), tags: `t${i}`, storeTimestamp: 1000 + i }));
      const res = await store.append(reqs);
      const entries = store.readEntries('R', 0, 1, 3);
      expect(entries).toEqual(
        [1, 2, 3].map((i) => ({
          queueOffset: i,
          physicalOffset: res[i].physicalOffset,
          size: reqs[i].record.length,
          tagsCode: reqs[i].tagsCode,
          storeTimestamp: 1000 + i,
        })),
      );
      expect(store.readEntries('R', 0, 5, 10)).toEqual([]);
      expect(store.readEntries('R', 0, 3, 0)).toEqual([]);
      expect(store.readEntries('nope', 0, 0, 10)).toEqual([]);

      expect(store.readRecord(res[3].physicalOffset)).toEqual(reqs[3].record);
      expect(store.readRecord(res[3].physicalOffset + 1)).toBeUndefined();
      expect(store.readRecord(10 ** 12)).toBeUndefined();

      const all = store.readRecords('R', 0, 0, 32);
      expect(all.map((r) => r.queueOffset)).toEqual([0, 1, 2, 3, 4]);
      expect(all.map((r) => r.record)).toEqual(reqs.map((r) => r.record));
      const size = reqs[0].record.length;
      expect(store.readRecords('R', 0, 0, 32, size * 2).length).toBe(2);
      expect(store.readRecords('R', 0, 0, 32, size * 2 - 1).length).toBe(1);
      expect(store.readRecords('R', 0, 2, 32, 1).map((r) => r.queueOffset)).toEqual([2]);
      expect(store.readRecords('R', 0, 4, 2).length).toBe(1);
    });

    it('keeps tags codes and store times of any sign and size an int64 holds below 2^53', async () => {
      const codes = [0, -1, -2_147_483_648, 2_147_483_647, 1_732_500_000_000, -(2 ** 40) - 5, 2 ** 53 - 1];
      const reqs = codes.map((tagsCode, i) => ({ ...appendRequest({ topic: 'S', body: `s${i}`, storeTimestamp: 2 ** 41 + i }), tagsCode }));
      await store.append(reqs);
      const entries = store.readEntries('S', 0, 0, 32);
      expect(entries.map((e) => e.tagsCode)).toEqual(codes);
      expect(entries.map((e) => e.storeTimestamp)).toEqual(codes.map((_, i) => 2 ** 41 + i));
    });

    it('reads long ranges of records, bounded by count and bytes', async () => {
      const reqs = Array.from({ length: 150 }, (_, i) => appendRequest({ topic: 'B', body: `r${i}` }));
      await store.append(reqs);
      expect(store.readRecords('B', 0, 0, 1000).map((r) => r.record)).toEqual(reqs.map((r) => r.record));
      expect(store.readRecords('B', 0, 10, 100).map((r) => r.queueOffset)).toEqual(Array.from({ length: 100 }, (_, i) => 10 + i));
      const bytes = reqs.slice(5, 105).reduce((n, r) => n + r.record.length, 0);
      expect(store.readRecords('B', 0, 5, 1000, bytes).length).toBe(100);
    });

    it('reports min/max offsets, store times, offsets by time and the queues that exist', async () => {
      expect([store.minOffset('E', 0), store.maxOffset('E', 0), store.earliestStoreTime('E', 0)]).toEqual([0, 0, -1]);
      expect(store.offsetForTimestamp('E', 0, 5)).toBe(0);
      const times = [100, 200, 200, 300];
      await store.append(times.map((t) => appendRequest({ topic: 'E', queueId: 2, storeTimestamp: t })));
      await store.append([appendRequest({ topic: 'F', queueId: 0 })]);
      expect([store.minOffset('E', 2), store.maxOffset('E', 2), store.earliestStoreTime('E', 2)]).toEqual([0, 4, 100]);
      expect([50, 100, 150, 200, 250, 300, 301].map((t) => store.offsetForTimestamp('E', 2, t))).toEqual([0, 0, 1, 1, 3, 3, 4]);
      expect(store.queues()).toEqual(new Map([['E', 3], ['F', 1]]));
    });

    it('appends atomically: one invalid record rejects the whole call', async () => {
      const bad = buildRecord({ topic: 'A' });
      bad.writeInt32BE(bad.length + 1, 0);
      await expectKind(store.append([appendRequest({ topic: 'A' }), { ...appendRequest({ topic: 'A' }), record: bad }]), 'invalid-record');
      const badMagic = buildRecord({ topic: 'A' });
      badMagic.writeUInt32BE(0xcbd43194, 4);
      await expectKind(store.append([{ ...appendRequest({ topic: 'A' }), record: badMagic }]), 'invalid-record');
      await expectKind(store.append([appendRequest({ topic: 'A', queueId: -1 })]), 'invalid-argument');
      expect(store.maxOffset('A', 0)).toBe(0);
      const [r] = await store.append([appendRequest({ topic: 'A' })]);
      expect(r).toEqual({ queueOffset: 0, physicalOffset: expect.any(Number) });
    });

    it('serves records a pull decoder reads back (IPv4 and IPv6 hosts, magic V1 and V2, any topic name)', async () => {
      const longTopic = `L${'x'.repeat(140)}`;
      const reqs = [
        appendRequest({ topic: '%RETRY%group|a', queueId: 1, body: 'v4', tags: 'A', storeTimestamp: 11 }),
        appendRequest({ topic: '%RETRY%group|a', queueId: 1, body: 'v6', tags: 'B', storeTimestamp: 12, ipv6: true }),
        appendRequest({ topic: longTopic, queueId: 0, body: 'v2', storeTimestamp: 13 }),
      ];
      await store.append(reqs);
      const served = store.readRecords('%RETRY%group|a', 1, 0, 32);
      const decoded = decodeStoredMessages(Buffer.concat(served.map((r) => r.record)));
      expect(decoded.map((m) => [m.topic, m.queueId, m.queueOffset, m.physicalOffset, m.storeTimestamp, m.tags])).toEqual([
        ['%RETRY%group|a', 1, 0, served[0].physicalOffset, 11, 'A'],
        ['%RETRY%group|a', 1, 1, served[1].physicalOffset, 12, 'B'],
      ]);
      const [v2] = decodeStoredMessages(store.readRecords(longTopic, 0, 0, 1)[0].record);
      expect([v2.topic, v2.storeTimestamp]).toEqual([longTopic, 13]);
      expect(store.queues()).toEqual(new Map([['%RETRY%group|a', 2], [longTopic, 1]]));
    });

    it('keeps concurrent appends distinct and ordered', async () => {
      const reqs = Array.from({ length: 20 }, (_, i) => appendRequest({ topic: 'C', body: `x${i}` }));
      const calls = reqs.map((r, i) => store.append([r], { flush: i % 2 ? 'sync' : 'async' }));
      const res = (await Promise.all(calls)).flat();
      expect(res.map((r) => r.queueOffset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const phys = res.map((r) => r.physicalOffset);
      expect([...phys].sort((a, b) => a - b)).toEqual(phys);
      expect(store.readRecords('C', 0, 0, 32).map((r) => r.record)).toEqual(reqs.map((r) => r.record));
    });

    it('stores consumer offsets', async () => {
      expect(store.committedOffset('g', 'T', 0)).toBeUndefined();
      await store.commitOffset('g', 'T', 0, 5);
      await store.commitOffset('g', 'T', 1, 7);
      await store.commitOffset('g', 'U', 0, 1);
      await store.commitOffset('h', 'T', 0, 9);
      await store.commitOffset('g', 'T', 0, 6);
      expect(store.committedOffset('g', 'T', 0)).toBe(6);
      const all = store.committedOffsets('g');
      expect(all).toEqual(new Map([['T', new Map([[0, 6], [1, 7]])], ['U', new Map([[0, 1]])]]));
      all.get('T')!.set(0, 100);
      expect(store.committedOffset('g', 'T', 0)).toBe(6);
      expect(store.committedOffsets('none')).toEqual(new Map());
      await expectKind(store.commitOffset('g', 'T', 0, -1), 'invalid-argument');
    });

    it('stores topic configs and state', async () => {
      const cfg = { topicName: 'T', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0, order: false };
      await store.putTopicConfig(cfg);
      await store.putTopicConfig({ ...cfg, topicName: 'U', order: true });
      await store.putTopicConfig({ ...cfg, readQueueNums: 8 });
      const byName = (a: { topicName: string }, b: { topicName: string }) => a.topicName.localeCompare(b.topicName);
      expect(store.topicConfigs().sort(byName)).toEqual([
        { ...cfg, readQueueNums: 8 },
        { ...cfg, topicName: 'U', order: true },
      ]);
      await store.deleteTopicConfig('U');
      await store.deleteTopicConfig('never');
      expect(store.topicConfigs()).toEqual([{ ...cfg, readQueueNums: 8 }]);

      expect(store.getState('k')).toBeUndefined();
      await store.putState('k', 'v1');
      await store.putState('k', 'v2');
      await store.putState('other', '');
      expect([store.getState('k'), store.getState('other')]).toEqual(['v2', '']);
    });

    it('closes idempotently and refuses work once closed', async () => {
      await store.close();
      await store.close();
      await expectKind(store.append([appendRequest({ topic: 'T' })]), 'store-closed');
      await expectKind(() => store.readEntries('T', 0, 0, 1), 'store-closed');
      await expectKind(() => store.maxOffset('T', 0), 'store-closed');
      await expectKind(store.commitOffset('g', 'T', 0, 1), 'store-closed');
    });
  });
}
