import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';
import { appendRequest } from './record-builder.js';
import { tempDir } from './temp-dir.js';

describe('FileStore memory', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: FileStore;
  beforeEach(async () => {
    tmp = await tempDir();
    store = new FileStore({ dir: tmp.dir, readCacheBytes: 256 * 1024 });
    await store.open();
  });
  afterEach(async () => {
    await store.close();
    await tmp.remove();
  });

  it('serves a 50,000-record backlog from the start while holding only its bounded read cache', async () => {
    const total = 50_000;
    let bytes = 0;
    for (let base = 0; base < total; base += 1000) {
      const batch = Array.from({ length: 1000 }, (_, i) => appendRequest({ topic: 'M', body: `message-${base + i}` }));
      bytes += batch.reduce((n, r) => n + r.record.length, 0);
      await store.append(batch);
    }
    expect(bytes).toBeGreaterThan(16 * 256 * 1024);
    expect(store.stats().cachedBytes).toBe(0);

    let offset = 0;
    let peak = 0;
    const wrong: number[] = [];
    while (offset < total) {
      const got = store.readRecords('M', 0, offset, 32);
      if (got.length !== Math.min(32, total - offset)) break;
      got.forEach((r, i) => {
        const body = r.record.subarray(88, 88 + r.record.readInt32BE(84)).toString();
        if (r.queueOffset !== offset + i || body !== `message-${offset + i}`) wrong.push(offset + i);
      });
      peak = Math.max(peak, store.stats().cachedBytes);
      offset += got.length;
    }
    expect(offset).toBe(total);
    expect(wrong).toEqual([]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(256 * 1024);
    expect(store.stats().openFiles).toBeLessThanOrEqual(8);
  });
});
