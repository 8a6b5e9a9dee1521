import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';
import { isRocketMQError } from '../../../core/errors.js';
import { runStoreConformance } from './conformance.js';
import { tempDir } from './temp-dir.js';

runStoreConformance('FileStore', async () => {
  const tmp = await tempDir();
  return { store: new FileStore({ dir: tmp.dir }), dispose: tmp.remove };
});

runStoreConformance('FileStore (4 KiB segments, 3-entry queue files, no read cache, sync flush)', async () => {
  const tmp = await tempDir();
  const store = new FileStore({ dir: tmp.dir, segmentSize: 4096, queueFileEntries: 3, readCacheBytes: 0, flush: 'sync' });
  return { store, dispose: tmp.remove };
});

describe('FileStore: lock and options', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await tmp.remove();
  });

  it('refuses to open a directory that is already open in this process', async () => {
    const a = new FileStore({ dir: tmp.dir });
    await a.open();
    const b = new FileStore({ dir: tmp.dir });
    const error = await b.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRocketMQError(error) && error.kind).toBe('store-locked');
    await a.close();
    await b.open();
    await b.close();
  });

  it('closes a store whose open is still in progress', async () => {
    const store = new FileStore({ dir: tmp.dir });
    const opened = store.open();
    await store.close();
    await opened;
    expect(() => store.maxOffset('T', 0)).toThrow(/not open/);
    await store.open();
    expect(store.maxOffset('T', 0)).toBe(0);
    await store.close();
  });

  it('rejects bad options with the option named', () => {
    expect(() => new FileStore({ dir: tmp.dir, segmentSize: 5000 })).toThrow(/segmentSize/);
    expect(() => new FileStore({ dir: '' })).toThrow(/dir/);
  });
});
