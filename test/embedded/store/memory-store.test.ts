import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { runStoreConformance } from './conformance.js';
import { patchOffsets } from '../../../adapters/embedded/store/record-layout.js';
import { appendRequest, buildRecord } from './record-builder.js';

runStoreConformance('MemoryStore', async () => ({ store: new MemoryStore(), dispose: async () => {} }));

describe('MemoryStore retention', () => {
  it('drops the oldest records past maxBytes and raises minOffset', async () => {
    const size = appendRequest({ topic: 'T' }).record.length;
    const store = new MemoryStore({ maxBytes: size * 3 });
    await store.open();
    const res = [];
    for (let i = 0; i < 5; i++) res.push(...(await store.append([appendRequest({ topic: 'T', queueId: i % 2, storeTimestamp: 10 + i })])));
    expect(store.bytes).toBe(size * 3);
    expect([store.minOffset('T', 0), store.maxOffset('T', 0)]).toEqual([1, 3]);
    expect([store.minOffset('T', 1), store.maxOffset('T', 1)]).toEqual([1, 2]);
    expect(store.readRecord(res[1].physicalOffset)).toBeUndefined();
    expect(store.readRecord(res[2].physicalOffset)).toBeDefined();
    expect(store.readEntries('T', 0, 0, 10).map((e) => e.queueOffset)).toEqual([1, 2]);
    expect(store.earliestStoreTime('T', 0)).toBe(12);
    expect(store.offsetForTimestamp('T', 0, 0)).toBe(1);
    await store.close();
  });

  it('keeps a single record larger than the bound', async () => {
    const store = new MemoryStore({ maxBytes: 10 });
    await store.open();
    await store.append([appendRequest({ topic: 'T' })]);
    await store.append([appendRequest({ topic: 'T' })]);
    expect([store.minOffset('T', 0), store.maxOffset('T', 0)]).toEqual([1, 2]);
    await store.close();
  });
});

describe('MemoryStore.readRecord', () => {
  it('does not take a record-shaped message body for a record, even one naming its own offset', async () => {
    const store = new MemoryStore();
    await store.open();
    const inner = buildRecord({ topic: 'T' });
    const innerAt = appendRequest({ topic: 'T', body: inner }).record.indexOf(inner);
    patchOffsets(inner, 0, innerAt); // the first record is stored at physical offset 0, so its body starts at innerAt
    const [outer] = await store.append([appendRequest({ topic: 'T', body: inner })]);
    expect(store.readRecord(outer!.physicalOffset)?.indexOf(inner)).toBe(innerAt);
    expect(store.readRecord(innerAt)).toBeUndefined();
    await store.close();
  });
});
