import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeProperties, encodeProperties, MessageProperty } from '../../../adapters/remoting/protocol/message/index.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

const S1 = '\u0001';
const S2 = '\u0002';

describe('properties string (§6.4)', () => {
  it('encodes 4.9.x style: in order, no trailing separator', () => {
    expect(encodeProperties({ TAGS: 'TagA', KEYS: 'k1 k2', UNIQ_KEY: 'ID' })).toBe(`TAGS${S1}TagA${S2}KEYS${S1}k1 k2${S2}UNIQ_KEY${S1}ID`);
    expect(encodeProperties(new Map([['b', '1'], ['a', '2']]))).toBe(`b${S1}1${S2}a${S1}2`);
    expect(encodeProperties({})).toBe('');
    expect(encodeProperties({ a: '1', skipped: undefined })).toBe(`a${S1}1`);
  });

  it('decodes as Java does: drops short segments and misplaced separators, later duplicates win', () => {
    expect(decodeProperties(`a${S1}1${S2}b${S1}2${S2}`)).toEqual({ a: '1', b: '2' }); // 5.2 trailing separator
    expect(decodeProperties(`ab${S2}${S1}xx${S2}yy${S1}${S2}k${S1}v`)).toEqual({ k: 'v' });
    expect(decodeProperties(`a${S1}${S2}x${S1}y`)).toEqual({ x: 'y' }); // empty value: segment of length 2
    expect(decodeProperties(`k${S1}v${S1}w`)).toEqual({ k: `v${S1}w` });
    expect(decodeProperties(`k${S1}1${S2}k${S1}2`)).toEqual({ k: '2' });
    expect(decodeProperties('')).toEqual({});
    expect(decodeProperties('no separators at all')).toEqual({});
  });

  it('keeps a key named __proto__ as an own property', () => {
    const p = decodeProperties(`__proto__${S1}x${S2}a${S1}b`);
    expect(Object.keys(p)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
  });

  it('strict mode throws properties-malformed for segments Java would drop', () => {
    const err = protocolErrorOf(() => decodeProperties(`a${S1}1${S2}no separators`, { strict: true }));
    expect(err.kind).toBe('properties-malformed');
    expect(err.context).toEqual({ value: 'no separators', position: 4 });
    expect(decodeProperties(`a${S1}1${S2}`, { strict: true })).toEqual({ a: '1' });
    expect(protocolErrorOf(() => decodeProperties(`a${S1}`, { strict: true })).context.value).toBe(`a${S1}`);
  });

  it('rejects names and values no reader could get back', () => {
    for (const props of [{ [`a${S1}`]: 'v' }, { a: `v${S2}w` }, { a: `v${S1}` }, { '': 'v' }, { a: '' }]) {
      const err = protocolErrorOf(() => encodeProperties(props));
      expect(err.kind).toBe('properties-malformed');
      expect(err.context).toHaveProperty('value');
    }
  });

  it('MessageProperty has the §6.4 spellings', () => {
    expect(MessageProperty).toMatchObject({
      WAIT_STORE_MSG_OK: 'WAIT',
      DELAY_TIME_LEVEL: 'DELAY',
      REAL_QUEUE_ID: 'REAL_QID',
      TRANSACTION_PREPARED: 'TRAN_MSG',
      UNIQ_CLIENT_MESSAGE_ID_KEYIDX: 'UNIQ_KEY',
      CONSUME_START_TIMESTAMP: 'CONSUME_START_TIME',
      TRANSACTION_ID: '__transactionId__',
      SHARDING_KEY: '__SHARDINGKEY',
      FIRST_POP_TIME: '1ST_POP_TIME',
      CRC32: '__CRC32#',
    });
    expect(Object.keys(MessageProperty)).toHaveLength(61);
  });

  const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/[\u0001\u0002]/.test(s));
  const props = fc.dictionary(name, name, { maxKeys: 10 });

  it('property: decode(encode(p)) equals p (non-empty names/values without separators)', () => {
    fc.assert(
      fc.property(props, (p) => {
        expect(decodeProperties(encodeProperties(p))).toEqual(p);
        expect(Buffer.byteLength(encodeProperties(p))).toBe(Buffer.from(encodeProperties(p), 'utf8').length);
      }),
    );
  });

  it('property: decoding arbitrary text never throws (lenient) and yields only non-empty keys/values', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', S1, S2, 'é') }), (s) => {
        for (const [k, v] of Object.entries(decodeProperties(s))) {
          expect(k.length).toBeGreaterThan(0);
          expect(v.length).toBeGreaterThan(0);
          expect(k).not.toMatch(/[\u0001\u0002]/);
        }
      }),
    );
  });
});
