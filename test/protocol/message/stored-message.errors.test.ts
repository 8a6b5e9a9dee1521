import { describe, expect, it } from 'vitest';
import {
  compressBody,
  decodeStoredMessages,
  encodeStoredMessage,
  readRecordHeaderFields,
  type StoredMessageFields,
} from '../../../adapters/remoting/protocol/message/index.js';
import { readVector } from '../helpers/body-captures.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

const c = readVector('c_pulled_message.bin');
const two = Buffer.concat([c, c]);
const BODY_LEN_AT = 84;
const TOPIC_LEN_AT = 88 + 14;
const PROPS_LEN_AT = TOPIC_LEN_AT + 1 + 9;

function patched(base: Buffer, at: number, write: (b: Buffer, at: number) => void): Buffer {
  const b = Buffer.from(base);
  write(b, at);
  return b;
}

const fields = (over: Partial<StoredMessageFields>): StoredMessageFields => ({
  topic: 'T',
  queueId: 0,
  bornTimestamp: 1,
  bornHost: '127.0.0.1:1',
  storeTimestamp: 2,
  storeHost: '127.0.0.1:10911',
  body: Buffer.from('b'),
  ...over,
});

describe('corrupt stored-message bodies: typed errors naming the offending value', () => {
  it('wrong magic → bad-magic with the magic in hex, after the good records', () => {
    const bad = patched(two, 204 + 4, (b, at) => b.writeUInt32BE(0xcbd43194, at));
    const err = protocolErrorOf(() => decodeStoredMessages(bad));
    expect(err.kind).toBe('bad-magic');
    expect(err.context).toMatchObject({ value: '0xCBD43194', offset: 204, decoded: 1 });
  });

  it('with onCorrupt "stop", returns the good records before the bad one (Java behaviour)', () => {
    const bad = patched(two, 204 + 4, (b, at) => b.writeUInt32BE(0, at));
    expect(decodeStoredMessages(bad, { onCorrupt: 'stop' }).map((m) => m.queueOffset)).toEqual([5]);
  });

  it('TOTALSIZE past the buffer → truncated-message with the TOTALSIZE', () => {
    const err = protocolErrorOf(() => decodeStoredMessages(two.subarray(0, 204 + 150)));
    expect(err.kind).toBe('truncated-message');
    expect(err.context).toMatchObject({ field: 'TOTALSIZE', value: 204, offset: 204, decoded: 1 });
  });

  it('TOTALSIZE below the minimum record size → truncated-message', () => {
    for (const size of [0, -1, 90]) {
      const err = protocolErrorOf(() => decodeStoredMessages(patched(c, 0, (b) => b.writeInt32BE(size, 0))));
      expect([err.kind, err.context.field, err.context.value]).toEqual(['truncated-message', 'TOTALSIZE', size]);
    }
  });

  it('a tail too short for TOTALSIZE and magic → truncated-message', () => {
    const err = protocolErrorOf(() => decodeStoredMessages(Buffer.concat([c, Buffer.from([0, 0, 0])])));
    expect(err.context).toMatchObject({ value: 3, offset: 204, decoded: 1 });
  });

  it('BODYLENGTH past the record, or negative → body-length-out-of-range with the length', () => {
    for (const len of [1000, 2 ** 31 - 1, -5]) {
      const err = protocolErrorOf(() => decodeStoredMessages(patched(c, BODY_LEN_AT, (b, at) => b.writeInt32BE(len, at))));
      expect([err.kind, err.context.value]).toEqual(['body-length-out-of-range', len]);
    }
  });

  it('TOPICLENGTH / PROPERTIESLENGTH past the record → truncated-message naming the field', () => {
    const topicErr = protocolErrorOf(() => decodeStoredMessages(patched(c, TOPIC_LEN_AT, (b, at) => b.writeInt8(120, at))));
    expect(topicErr.context).toMatchObject({ field: 'TOPICLENGTH', value: 120 });
    const negTopic = protocolErrorOf(() => decodeStoredMessages(patched(c, TOPIC_LEN_AT, (b, at) => b.writeInt8(-1, at))));
    expect(negTopic.context).toMatchObject({ field: 'TOPICLENGTH', value: -1 });
    const propsErr = protocolErrorOf(() => decodeStoredMessages(patched(c, PROPS_LEN_AT, (b, at) => b.writeInt16BE(91, at))));
    expect([propsErr.kind, propsErr.context.field, propsErr.context.value]).toEqual(['truncated-message', 'PROPERTIESLENGTH', 91]);
  });

  it('fields ending before TOTALSIZE → invalid-body (TOTALSIZE disagrees)', () => {
    const err = protocolErrorOf(() => decodeStoredMessages(patched(c, PROPS_LEN_AT, (b, at) => b.writeInt16BE(80, at))));
    expect(err.kind).toBe('invalid-body');
    expect(err.context).toMatchObject({ field: 'TOTALSIZE', value: 204, expected: 194 });
  });

  it('every truncation of a record is a typed error, never a crash', () => {
    for (let n = 1; n < c.length; n++) {
      expect(protocolErrorOf(() => decodeStoredMessages(c.subarray(0, n))).kind).toMatch(/truncated-message/);
    }
  });

  it('LZ4 / ZSTD bodies → decompression-failed naming the type; corrupt zlib too', () => {
    for (const [type, name] of [[1, 'LZ4'], [2, 'ZSTD']] as const) {
      const r = encodeStoredMessage(fields({ sysFlag: 0x1 | (type << 8) }));
      const err = protocolErrorOf(() => decodeStoredMessages(r));
      expect([err.kind, err.context.compressionType]).toEqual(['decompression-failed', name]);
      expect(decodeStoredMessages(r, { decompress: false })[0]?.body.toString()).toBe('b');
    }
    const zlibErr = protocolErrorOf(() => decodeStoredMessages(encodeStoredMessage(fields({ sysFlag: 0x301, body: Buffer.from('not zlib') }))));
    expect([zlibErr.kind, zlibErr.context.compressionType]).toEqual(['decompression-failed', 'ZLIB']);
    expect(zlibErr.cause).toBeInstanceOf(Error);
  });

  it('a zlib bomb stops at maxBodySize', () => {
    const r = encodeStoredMessage(fields({ sysFlag: 0x301, body: compressBody(Buffer.alloc(1 << 20)) }));
    expect(decodeStoredMessages(r)[0]?.body.length).toBe(1 << 20);
    expect(protocolErrorOf(() => decodeStoredMessages(r, { maxBodySize: 1000 })).kind).toBe('decompression-failed');
  });

  it('readRecordHeaderFields rejects bad magic, short buffers and small TOTALSIZE', () => {
    expect(protocolErrorOf(() => readRecordHeaderFields(patched(c, 4, (b, at) => b.writeInt32BE(7, at)))).kind).toBe('bad-magic');
    expect(protocolErrorOf(() => readRecordHeaderFields(c.subarray(0, 40))).kind).toBe('truncated-message');
    expect(protocolErrorOf(() => readRecordHeaderFields(c.subarray(0, 60))).context).toMatchObject({ field: 'header', minimum: 84 });
    expect(protocolErrorOf(() => readRecordHeaderFields(patched(c, 0, (b) => b.writeInt32BE(50, 0)))).context).toMatchObject({ field: 'TOTALSIZE', value: 50 });
  });
});

describe('encodeStoredMessage refuses what it cannot write', () => {
  it('bad host text, a V1 topic over 127 bytes, an unknown magic, oversized properties', () => {
    expect(protocolErrorOf(() => encodeStoredMessage(fields({ bornHost: 'nohost' }))).context).toMatchObject({ field: 'bornHost', value: 'nohost' });
    expect(protocolErrorOf(() => encodeStoredMessage(fields({ storeHost: '300.1.1.1:1' }))).context.field).toBe('storeHost');
    expect(protocolErrorOf(() => encodeStoredMessage(fields({ topic: 'x'.repeat(128), magicCode: 0xdaa320a7 | 0 }))).context.field).toBe('topic');
    expect(protocolErrorOf(() => encodeStoredMessage(fields({ magicCode: 0 }))).kind).toBe('bad-magic');
    expect(protocolErrorOf(() => encodeStoredMessage(fields({ properties: { k: 'v'.repeat(40000) } }))).kind).toBe('properties-malformed');
  });
});
