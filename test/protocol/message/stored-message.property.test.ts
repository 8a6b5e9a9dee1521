import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compressBody,
  decodeStoredMessages,
  encodeStoredMessage,
  formatIp,
  parseIp,
  storedFieldsOf,
  toPlainMessage,
  type StoredMessageFields,
} from '../../../adapters/remoting/protocol/message/index.js';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int64 = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const port = fc.integer({ min: 0, max: 65535 });
const v6 = fc.ipV6().filter((s) => !s.includes('.')).map((s) => formatIp(parseIp(s) as Buffer, 0, 16));
const host = fc.oneof(fc.tuple(fc.ipV4(), port).map(([h, p]) => `${h}:${p}`), fc.tuple(v6, port).map(([h, p]) => `[${h}]:${p}`));
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter((s) => !/[\u0001\u0002]/.test(s));

const fields: fc.Arbitrary<StoredMessageFields> = fc.record({
  topic: fc.string({ unit: 'grapheme', maxLength: 70 }),
  queueId: int32,
  flag: int32,
  queueOffset: int64,
  physicalOffset: int64,
  // Any bits but COMPRESSED (a random body is not zlib) and the host bits (derived from the addresses).
  sysFlag: int32.map((f) => f & ~0x31),
  bornTimestamp: int64,
  bornHost: host,
  storeTimestamp: int64,
  storeHost: host,
  reconsumeTimes: int32,
  preparedTransactionOffset: int64,
  body: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  properties: fc.dictionary(text, text, { maxKeys: 6 }),
});

describe('stored message round trips (property-based)', () => {
  it('decode(encode(fields)) gives the fields back, and re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 4 }), (all) => {
        const records = all.map(encodeStoredMessage);
        const msgs = decodeStoredMessages(Buffer.concat(records));
        expect(msgs).toHaveLength(all.length);
        msgs.forEach((m, i) => {
          const f = all[i] as StoredMessageFields;
          const v6bits = (f.bornHost.startsWith('[') ? 0x10 : 0) | (f.storeHost.startsWith('[') ? 0x20 : 0);
          expect(toPlainMessage(m)).toMatchObject({ ...f, sysFlag: (f.sysFlag ?? 0) | v6bits, storedBody: f.body });
          expect(encodeStoredMessage(storedFieldsOf(m)).equals(records[i] as Buffer)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('compressed bodies come back inflated', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (raw) => {
        const r = encodeStoredMessage({ topic: 'T', queueId: 0, bornTimestamp: 0, bornHost: '1.1.1.1:1', storeTimestamp: 0, storeHost: '1.1.1.1:2', sysFlag: 0x301, body: compressBody(raw) });
        expect(Buffer.from(decodeStoredMessages(r)[0]?.body ?? []).equals(Buffer.from(raw))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('arbitrary bytes never crash or hang the decoder: a result or a ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (bytes, seed) => {
        const buf = Buffer.from(bytes);
        if (buf.length >= 8 && seed % 2 === 0) buf.writeInt32BE(0xdaa320a7 | 0, 4); // get past the magic check
        if (buf.length >= 8 && seed % 4 === 0) buf.writeInt32BE(buf.length, 0);
        try {
          decodeStoredMessages(buf);
        } catch (err) {
          expect((err as { name?: string }).name).toBe('ProtocolError');
        }
      }),
      { numRuns: 500 },
    );
  });
});
