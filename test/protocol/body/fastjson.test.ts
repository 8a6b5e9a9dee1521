import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entriesOf, JavaDouble, javaDoubleText, KeyedEntries, parseFastjson, writeFastjson } from '../../../adapters/remoting/protocol/body/index.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

describe('fastjson reader (§5.7)', () => {
  it('bare numeric keys become their decimal text', () => {
    expect(parseFastjson('{0:"a",1:"b",-3:"c",12345678901234567890:"d"}')).toEqual({ '0': 'a', '1': 'b', '-3': 'c', '12345678901234567890': 'd' });
  });

  it('object keys give KeyedEntries in document order', () => {
    const v = parseFastjson('{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:42,{"brokerName":"a","queueId":1,"topic":"t"}:7}}');
    const table = (v as { offsetTable: KeyedEntries }).offsetTable;
    expect(table).toBeInstanceOf(KeyedEntries);
    expect(table.entries).toEqual([
      [{ brokerName: 'b', queueId: 0, topic: 't' }, 42],
      [{ brokerName: 'a', queueId: 1, topic: 't' }, 7],
    ]);
    expect(entriesOf(table)).toBe(table.entries);
    expect(parseFastjson('{[1,2]:"x"}')).toEqual(new KeyedEntries([[[1, 2], 'x']]));
  });

  it('keepKeyOrder keeps index-like keys where they were', () => {
    const s = '{"b":1,"10":2,"a":3}';
    expect(Object.keys(parseFastjson(s) as object)).toEqual(['10', 'b', 'a']);
    expect(entriesOf(parseFastjson(s, { keepKeyOrder: true })).map(([k]) => k)).toEqual(['b', '10', 'a']);
  });

  it('standard JSON details: escapes, whitespace, nesting, numbers, __proto__ as a plain key', () => {
    expect(parseFastjson(' { "a" : [ 1 , -2.5e3 , true , false , null ] , "s" : "q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE80" } ')).toEqual({
      a: [1, -2500, true, false, null],
      s: 'q"\\/\b\f\n\r\té🚀',
    });
    const p = parseFastjson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(p)).toEqual(['__proto__']);
    expect((p as { x?: number }).x).toBeUndefined();
    expect(parseFastjson(Buffer.from('{"k":"ü"}'))).toEqual({ k: 'ü' });
    expect(parseFastjson(new Uint8Array(Buffer.from(' [] ')))).toEqual([]);
  });

  it('bad input is invalid-json-body with the position', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['{', 1],
      ['{"a" 1}', 5],
      ['{"a":1,}', 7],
      ['[1 2]', 3],
      ['"abc', 4],
      ['{"a":"\\x"}', 6],
      ['{"a":"\\u12G4"}', 6],
      ['01', 1],
      ['-', 1],
      ['1.', 2],
      ['1e', 2],
      ['tru', 0],
      ['{true:1}', 1],
      ['{"a":1} x', 8],
      ['[1,]', 3],
    ];
    for (const [text, position] of cases) {
      const err = protocolErrorOf(() => parseFastjson(text));
      expect([text, err.kind, err.context.position]).toEqual([text, 'invalid-json-body', position]);
      expect(typeof err.context.value).toBe('string');
    }
  });

  it('deep nesting is an error, not a stack overflow', () => {
    expect(protocolErrorOf(() => parseFastjson('['.repeat(100_000))).message).toMatch(/nesting/);
    expect(parseFastjson('['.repeat(500) + ']'.repeat(500))).toBeDefined();
  });

  it('property: parses JSON.stringify output exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const s = JSON.stringify(v);
        expect(parseFastjson(s)).toEqual(JSON.parse(s));
        expect(parseFastjson(JSON.stringify(v, null, 2))).toEqual(JSON.parse(s));
      }),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary text never crashes the reader — a value or an invalid-json-body', () => {
    const chars = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', 'u', '0', '1', '-', 'e', '.', ' ', 't', 'n', 'a');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 40 }), (s) => {
        try {
          parseFastjson(s);
        } catch (err) {
          expect((err as { kind?: string }).kind).toBe('invalid-json-body');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fastjson writer', () => {
  it('beans sorted and nulls omitted; maps in order; object and bare keys', () => {
    expect(writeFastjson({ b: 1, a: null, c: undefined, A: [1, null], s: new Set(['x']) })).toBe('{"A":[1,null],"b":1,"s":["x"]}');
    expect(writeFastjson(new Map<unknown, unknown>([['z', 1], [3, 'n'], [{ q: 1, p: 2 }, true], ['gone', null]]))).toBe('{"z":1,3:"n",{"p":2,"q":1}:true}');
    expect(writeFastjson(new Map([[3, 'n'], [1, 'm']]), { standard: true })).toBe('{"1":"m","3":"n"}');
    expect(writeFastjson('é€😀', { standard: true })).toBe('"\\u00E9\\u20AC\\uD83D\\uDE00"');
    expect(writeFastjson('é')).toBe('"é"');
    expect(writeFastjson([Number.NaN, 10n, 2n ** 60n])).toBe('[null,10,1152921504606846976]');
    expect(writeFastjson(2n ** 60n, { standard: true })).toBe('"1152921504606846976"');
  });

  it('Java doubles', () => {
    const cases: [number, string][] = [
      [0, '0.0'],
      [-0, '-0.0'],
      [1, '1.0'],
      [2.5, '2.5'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1.5e-7, '1.5E-7'],
      [9999999, '9999999.0'],
      [1e7, '1.0E7'],
      [12345678.9, '1.23456789E7'],
      [-3e21, '-3.0E21'],
    ];
    for (const [x, text] of cases) expect(javaDoubleText(x)).toBe(text);
    expect(writeFastjson({ d: new JavaDouble(0) })).toBe('{"d":0.0}');
    expect(javaDoubleText(Number.POSITIVE_INFINITY)).toBe('null');
  });

  /** What a fastjson round trip keeps: bean properties that are null are dropped (array elements stay). */
  const withoutNullProperties = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(withoutNullProperties);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      if (k === '__proto__') Object.defineProperty(out, k, { value: withoutNullProperties(x), enumerable: true, writable: true, configurable: true });
      else out[k] = withoutNullProperties(x);
    }
    return out;
  };

  it('property: writer output of plain JSON data is read back equal, null properties omitted', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const plain: unknown = JSON.parse(JSON.stringify(v));
        expect(parseFastjson(writeFastjson(plain))).toEqual(withoutNullProperties(plain));
      }),
      { numRuns: 200 },
    );
  });
});
