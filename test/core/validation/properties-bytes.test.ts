import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { CODEC_PROPERTY } from '../../../core/message/system-properties.js';
import { estimatePropertiesBytes, propertiesBytesBound, SEND_TIME_PROPERTIES_RESERVE } from '../../../core/validation/message.js';

/** The estimate as its definition reads: every entry's UTF-8 name and value plus two separators, and the reserve. */
function reference(msg: Message, codecName: string): number {
  const entry = (name: string, value: string) => Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8') + 2;
  let total = SEND_TIME_PROPERTIES_RESERVE + entry(CODEC_PROPERTY, codecName);
  for (const [name, value] of Object.entries(msg.properties)) total += entry(name, value);
  if (msg.tags !== undefined) total += entry('TAGS', msg.tags);
  if (msg.keys.length > 0) total += entry('KEYS', msg.keys.join(' '));
  return total;
}

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\u007f', '\u0080'), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** A message with any properties, tags and keys, and a codec name. */
const messageAndCodec = fc
  .tuple(fc.dictionary(text, text, { maxKeys: 4 }), fc.option(text, { nil: undefined }), fc.array(text, { maxLength: 3 }), text)
  .map(([properties, tags, keys, codec]) => ({ msg: new Message('T', 'x', { properties, ...(tags === undefined ? {} : { tags }), keys }), codec }));

describe('estimatePropertiesBytes', () => {
  it('counts the UTF-8 bytes of every name and value, ASCII or not, short or long', () => {
    fc.assert(
      fc.property(messageAndCodec, ({ msg, codec }) => {
        expect(estimatePropertiesBytes(msg, codec)).toBe(reference(msg, codec));
      }),
      { numRuns: 1000 },
    );
  });

  it('is never more than the bound validation checks first (so a message under the bound is under the limit)', () => {
    fc.assert(
      fc.property(messageAndCodec, ({ msg, codec }) => {
        expect(estimatePropertiesBytes(msg, codec)).toBeLessThanOrEqual(propertiesBytesBound(msg, codec));
      }),
      { numRuns: 1000 },
    );
  });
});
