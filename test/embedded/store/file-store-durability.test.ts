import { appendFileSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';
import type { AppendRequest } from '../../../adapters/embedded/store/message-store.js';
import { appendRequest } from './record-builder.js';
import { tempDir } from './temp-dir.js';

const small = { segmentSize: 4096, queueFileEntries: 16 };

function req(n: number, queueId = n % 3): AppendRequest {
  return appendRequest({ topic: 'D', queueId, body: `m${n}-${'y'.repeat(n % 40)}`, tags: `tag${n % 4}`, storeTimestamp: 1000 + n });
}

function segmentFiles(dir: string): string[] {
  return readdirSync(join(dir, 'commitlog')).sort();
}

describe('FileStore durability', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: FileStore;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await store?.close();
    await tmp.remove();
  });

  async function reopen(options = {}): Promise<FileStore> {
    await store?.close();
    store = new FileStore({ dir: tmp.dir, ...small, ...options });
    await store.open();
    return store;
  }

  it('keeps records, entries, offsets, configs and state across close and reopen', async () => {
    await reopen();
    const reqs = Array.from({ length: 60 }, (_, i) => req(i));
    const res = await store.append(reqs);
    await store.commitOffset('g', 'D', 1, 7);
    await store.putTopicConfig({ topicName: 'D', readQueueNums: 3, writeQueueNums: 3, perm: 6, topicSysFlag: 0, order: true });
    await store.putState('tx', '42');
    const entries = [0, 1, 2].map((q) => store.readEntries('D', q, 0, 100));

    await reopen();
    expect([0, 1, 2].map((q) => store.readEntries('D', q, 0, 100))).toEqual(entries);
    res.forEach((r, i) => expect(store.readRecord(r.physicalOffset)).toEqual(reqs[i].record));
    expect(store.committedOffset('g', 'D', 1)).toBe(7);
    expect(store.topicConfigs()).toEqual([{ topicName: 'D', readQueueNums: 3, writeQueueNums: 3, perm: 6, topicSysFlag: 0, order: true }]);
    expect(store.getState('tx')).toBe('42');
    expect(store.queues()).toEqual(new Map([['D', 3]]));
    expect(store.stats().recovery).toEqual({ truncatedBytes: 0, rebuiltEntries: 0 });

    const [next] = await store.append([req(60, 0)]);
    expect(next.queueOffset).toBe(20);
    expect(next.physicalOffset).toBeGreaterThanOrEqual(res[59].physicalOffset + reqs[59].record.length);
  });

  it('rolls over across several small segments named by their start offset; no record crosses a segment', async () => {
    await reopen();
    const reqs = Array.from({ length: 120 }, (_, i) => req(i));
    const res = await store.append(reqs.slice(0, 50));
    res.push(...(await store.append(reqs.slice(50), { flush: 'sync' })));
    const files = segmentFiles(tmp.dir);
    expect(files.length).toBeGreaterThan(3);
    files.forEach((f, i) => expect(f).toBe(String(i * 4096).padStart(20, '0')));
    res.forEach((r, i) => {
      expect(Math.floor(r.physicalOffset / 4096)).toBe(Math.floor((r.physicalOffset + reqs[i].record.length - 1) / 4096));
    });
    await reopen();
    res.forEach((r, i) => expect(store.readRecord(r.physicalOffset)).toEqual(reqs[i].record));
    expect(store.readRecords('D', 0, 0, 1000).map((r) => r.record)).toEqual(reqs.filter((_, i) => i % 3 === 0).map((r) => r.record));
  });

  it('repairs a torn tail: the partial record is cut and its queue entry dropped', async () => {
    await reopen();
    const reqs = Array.from({ length: 40 }, (_, i) => req(i, 0));
    const res = await store.append(reqs);
    await store.close();
    const files = segmentFiles(tmp.dir);
    const last = join(tmp.dir, 'commitlog', files[files.length - 1]);
    const lastStart = Number(files[files.length - 1]);
    const torn = res[39].physicalOffset - lastStart + 30;
    expect(torn).toBeLessThan(statSync(last).size);
    truncateSync(last, torn);

    await reopen();
    expect(store.stats().recovery.truncatedBytes).toBe(30);
    expect(store.maxOffset('D', 0)).toBe(39);
    expect(store.readRecord(res[39].physicalOffset)).toBeUndefined();
    expect(store.readRecords('D', 0, 0, 100).map((r) => r.record)).toEqual(reqs.slice(0, 39).map((r) => r.record));
    const [again] = await store.append([req(99, 0)]);
    expect(again).toEqual({ queueOffset: 39, physicalOffset: res[39].physicalOffset });
  });

  it('cuts garbage written after the last record', async () => {
    await reopen();
    const res = await store.append([req(0, 0), req(1, 0)]);
    await store.close();
    const files = segmentFiles(tmp.dir);
    appendFileSync(join(tmp.dir, 'commitlog', files[files.length - 1]), Buffer.from('not a record at all, just junk bytes'));
    await reopen();
    expect(store.stats().recovery.truncatedBytes).toBe(36);
    expect(store.maxOffset('D', 0)).toBe(2);
    const [next] = await store.append([req(2, 0)]);
    expect(next.physicalOffset).toBe(res[1].physicalOffset + req(1, 0).record.length);
  });

  it('rebuilds a missing consume-queue tail from the commit log (tags code from TAGS, store time from the record)', async () => {
    await reopen();
    const reqs = Array.from({ length: 30 }, (_, i) => req(i, 1));
    await store.append(reqs);
    const entries = store.readEntries('D', 1, 0, 100);
    await store.close();
    const queueDir = join(tmp.dir, 'consumequeue', 'D', '1');
    const cqFiles = readdirSync(queueDir).sort();
    expect(cqFiles).toEqual(['00000000000000000000', '00000000000000000448']);
    unlinkSync(join(queueDir, cqFiles[1]));
    truncateSync(join(queueDir, cqFiles[0]), 10 * 28 + 5);
    unlinkSync(join(tmp.dir, 'checkpoint.json'));

    await reopen();
    expect(store.stats().recovery.rebuiltEntries).toBe(20);
    expect(store.readEntries('D', 1, 0, 100)).toEqual(entries);
  });

  it('rebuilds entries of IPv6, magic-V2 and %-named topics with their store times', async () => {
    await reopen();
    const longTopic = `L${'z'.repeat(130)}`;
    const reqs = [
      appendRequest({ topic: '%DLQ%g', body: 'a', tags: 'x', storeTimestamp: 501, ipv6: true }),
      appendRequest({ topic: longTopic, queueId: 2, body: 'b', tags: 'y', storeTimestamp: 502 }),
    ];
    await store.append(reqs);
    const before = [store.readEntries('%DLQ%g', 0, 0, 5), store.readEntries(longTopic, 2, 0, 5)];
    await store.close();
    expect(readdirSync(join(tmp.dir, 'consumequeue')).sort()).toEqual(['%25DLQ%25g', longTopic].sort());
    for (const dir of [join('%25DLQ%25g', '0'), join(longTopic, '2')]) {
      unlinkSync(join(tmp.dir, 'consumequeue', dir, '00000000000000000000'));
    }
    unlinkSync(join(tmp.dir, 'checkpoint.json'));
    await reopen();
    expect(store.stats().recovery.rebuiltEntries).toBe(2);
    expect([store.readEntries('%DLQ%g', 0, 0, 5), store.readEntries(longTopic, 2, 0, 5)]).toEqual(before);
    expect(before.flat().map((e) => e.storeTimestamp)).toEqual([501, 502]);
  });

  it('recovers many queues through a small descriptor pool', async () => {
    const options = { maxOpenFiles: 8, segmentSize: 4 << 20, queueFileEntries: 1000 };
    await reopen(options);
    const reqs = Array.from({ length: 12_000 }, (_, i) => appendRequest({ topic: `Q${i % 25}`, body: `n${i}`, storeTimestamp: i }));
    await store.append(reqs);
    const before = Array.from({ length: 25 }, (_, t) => store.readEntries(`Q${t}`, 0, 0, 1000));
    await store.close();
    rmSync(join(tmp.dir, 'consumequeue'), { recursive: true });
    unlinkSync(join(tmp.dir, 'checkpoint.json'));
    await reopen(options);
    expect(store.stats().recovery.rebuiltEntries).toBe(12_000);
    expect(Array.from({ length: 25 }, (_, t) => store.readEntries(`Q${t}`, 0, 0, 1000))).toEqual(before);
    expect(store.stats().openFiles).toBeLessThanOrEqual(8);
  });

  it('uses the tagsCodeOf hook for rebuilt entries', async () => {
    await reopen();
    await store.append([req(0, 0), req(1, 0)]);
    await store.close();
    unlinkSync(join(tmp.dir, 'consumequeue', 'D', '0', '00000000000000000000'));
    unlinkSync(join(tmp.dir, 'checkpoint.json'));
    await reopen({ tagsCodeOf: (f: { storeTimestamp: number }) => f.storeTimestamp * 2 });
    expect(store.readEntries('D', 0, 0, 10).map((e) => e.tagsCode)).toEqual([2000, 2002]);
  });

  it('ignores a torn last line of the offset journal', async () => {
    await reopen({ offsetJournalBytes: 1 << 20 });
    await store.commitOffset('g', 'D', 0, 3);
    await store.close();
    appendFileSync(join(tmp.dir, 'offsets', 'journal'), '["g","D",0,9]\n["g","D",0,1');
    await reopen();
    expect(store.committedOffset('g', 'D', 0)).toBe(9);
  });

  it('compacts the offset journal once it passes its bound', async () => {
    await reopen({ offsetJournalBytes: 1024 });
    for (let i = 0; i < 200; i++) await store.commitOffset('g', 'D', i % 4, i);
    expect(statSync(join(tmp.dir, 'offsets', 'journal')).size).toBeLessThan(1024);
    await reopen();
    expect(store.committedOffsets('g').get('D')).toEqual(new Map([[0, 196], [1, 197], [2, 198], [3, 199]]));
  });

  it('owns its flush timer: async appends are synced by it; none left after close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await reopen({ flushIntervalMs: 500 });
      expect(vi.getTimerCount()).toBe(1);
      const before = store.stats().commitLogSyncs;
      await store.append([req(1)]);
      expect(store.stats().commitLogSyncs).toBe(before);
      vi.advanceTimersByTime(500);
      expect(store.stats().commitLogSyncs).toBe(before + 1);
      await store.close();
      await store.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('group-commits concurrent sync appends: appends arriving during a sync share the next one', async () => {
    await reopen({ flushIntervalMs: 3_600_000 });
    const before = store.stats().commitLogSyncs;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append([req(i)], { flush: 'sync' })));
    expect(store.stats().commitLogSyncs - before).toBe(2);
    await store.append([req(50)], { flush: 'async' });
    expect(store.stats().commitLogSyncs - before).toBe(2);
  });

  it('lets sync appends in flight finish when close is called', async () => {
    await reopen();
    const pending = Array.from({ length: 10 }, (_, i) => store.append([req(i)], { flush: 'sync' }));
    const closed = store.close();
    const results = await Promise.all(pending);
    await closed;
    expect(results.flat().length).toBe(10);
    await reopen();
    expect([0, 1, 2].map((q) => store.maxOffset('D', q))).toEqual([4, 3, 3]);
  });
});
