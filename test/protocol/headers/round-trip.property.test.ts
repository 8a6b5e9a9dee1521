import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { javaHashMapOrder, type UntypedFieldSpec } from '../../../adapters/remoting/protocol/headers/index.js';
import { ALL_CODECS, type AnyCodec } from './sample-headers.js';

function valueArb(f: UntypedFieldSpec): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 24 });
    case 'boolean':
      return fc.boolean();
    case 'int':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    default:
      return f.longLimitsAsInfinity ? fc.oneof(fc.maxSafeInteger(), fc.constantFrom(Infinity, -Infinity)) : fc.maxSafeInteger();
  }
}

/** Headers of `codec`: required fields always, optional ones sometimes, plus some unknown ext fields. */
function headerArb(codec: AnyCodec): fc.Arbitrary<Record<string, unknown>> {
  const model = (required: boolean) => Object.fromEntries(codec.spec.fields.filter((f) => f.required === required).map((f) => [f.field, valueArb(f)]));
  const extra = fc.dictionary(fc.constantFrom('ReqT', 'AccessKey', 'Signature', 'MSG_REGION', 'TRACE_ON', 'X_Y'), fc.string({ maxLength: 8 }), { maxKeys: 3 });
  return fc
    .tuple(fc.record(model(true)), fc.record(model(false), { requiredKeys: [] }), extra)
    .map(([required, optional, extraFields]) => ({
      ...required,
      ...optional,
      ...(Object.keys(extraFields).length > 0 ? { extra: extraFields } : {}),
    }));
}

/** What decode gives back: the header plus the Java defaults for fields it left out. */
function withDefaults(codec: AnyCodec, header: Record<string, unknown>): Record<string, unknown> {
  const out = { ...header };
  for (const f of codec.spec.fields) if (out[f.field] === undefined && f.javaDefault !== undefined) out[f.field] = f.javaDefault;
  return out;
}

describe('decode(encode(h)) ≅ h for every header module', () => {
  it.each(ALL_CODECS)('%s', (_name, codec) => {
    fc.assert(
      fc.property(headerArb(codec), fc.constantFrom('java' as const, 'declaration' as const), (header, order) => {
        const ext = codec.encode(header, { order });
        expect(codec.decode(ext)).toEqual(withDefaults(codec, header));
        if (order === 'java') expect(Object.keys(ext)).toEqual(javaHashMapOrder(Object.keys(ext)));
        expect(Object.values(ext).every((v) => typeof v === 'string')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the encode fast path (no extra keys) writes what the general path writes', () => {
  // An `extra` whose only key duplicates a field's key adds nothing to the record (the field wins) but sends the
  // encode through the general path (a Map of values, its order computed from the keys present); the fast path keys its
  // order by the fields present. Both must give the same entries in the same order for every options combination.
  it.each(ALL_CODECS)('%s', (_name, codec) => {
    const required = codec.spec.fields.find((f) => f.required);
    fc.assert(
      fc.property(
        headerArb(codec),
        fc.constantFrom('java' as const, 'declaration' as const),
        fc.constantFrom('before' as const, 'after' as const),
        (generated, order, extraPosition) => {
          const { extra: _ignored, ...header } = generated;
          const present = codec.spec.fields.find((f) => header[f.field] !== undefined || f.javaDefault !== undefined) ?? required;
          if (present === undefined) return;
          const fast = codec.encode(header, { order, extraPosition });
          const general = codec.encode({ ...header, extra: { [present.key]: 'shadowed' } }, { order, extraPosition });
          expect(Object.entries(fast)).toEqual(Object.entries(general));
        },
      ),
      { numRuns: 40 },
    );
  });
});
