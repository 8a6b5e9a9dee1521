import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockCache } from '../../../adapters/embedded/store/block-cache.js';
import { FdPool } from '../../../adapters/embedded/store/fd-pool.js';
import { GroupRunner } from '../../../adapters/embedded/store/group-runner.js';
import { parseProperties } from '../../../adapters/embedded/store/record-fields.js';
import { decodeTopicDir, encodeTopicDir, segmentName } from '../../../adapters/embedded/store/store-layout.js';
import { tempDir } from './temp-dir.js';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupRunner (group commit)', () => {
  it('runs once for a call, and once more for all calls that arrived during a run', async () => {
    const runs: Array<ReturnType<typeof deferred>> = [];
    let started = deferred();
    const runner = new GroupRunner(() => {
      const d = deferred();
      runs.push(d);
      started.resolve();
      return d.promise;
    });
    const done: string[] = [];
    const a = runner.run().then(() => done.push('a'));
    const b = runner.run().then(() => done.push('b'));
    const c = runner.run().then(() => done.push('c'));
    expect(runs.length).toBe(1);
    started = deferred();
    runs[0].resolve();
    await a;
    expect(done).toEqual(['a']);
    await started.promise;
    expect(runs.length).toBe(2);
    expect(done).toEqual(['a']);
    runs[1].resolve();
    await Promise.all([b, c]);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(runs.length).toBe(2);
  });

  it('passes a failed run to its callers only, and runs again for the next call', async () => {
    let n = 0;
    const runner = new GroupRunner(async () => {
      if (n++ === 0) throw new Error('fsync failed');
    });
    await expect(runner.run()).rejects.toThrow('fsync failed');
    await expect(runner.run()).resolves.toBeUndefined();
    await runner.idle();
    expect(runner.busy).toBe(false);
  });
});

describe('topic directory names', () => {
  it('round-trip any topic and never produce a path separator or a dot name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (topic) => {
        const name = encodeTopicDir(topic);
        expect(name).toMatch(/^[A-Za-z0-9_%-]+$/);
        expect(decodeTopicDir(name)).toBe(topic);
      }),
    );
    expect(encodeTopicDir('%RETRY%g|x')).toBe('%25RETRY%25g%7Cx');
    expect(decodeTopicDir('%zz')).toBeUndefined();
    expect(decodeTopicDir('a%2a')).toBeUndefined();
    expect(segmentName(4096)).toBe('00000000000000004096');
  });
});

describe('parseProperties', () => {
  it('follows the §6.4 rules (empty names/values and short segments dropped, trailing separator allowed)', () => {
    expect(parseProperties('TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002')).toEqual(new Map([['TAGS', 'A'], ['KEYS', 'k1 k2']]));
    expect(parseProperties('\u0001x\u0002y\u0001\u0002ab\u0002Z\u0001v')).toEqual(new Map([['Z', 'v']]));
  });
});

describe('BlockCache', () => {
  it('serves reads across blocks and never holds more than its capacity', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    let loads = 0;
    const cache = new BlockCache(64, 256, (i) => {
      loads++;
      return data.subarray(i * 64, Math.min(data.length, i * 64 + 64));
    });
    expect(cache.read(60, 10)).toEqual(data.subarray(60, 70));
    expect(loads).toBe(2);
    expect(cache.read(62, 4)).toEqual(data.subarray(62, 66));
    expect(loads).toBe(2);
    for (let p = 0; p + 50 <= 1000; p += 50) {
      expect(cache.read(p, 50)).toEqual(data.subarray(p, p + 50));
      expect(cache.cachedBytes).toBeLessThanOrEqual(256);
    }
    expect(cache.read(990, 20)).toBeUndefined();
    cache.invalidate(0, 1000);
    expect(cache.cachedBytes).toBe(0);
  });
});

describe('FdPool', () => {
  it('stays within its bound, except for pinned descriptors, and closes everything', async () => {
    const tmp = await tempDir();
    try {
      const pool = new FdPool(2);
      const paths = [0, 1, 2, 3].map((i) => join(tmp.dir, `f${i}`));
      const pinned = pool.pin(paths[0], true);
      pool.fd(paths[1], true);
      pool.fd(paths[2], true);
      expect(pool.size).toBe(2);
      expect(pool.has(paths[0])).toBe(true);
      pool.fd(paths[3], true);
      pinned.release();
      expect(pool.size).toBe(2);
      expect(pool.has(paths[3])).toBe(true);
      pool.closeAll();
      expect(pool.size).toBe(0);
    } finally {
      await tmp.remove();
    }
  });
});
