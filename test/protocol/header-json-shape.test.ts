import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { type CommandHeader, decodeJsonHeader, jsonHeaderText } from '../../adapters/remoting/protocol/header-json.js';
import {
  forgetJsonHeaderShapes,
  knownJsonHeaderShapes,
  learnJsonHeaderShape,
  readJsonHeaderByShape,
} from '../../adapters/remoting/protocol/header-json-shape.js';
import { int32, text } from './send-header-arbitraries.js';

/** A frame holding exactly `headerText` as its JSON header (and a short body). */
function frameOf(headerText: string): Buffer {
  const header = Buffer.from(headerText, 'utf8');
  const frame = Buffer.alloc(8 + header.length + 4);
  frame.writeInt32BE(4 + header.length + 4, 0);
  frame.writeInt32BE(header.length, 4);
  header.copy(frame, 8);
  frame.write('body', 8 + header.length);
  return frame;
}

function headerEnd(frame: Buffer): number {
  return 8 + frame.readInt32BE(4);
}

/** The reference: the header decoded with JSON.parse. */
function general(frame: Buffer): CommandHeader {
  return decodeJsonHeader(frame.subarray(8, headerEnd(frame)));
}

function withoutBody(cmd: RemotingCommand): CommandHeader {
  const { body: _body, serializeType: _type, ...rest } = cmd;
  return rest;
}

/** `toEqual`, and the same extFields key order. */
function expectSame(actual: CommandHeader | undefined, expected: CommandHeader): void {
  expect(actual).toEqual(expected);
  expect(Object.keys(actual!.extFields ?? {})).toEqual(Object.keys(expected.extFields ?? {}));
}

const key = fc.oneof(fc.constantFrom('queueId', 'msgId', 'queueOffset', 'MSG_REGION', 'TRACE_ON', 'a', 'b'), fc.stringMatching(/^[A-Za-z_]{1,10}$/));
/** A value: mostly printable ASCII (the shapes' case), sometimes anything. */
const value = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[ -~]{0,40}$/) }, { weight: 1, arbitrary: text });

/** A header and others of the same keys with other values. */
const family = fc.record({
  // Now and then exactly the key lists of a Java broker's send and pull answers, which are made by object literals.
  keys: fc.oneof(
    { weight: 4, arbitrary: fc.uniqueArray(key, { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant<string[]>(['queueId', 'TRACE_ON', 'MSG_REGION', 'msgId', 'queueOffset']) },
    { weight: 1, arbitrary: fc.constant<string[]>(['suggestWhichBrokerId', 'nextBeginOffset', 'maxOffset', 'minOffset']) },
  ),
  remark: fc.boolean(),
  ext: fc.boolean(),
  members: fc.array(
    fc.record({ code: int32, flag: int32, opaque: int32, version: int32, language: value, remark: value, values: fc.array(value, { minLength: 6, maxLength: 6 }) }),
    { minLength: 2, maxLength: 4 },
  ),
});

function build(f: {
  keys: string[];
  remark: boolean;
  ext: boolean;
  members: { code: number; flag: number; opaque: number; version: number; language: string; remark: string; values: string[] }[];
}): CommandHeader[] {
  return f.members.map((m) => {
    const h: CommandHeader = { code: m.code, language: m.language, version: m.version, opaque: m.opaque, flag: m.flag };
    if (f.remark) h.remark = m.remark;
    if (f.ext) h.extFields = Object.fromEntries(f.keys.map((k, i) => [k, m.values[i]!]));
    return h;
  });
}

/** The values a shape keeps with its constant bytes (a broker writes them the same in every answer of a kind). */
function steadyOf(h: CommandHeader): string {
  return JSON.stringify([h.flag, h.version, h.language, ...['MSG_REGION', 'TRACE_ON', 'suggestWhichBrokerId'].map((k) => h.extFields?.[k])]);
}

beforeEach(() => forgetJsonHeaderShapes());

describe('JSON headers read by shape', () => {
  it('decodes what JSON.parse decodes, header after header of one shape', () => {
    fc.assert(
      fc.property(family, (f) => {
        for (const h of build(f)) {
          const frame = frameOf(jsonHeaderText(h));
          expectSame(withoutBody(decodeFrame(frame)), general(frame));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads the next header of a shape learned from the first', () => {
    fc.assert(
      fc.property(family, (f) => {
        forgetJsonHeaderShapes();
        const headers = build(f);
        const [first, ...rest] = headers.map((h) => frameOf(jsonHeaderText(h)));
        decodeFrame(first!);
        rest.forEach((frame, i) => {
          const read = readJsonHeaderByShape(frame, 8, headerEnd(frame));
          const plain = /^[\x20-\x7e]*$/.test(frame.toString('latin1', 8, headerEnd(frame))) && !frame.includes('\\', 8);
          const sameSteady = steadyOf(headers[i + 1]!) === steadyOf(headers[0]!);
          // Every header of plain values has the shape of the first, if the first was plain too and the values kept
          // with the constant bytes are the same; one where they differ is of another shape.
          if (read !== undefined) expectSame(read, general(frame));
          else if (plain && sameSteady && knownJsonHeaderShapes() === 1) expect.fail(`not read by shape: ${frame.toString('latin1', 8, headerEnd(frame))}`);
          if (!sameSteady && knownJsonHeaderShapes() === 1) expect(read).toBeUndefined();
        });
      }),
      { numRuns: 500 },
    );
  });

  const response = (opaque: number, offset: number): string =>
    `{"code":0,"extFields":{"queueId":"${offset & 3}","TRACE_ON":"true","MSG_REGION":"DefaultRegion","msgId":"7F00000100002A9F00000000000${10000 + offset}","queueOffset":"${offset}"},"flag":1,"language":"JAVA","opaque":${opaque},"serializeTypeCurrentRPC":"JSON","version":409}`;

  it('reads a send response as the Java broker writes it, after the first', () => {
    const first = frameOf(response(4, 0));
    expect(readJsonHeaderByShape(first, 8, headerEnd(first))).toBeUndefined();
    decodeFrame(first);
    for (let n = 1; n < 5; n++) {
      const frame = frameOf(response(4 + 2 * n, 1000 * n));
      expectSame(readJsonHeaderByShape(frame, 8, headerEnd(frame)), general(frame));
    }
  });

  it('reads a pull response as the Java broker writes it, after the first', () => {
    const pull = (opaque: number, next: number, remark: string): string =>
      `{"code":${remark === 'FOUND' ? 0 : 19},"extFields":{"suggestWhichBrokerId":"0","nextBeginOffset":"${next}","maxOffset":"${next + 7}","minOffset":"0"},"flag":1,"language":"JAVA","opaque":${opaque},"remark":"${remark}","serializeTypeCurrentRPC":"JSON","version":409}`;
    decodeFrame(frameOf(pull(39, 5, 'FOUND')));
    for (let n = 1; n < 5; n++) {
      const frame = frameOf(pull(39 + n, 5 + 32 * n, n % 2 === 0 ? 'FOUND' : 'OFFSET_OVERFLOW_ONE'));
      expectSame(readJsonHeaderByShape(frame, 8, headerEnd(frame)), general(frame));
    }
  });

  it('keeps steady values with the constant bytes: another region, trace flag or version is another shape, then read by it', () => {
    decodeFrame(frameOf(response(4, 0)));
    const others = [
      response(6, 1).replace('"DefaultRegion"', '"OtherRegion"'),
      response(6, 1).replace('"TRACE_ON":"true"', '"TRACE_ON":"false"'),
      response(6, 1).replace('"version":409', '"version":395'),
      response(6, 1).replace('"language":"JAVA"', '"language":"CPP"'),
    ];
    for (const headerText of others) {
      const frame = frameOf(headerText);
      expect(readJsonHeaderByShape(frame, 8, headerEnd(frame)), headerText).toBeUndefined();
      expectSame(withoutBody(decodeFrame(frame)), general(frame));
      const again = frameOf(headerText.replace('"opaque":6', '"opaque":8').replace('"queueOffset":"1"', '"queueOffset":"77"'));
      expectSame(readJsonHeaderByShape(again, 8, headerEnd(again)), general(again));
    }
    const original = frameOf(response(10, 5));
    expectSame(readJsonHeaderByShape(original, 8, headerEnd(original)), general(original));
  });

  it('declines a header whose bytes differ anywhere from its shape, or reads what JSON.parse reads; the frame still decodes', () => {
    decodeFrame(frameOf(response(4, 0)));
    const next = frameOf(response(6, 12));
    const end = headerEnd(next);
    fc.assert(
      fc.property(fc.integer({ min: 8, max: end - 1 }), fc.integer({ min: 0, max: 0xff }), (at, byte) => {
        const changed = Buffer.from(next);
        changed[at] = byte;
        let reference: CommandHeader | undefined;
        try {
          reference = general(changed);
        } catch {
          reference = undefined;
        }
        const read = readJsonHeaderByShape(changed, 8, end);
        if (read !== undefined) expectSame(read, reference!);
        if (reference === undefined) expect(() => decodeFrame(changed)).toThrow();
        else expectSame(withoutBody(decodeFrame(changed)), reference);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every byte of a matching header: a changed key, a longer value or an escaped one goes the general way', () => {
    decodeFrame(frameOf(response(4, 0)));
    const cases = [
      response(6, 1).replace('"msgId"', '"msgID"'),
      response(6, 1).replace('"DefaultRegion"', '"Default\\"Region"'),
      response(6, 1).replace('"DefaultRegion"', '"Défaut"'),
      response(6, 1).replace('"opaque":6', '"opaque":6.5'),
      response(6, 1).replace('"opaque":6', '"opaque":2147483648'),
      response(6, 1).replace('"flag":1', '"flag": 1'),
      response(6, 1).replace('"flag":1', '"flag":01'),
      response(6, 1).replace(',"version":409}', ',"version":409,"version":1}'),
      `${response(6, 1)}x`,
      `${response(6, 1)} `,
    ];
    for (const headerText of cases) {
      const frame = frameOf(headerText);
      expect(readJsonHeaderByShape(frame, 8, headerEnd(frame)), headerText).toBeUndefined();
      let reference: CommandHeader | undefined;
      try {
        reference = general(frame);
      } catch {
        reference = undefined;
      }
      if (reference === undefined) expect(() => decodeFrame(frame)).toThrow();
      else expectSame(withoutBody(decodeFrame(frame)), reference);
    }
  });

  it('learns no shape from a header it could not read back the same way', () => {
    const unlearnable = [
      response(4, 0).replace('"DefaultRegion"', '"Default\\u0041Region"'), // an escape
      response(4, 0).replace('"DefaultRegion"', '"Défaut"'), // non-ASCII
      response(4, 0).replace('"flag":1', '"flag": 1'), // whitespace
      response(4, 0).replace('"TRACE_ON"', '"__proto__"'), // a key that needs defining
      response(4, 0).replace('"TRACE_ON":"true"', '"queueId":"9"'), // a repeated key
      response(4, 0).replace('"flag":1', '"flag":1,"extra":2'), // a key the header does not have
      response(4, 0).replace('"MSG_REGION":"DefaultRegion"', `"MSG_REGION":"${'x'.repeat(2048)}"`), // too long
    ];
    for (const headerText of unlearnable) {
      const frame = frameOf(headerText);
      expect(() => decodeFrame(frame)).not.toThrow();
      learnJsonHeaderShape(frame, 8, headerEnd(frame), general(frame));
      expect(knownJsonHeaderShapes(), headerText).toBe(0);
    }
  });

  it('keeps no shape that reads its own header differently from the general decoder', () => {
    const frame = frameOf(response(4, 0));
    learnJsonHeaderShape(frame, 8, headerEnd(frame), { ...general(frame), opaque: 5 });
    learnJsonHeaderShape(frame, 8, headerEnd(frame), { ...general(frame), extFields: { ...general(frame).extFields, queueId: '1' } });
    learnJsonHeaderShape(frame, 8, headerEnd(frame), { ...general(frame), remark: 'r' });
    expect(knownJsonHeaderShapes()).toBe(0);
    learnJsonHeaderShape(frame, 8, headerEnd(frame), general(frame));
    expect(knownJsonHeaderShapes()).toBe(1);
  });

  it('keeps the last eight shapes, and after eight misses in a row learns from one in sixteen', () => {
    const shaped = (n: number): Buffer => frameOf(`{"code":0,"extFields":{"k${n}":"v"},"flag":1,"language":"JAVA","opaque":${n},"serializeTypeCurrentRPC":"JSON","version":1}`);
    for (let n = 0; n < 8; n++) decodeFrame(shaped(n));
    expect(knownJsonHeaderShapes()).toBe(8);
    const readable = (n: number): boolean => readJsonHeaderByShape(shaped(n), 8, headerEnd(shaped(n))) !== undefined;
    // The least recently read goes first.
    expect(readable(0)).toBe(true);
    decodeFrame(shaped(100));
    expect([readable(0), readable(1), readable(100)]).toEqual([true, false, true]);
    for (let n = 0; n < 8; n++) decodeFrame(shaped(200 + n)); // eight misses in a row, each learned
    // The 9th to 15th misses in a row learn nothing (asking is no hit, so the streak goes on); the 16th learns.
    for (let n = 8; n < 15; n++) decodeFrame(shaped(n));
    for (let n = 8; n < 15; n++) expect(readable(n)).toBe(false);
    decodeFrame(shaped(15));
    expect(knownJsonHeaderShapes()).toBe(8);
    expect(readable(15)).toBe(true);
    // A hit ends the streak: the next new shapes are learned at once again.
    decodeFrame(shaped(16));
    expect(readable(16)).toBe(true);
  });

  it('reads a header of no extFields and of empty extFields, and keeps a remark', () => {
    const variants = [
      (o: number) => `{"code":1,"flag":1,"language":"JAVA","opaque":${o},"serializeTypeCurrentRPC":"JSON","version":1}`,
      (o: number) => `{"code":1,"extFields":{},"flag":1,"language":"JAVA","opaque":${o},"remark":"no message ${o}","serializeTypeCurrentRPC":"JSON","version":1}`,
    ];
    for (const v of variants) {
      decodeFrame(frameOf(v(1)));
      const frame = frameOf(v(2));
      expectSame(readJsonHeaderByShape(frame, 8, headerEnd(frame)), general(frame));
    }
  });

  it('encodes and decodes a header of every field through the shape path', () => {
    const cmd = { code: 11, language: 'JAVA', version: 409, opaque: 9, flag: 0, remark: 'r', extFields: { a: '1' }, serializeType: 'JSON' as const };
    decodeFrame(encodeFrame(cmd));
    expect(decodeFrame(encodeFrame({ ...cmd, opaque: 10 }))).toEqual({ ...cmd, opaque: 10 });
  });
});
