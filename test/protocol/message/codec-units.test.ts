import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bodyCrc,
  buildPullSysFlag,
  clearCommitOffsetFlag,
  compressBody,
  compressionTypeOf,
  crc32,
  decodeStoredMessages,
  decompressBody,
  isInnerBatch,
  javaStringHashCode,
  joinKeys,
  MessageSysFlag,
  parsePullSysFlag,
  shouldCompress,
  splitKeys,
  tableCrc32,
  tagsCode,
  transactionTypeOf,
  withTransactionType,
  ZLIB_COMPRESSED_SYSFLAG,
} from '../../../adapters/remoting/protocol/message/index.js';
import { loadCapture } from '../helpers/body-captures.js';

describe('sysFlag helpers (§6.2, §4.2, §8.1)', () => {
  it('message bits', () => {
    expect(ZLIB_COMPRESSED_SYSFLAG).toBe(0x301);
    expect(compressionTypeOf(0x301)).toBe(3);
    expect(transactionTypeOf(0x301 | MessageSysFlag.TRANSACTION_ROLLBACK_TYPE)).toBe(12);
    expect(withTransactionType(0x30c, MessageSysFlag.TRANSACTION_COMMIT_TYPE)).toBe(0x308);
    expect(isInnerBatch(0xc0)).toBe(true);
    expect(isInnerBatch(0x80)).toBe(false);
  });

  it('pull bits: the push consumer sends SUSPEND (+ COMMIT_OFFSET), the pull consumer SUBSCRIPTION only', () => {
    expect(buildPullSysFlag({ commitOffset: true, suspend: true })).toBe(3);
    expect(buildPullSysFlag({ subscription: true })).toBe(4);
    expect(buildPullSysFlag({ classFilter: true, litePull: true })).toBe(0x18);
    expect(parsePullSysFlag(3)).toEqual({ commitOffset: true, suspend: true, subscription: false, classFilter: false, litePull: false });
    expect(clearCommitOffsetFlag(7)).toBe(6);
    const pulls = loadCapture('json-v2').filter((f) => f.codeName === 'PULL_MESSAGE' && f.kind === 'request');
    // json-v2: the pull consumer (4), then the push consumer (2: nothing committed yet, so no COMMIT_OFFSET).
    expect(new Set(pulls.map((f) => f.extFields.sysFlag))).toEqual(new Set(['4', '2']));
  });
});

describe('tags and keys (§8.6)', () => {
  it('tag codes are Java hashCodes, 0 without tags', () => {
    expect([tagsCode('TagA'), tagsCode('TagB'), tagsCode('*'), tagsCode(undefined), tagsCode('')]).toEqual([2598919, 2598920, 42, 0, 0]);
    expect(javaStringHashCode('TagA')).toBe(2598919);
  });

  it('keys split on single spaces', () => {
    expect(splitKeys('KEY-1 KEY-ONE')).toEqual(['KEY-1', 'KEY-ONE']);
    expect(splitKeys('a  b ')).toEqual(['a', 'b']);
    expect(splitKeys(undefined)).toEqual([]);
    expect(joinKeys(['a', 'b'])).toBe('a b');
  });
});

describe('crc32', () => {
  it('known values, and BODYCRC of vector c, in both implementations', () => {
    for (const f of [crc32, tableCrc32]) {
      expect(f(Buffer.from('123456789'))).toBe(0xcbf43926);
      expect(f(Buffer.alloc(0))).toBe(0);
    }
    expect(bodyCrc(Buffer.from('Hello RocketMQ'))).toBe(1774740973);
  });

  it('property: the table implementation equals the one in use (native where there is one), over any range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (d, a, b) => {
        const [start, end] = [Math.min(a, b) % (d.length + 1), Math.max(a, b) % (d.length + 1)];
        expect(crc32(d)).toBe(tableCrc32(d));
        expect(crc32(d, Math.min(start, end), Math.max(start, end))).toBe(tableCrc32(d, Math.min(start, end), Math.max(start, end)));
      }),
    );
  });

  it('ranges: crc32(data, start, end) = crc32(data.subarray(start, end))', () => {
    const d = Buffer.from('xxHello RocketMQyy');
    expect(crc32(d, 2, 16)).toBe(crc32(Buffer.from('Hello RocketMQ')));
  });
});

describe('compression (§6.2)', () => {
  it('Node zlib at level 5 reproduces the Java producer’s compressed body byte for byte', () => {
    const f = loadCapture('json-v2').find((x) => x.file.startsWith('frames/031_')) ?? loadCapture('json-v2')[0];
    const m = decodeStoredMessages(f?.body ?? Buffer.alloc(0))[2];
    expect(m?.sysFlag).toBe(ZLIB_COMPRESSED_SYSFLAG);
    expect(compressBody(m?.body ?? Buffer.alloc(0)).equals(m?.storedBody ?? Buffer.alloc(1))).toBe(true);
  });

  it('decompresses legacy (type 0) and ZLIB (type 3); leaves uncompressed bodies alone', () => {
    const raw = Buffer.from('x'.repeat(5000));
    const z = compressBody(raw);
    expect(decompressBody(z, 0x1).equals(raw)).toBe(true);
    expect(decompressBody(z, 0x301).equals(raw)).toBe(true);
    expect(decompressBody(z, 0x300)).toBe(z);
    expect(shouldCompress(raw)).toBe(true);
    expect(shouldCompress(Buffer.alloc(4095))).toBe(false);
  });
});
