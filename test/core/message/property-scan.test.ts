import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import { propertyIn, scanConsumerProperties, type ConsumerProperties } from '../../../core/message/property-scan.js';

const NAMES = ['TAGS', 'KEYS', 'UNIQ_KEY', 'A', 'AB', 'RETRY_TOPIC', 'TAGSX', 'XTAGS', 'TRAN_MSG', '__transactionId__', 'ORIGIN_MESSAGE_ID', 'T', 'U', 'UNIQ'];
/** Texts built from names, values, both separators and stray characters, so that malformed segments occur too. */
const piece = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom('\u0001', '\u0002', '', 'v', 'x\u0001y'), fc.string({ maxLength: 4 }));
const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

describe('propertyIn', () => {
  it('finds what the full properties parse gives for a name, on any text', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...NAMES), (t, name) => {
        expect(propertyIn(t, name)).toBe(decodeProperties(t)[name]);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the last valid duplicate, skips a name inside a value and an empty value', () => {
    expect(propertyIn('TAGS\u0001a\u0002TAGS\u0001b', 'TAGS')).toBe('b');
    expect(propertyIn('TAGS\u0001a\u0002TAGS\u0001', 'TAGS')).toBe('a');
    expect(propertyIn('K\u0001x\u0001TAGS\u0001y', 'TAGS')).toBeUndefined();
    expect(propertyIn('XTAGS\u0001y', 'TAGS')).toBeUndefined();
    expect(propertyIn('TAGS\u0001v\u0001w\u0002K\u00011', 'TAGS')).toBe('v\u0001w');
    expect(propertyIn('', 'TAGS')).toBeUndefined();
  });
});

describe('scanConsumerProperties', () => {
  it('gives what propertyIn gives for each of its six names, on any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const found: ConsumerProperties = scanConsumerProperties(t);
        expect(found).toEqual({
          uniqKey: propertyIn(t, 'UNIQ_KEY'),
          keys: propertyIn(t, 'KEYS'),
          tags: propertyIn(t, 'TAGS'),
          transactionPrepared: propertyIn(t, 'TRAN_MSG'),
          transactionId: propertyIn(t, '__transactionId__'),
          originMsgId: propertyIn(t, 'ORIGIN_MESSAGE_ID'),
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every field, the absent ones undefined, and keeps the last non-empty duplicate', () => {
    const out = scanConsumerProperties('TAGS\u0001a\u0002UNIQ_KEY\u0001u\u0002TAGS\u0001\u0002TRAN_MSG\u0001true');
    expect(out).toEqual({ uniqKey: 'u', keys: undefined, tags: 'a', transactionPrepared: 'true', transactionId: undefined, originMsgId: undefined });
  });
});
