import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAnyBatch } from '../../../adapters/remoting/protocol/message/batch.js';
import { decodeBatch, encodeBatch, encodeProperties } from '../../../adapters/remoting/protocol/message/index.js';
import { framesNamed, loadCapture, readVector } from '../helpers/body-captures.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

const e = readVector('e_batch_body.bin');

describe('SEND_BATCH_MESSAGE body (§6.6)', () => {
  it('vector e: decodes to m1, m2 and re-encodes byte-exact', () => {
    const items = decodeBatch(e);
    expect(items.map((m) => [m.body.toString(), m.flag, m.magicCode, m.bodyCrc])).toEqual([['m1', 0, 0, 0], ['m2', 0, 0, 0]]);
    expect(items.map((m) => Object.keys(m.properties))).toEqual([['WAIT', 'UNIQ_KEY'], ['WAIT', 'UNIQ_KEY']]);
    expect(encodeBatch(items).equals(e)).toBe(true);
    expect(encodeBatch(items.map((m) => ({ flag: m.flag, body: m.body, properties: m.properties }))).equals(e)).toBe(true);
  });

  it('the captured batch (batch-and-delay) decodes to what the capture tool saw, and re-encodes byte-exact', () => {
    const [frame] = framesNamed(loadCapture('batch-and-delay'), 'SEND_BATCH_MESSAGE');
    expect(frame).toBeDefined();
    if (frame === undefined) return;
    const items = decodeBatch(frame.body);
    const expected = (frame.indexBody?.batch_messages ?? []) as { flag: number; body: string; properties: Record<string, string> }[];
    expect(items.map((m) => ({ flag: m.flag, body: m.body.toString(), properties: m.properties }))).toEqual(expected);
    expect(items.map((m) => m.properties.KEYS)).toEqual(['BATCH-1', 'BATCH-2', 'BATCH-3']);
    expect(encodeBatch(items.map((m) => ({ flag: m.flag, body: m.body, properties: m.propertiesString }))).equals(frame.body)).toBe(true);
  });

  it('measures and writes properties as UTF-8 bytes; refuses an item whose properties pass 32767 bytes', () => {
    const items = [{ body: Buffer.from('a'), properties: { KEYS: 'clé-中文' } }, { flag: 7, body: Buffer.from('b'), properties: 'TAGS\u0001t\u0002' }];
    const body = encodeBatch(items);
    const decoded = decodeBatch(body);
    expect(decoded.map((m) => [m.flag, m.body.toString(), m.properties])).toEqual([[0, 'a', { KEYS: 'clé-中文' }], [7, 'b', { TAGS: 't' }]]);
    expect(body.readInt16BE(20 + 1)).toBe(Buffer.byteLength(encodeProperties({ KEYS: 'clé-中文' })));
    const big = protocolErrorOf(() => encodeBatch([items[0]!, { body: Buffer.alloc(0), properties: { KEYS: 'é'.repeat(16_384) } }]));
    expect([big.kind, big.context.index, big.context.value]).toEqual(['properties-malformed', 1, Buffer.byteLength(encodeProperties({ KEYS: 'é'.repeat(16_384) }))]);
  });

  it('an empty batch is an empty body', () => {
    expect(encodeBatch([]).length).toBe(0);
    expect(decodeBatch(Buffer.alloc(0))).toEqual([]);
  });

  it('corrupt items → typed errors naming the value and the good items before', () => {
    const truncated = protocolErrorOf(() => decodeBatch(e.subarray(0, 100)));
    expect([truncated.kind, truncated.context.value, truncated.context.decoded]).toEqual(['truncated-message', 75, 1]);
    const bodyLen = Buffer.from(e);
    bodyLen.writeInt32BE(500, 75 + 16);
    const err = protocolErrorOf(() => decodeBatch(bodyLen));
    expect([err.kind, err.context.value, err.context.offset]).toEqual(['body-length-out-of-range', 500, 75]);
    const propsLen = Buffer.from(e);
    propsLen.writeInt16BE(10, 22);
    expect(protocolErrorOf(() => decodeBatch(propsLen)).context).toMatchObject({ field: 'PROPERTIESLENGTH', value: 10 });
    for (let n = 1; n < e.length; n++) if (n !== 75) expect(protocolErrorOf(() => decodeBatch(e.subarray(0, n))).kind).toBe('truncated-message');
  });

  const text = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[\u0001\u0002]/.test(s));
  const item = fc.record({
    flag: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    body: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    properties: fc.dictionary(text, text, { maxKeys: 5 }),
  });

  it('property: decode(encode(items)) gives the items back; encode(decode(bytes)) the bytes', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const bytes = encodeBatch(items);
        const back = decodeBatch(bytes);
        expect(back.map((m) => ({ flag: m.flag, body: Buffer.from(m.body), properties: m.properties }))).toEqual(items);
        expect(back.map((m) => m.propertiesString)).toEqual(items.map((m) => encodeProperties(m.properties)));
        expect(encodeBatch(back).equals(bytes)).toBe(true);
      }),
    );
  });

  it('property: items of printable ASCII properties, written straight from their records, are the bytes of the general encoder', () => {
    // Mostly what a producer sets (the ASCII path), sometimes a part it leaves to the general encoder or refuses.
    const part = fc.oneof(
      { arbitrary: fc.stringMatching(/^[ -~]{1,16}$/), weight: 8 },
      { arbitrary: fc.constantFrom('', 'é', 'tab\t', 'a\u0001b', 'x\u0002'), weight: 1 },
    );
    const props = fc.array(fc.tuple(part, fc.option(part, { nil: undefined, freq: 8 })), { maxLength: 5 }).map((pairs) => {
      const record: Record<string, string | undefined> = {};
      for (const [name, value] of pairs) Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
      return record;
    });
    const items = fc.array(fc.record({ flag: fc.integer({ min: -5, max: 5 }), body: fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)), properties: props }), { maxLength: 5 });
    const outcome = (encode: () => Buffer): Buffer | string => {
      try {
        return encode();
      } catch (error) {
        return `${(error as { name?: string }).name}:${(error as { kind?: string }).kind}`;
      }
    };
    fc.assert(
      fc.property(items, (list) => {
        // `undefined` values (left out, as by the properties codec) are outside the declared type.
        const batch = list as unknown as Parameters<typeof encodeBatch>[0];
        expect(outcome(() => encodeBatch(batch))).toEqual(outcome(() => encodeAnyBatch(batch)));
      }),
      { numRuns: 500 },
    );
  });
});
