import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJsonHeader } from '../../adapters/remoting/protocol/header-json-scan.js';
import { decodeJsonHeader, encodeJsonHeader, type CommandHeader } from '../../adapters/remoting/protocol/index.js';

/** What the JSON.parse path makes of `bytes`: the header, or the error it throws. */
function parsed(bytes: Buffer): { header: CommandHeader } | { error: unknown } {
  try {
    return { header: decodeJsonHeader(bytes) };
  } catch (error) {
    return { error };
  }
}

/** The fast path must answer exactly what the JSON.parse path answers, or step aside (`undefined`). */
function expectSameAsParse(bytes: Buffer, mustScan = false): void {
  const framed = Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')]); // offsets inside a larger buffer
  const scanned = scanJsonHeader(framed, 2, 2 + bytes.length);
  if (mustScan) expect(scanned, bytes.toString()).toBeDefined();
  if (scanned === undefined) return;
  const reference = parsed(bytes);
  expect('header' in reference ? reference.header : reference.error, bytes.toString()).toStrictEqual(scanned);
  expect(Object.getOwnPropertyNames(scanned)).toEqual(Object.getOwnPropertyNames((reference as { header: CommandHeader }).header));
  const ext = (reference as { header: CommandHeader }).header.extFields;
  if (ext !== undefined) expect(Object.getOwnPropertyNames(scanned.extFields)).toEqual(Object.getOwnPropertyNames(ext));
  for (const field of ['code', 'opaque', 'flag', 'version'] as const) {
    expect(Object.is(scanned[field], (reference as { header: CommandHeader }).header[field])).toBe(true);
  }
}

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '\u0001', '\u0002', '"', '\\', '/', '\n', '\u007f', 'é', '😀'), maxLength: 30 }),
);
const header: fc.Arbitrary<CommandHeader> = fc.record(
  {
    code: int32,
    language: fc.oneof(fc.constantFrom('JAVA', 'NODE_JS'), text),
    version: int32,
    opaque: int32,
    flag: int32,
    remark: text,
    extFields: fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', '1', '007', 'constructor')), text, {
      maxKeys: 10,
      noNullPrototype: true,
    }),
  },
  { requiredKeys: ['code', 'language', 'version', 'opaque', 'flag'] },
);

describe('scanJsonHeader (the fast path of JSON header decoding)', () => {
  it('decodes every header the encoder writes, exactly as JSON.parse does', () => {
    fc.assert(fc.property(header, (h) => expectSameAsParse(encodeJsonHeader(h), true)), { numRuns: 2000 });
  });

  it('steps aside or agrees with JSON.parse on mutated headers', () => {
    const mutated = fc.tuple(header, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'cut'));
    fc.assert(
      fc.property(mutated, ([h, at, byte, how]) => {
        const bytes = encodeJsonHeader(h);
        const i = at % bytes.length;
        const b = Buffer.from(bytes);
        if (how === 'set') b[i] = byte;
        const out =
          how === 'insert' ? Buffer.concat([b.subarray(0, i), Buffer.of(byte), b.subarray(i)])
          : how === 'delete' ? Buffer.concat([b.subarray(0, i), b.subarray(i + 1)])
          : how === 'cut' ? b.subarray(0, i)
          : b;
        expectSameAsParse(out);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with JSON.parse on arbitrary JSON objects', () => {
    fc.assert(fc.property(fc.json(), (json) => expectSameAsParse(Buffer.from(json))), { numRuns: 1000 });
  });

  it('scans the Java shapes, and steps aside for what it does not cover', () => {
    const cases: [string, boolean][] = [
      ['{"code":0,"flag":1,"language":"JAVA","opaque":-7,"serializeTypeCurrentRPC":"JSON","version":401}', true],
      ['{"code":-0,"opaque":2147483647,"extFields":{}}', true],
      ['{"code":1,"opaque":1,"extFields":{"__proto__":"x","2":"b","1":"a","k":"\\u00e9\\ud83d\\ude00\\"\\\\\\/\\b\\f\\n\\r\\t"}}', true],
      ['{"code":1,"opaque":1,"extFields":{"k":"a","k":"b"},"remark":"é\u00ff"}', true],
      ['{"code":1,"opaque":1,"code":2}', true],
      ['{"code":1,"opaque":2147483648}', false],
      ['{"code":01,"opaque":1}', false],
      ['{"code":1.0,"opaque":1}', false],
      ['{"code":1e2,"opaque":1}', false],
      ['{"code":1,"opaque":1,"remark":null}', false],
      ['{"code":1,"opaque":1,"extFields":{"n":1}}', false],
      ['{"code":1,"opaque":1,"x":1}', false],
      ['{"code":1, "opaque":1}', false],
      ['{"code":1,"opaque":1} ', false],
      ['{"code":1,"opaque":1,"remark":"\\x"}', false],
      ['{"code":1,"opaque":1,"remark":"\\u12g4"}', false],
      ['{"code":1,"opaque":1,"remark":"a\tb"}', false],
      ['{"opaque":1}', false],
      ['{"code":1}', false],
      ['{}', false],
      ['[]', false],
    ];
    for (const [json, scans] of cases) {
      const bytes = Buffer.from(json);
      expect(scanJsonHeader(bytes, 0, bytes.length) !== undefined, json).toBe(scans);
      expectSameAsParse(bytes);
    }
  });

  it('gives each extFields key its own text when keys that share a remembered slot alternate', () => {
    // Same length, first and last byte: the same slot of the scanner's key memory, different keys.
    const keys = ['aXb', 'aYb', 'aXb', 'a\u00e9b', 'aYb', 'k'.repeat(70), 'aXb'];
    for (const [i, key] of keys.entries()) {
      const bytes = encodeJsonHeader({ code: 1, language: 'JAVA', version: 1, opaque: i, flag: 0, extFields: { [key]: String(i), z: 'v' } });
      expect(scanJsonHeader(bytes, 0, bytes.length)?.extFields).toStrictEqual({ [key]: String(i), z: 'v' });
      expectSameAsParse(bytes, true);
    }
  });

  it('decodes invalid UTF-8 inside a string as the whole-header decode does', () => {
    const bytes = Buffer.concat([Buffer.from('{"code":1,"opaque":1,"remark":"a'), Buffer.of(0xe9, 0x80), Buffer.from('b"}')]);
    expect(scanJsonHeader(bytes, 0, bytes.length)?.remark).toBe('a\ufffdb');
    expectSameAsParse(bytes, true);
  });
});
