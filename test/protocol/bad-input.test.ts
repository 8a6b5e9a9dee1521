import { describe, expect, it } from 'vitest';
import {
  createRequest,
  decodeBinaryHeader,
  decodeFrame,
  decodeJsonHeader,
  encodeFrame,
  FrameDecoder,
  ProtocolError,
  type ProtocolErrorKind,
} from '../../adapters/remoting/protocol/index.js';
import { isRocketMQError } from '../../core/errors.js';

/** A frame built by hand (independently of the encoder): LENGTH | type<<24 | headerLen | header | body. */
function rawFrame(type: number, header: Buffer | string, body = Buffer.alloc(0)): Buffer {
  const h = typeof header === 'string' ? Buffer.from(header, 'utf8') : header;
  const head = Buffer.alloc(8);
  head.writeInt32BE(4 + h.length + body.length, 0);
  head.writeUInt32BE(((type << 24) | h.length) >>> 0, 4);
  return Buffer.concat([head, h, body]);
}

/** A binary header built by hand from its parts. */
function binaryHeader(parts: { remark?: Buffer; remarkLen?: number; ext?: Buffer; extLen?: number; tail?: Buffer }): Buffer {
  const fixed = Buffer.from('00690001910000000100000000', 'hex'); // code 105, JAVA, 401, opaque 1, flag 0
  const remark = parts.remark ?? Buffer.alloc(0);
  const ext = parts.ext ?? Buffer.alloc(0);
  const len = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
  return Buffer.concat([fixed, len(parts.remarkLen ?? remark.length), remark, len(parts.extLen ?? ext.length), ext,
    parts.tail ?? Buffer.alloc(0)]);
}

function entry(key: string, value: string, keyLen?: number, valLen?: number): Buffer {
  const k = Buffer.from(key), v = Buffer.from(value);
  const kl = Buffer.alloc(2); kl.writeInt16BE(keyLen ?? k.length);
  const vl = Buffer.alloc(4); vl.writeInt32BE(valLen ?? v.length);
  return Buffer.concat([kl, k, vl, v]);
}

function caught(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    expect(isRocketMQError(err)).toBe(true);
    return err as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

function expectError(fn: () => unknown, kind: ProtocolErrorKind, context: Record<string, unknown>): ProtocolError {
  const err = caught(fn);
  expect(err.kind).toBe(kind);
  expect(err.context).toMatchObject(context);
  return err;
}

const good = encodeFrame({ ...createRequest({ code: 105, extFields: { topic: 'T' }, body: Buffer.from('xyz') }), opaque: 7 });

describe('framing errors', () => {
  it('truncated frame: the decoder waits; decodeFrame throws frame-too-small', () => {
    const decoder = new FrameDecoder();
    for (const n of [0, 3, 4, 7, 8, good.length - 1]) {
      expect(new FrameDecoder().push(good.subarray(0, n))).toEqual([]);
    }
    expect(decoder.push(good.subarray(0, 10))).toEqual([]);
    expect(decoder.buffered).toBe(10);
    expect(decoder.dead).toBe(false);
    expect(decoder.push(good.subarray(10)).map((c) => c.opaque)).toEqual([7]);
    expect(decoder.buffered).toBe(0);
    expectError(() => decodeFrame(good.subarray(0, 5)), 'frame-too-small', { value: 5 });
    expectError(() => decodeFrame(good.subarray(0, good.length - 1)), 'frame-too-small', {
      value: good.length - 1,
      expected: good.length,
    });
  });

  it('decodeFrame refuses bytes after the frame', () => {
    expectError(() => decodeFrame(Buffer.concat([good, Buffer.from([0])])), 'frame-too-large', {
      value: good.length + 1,
      expected: good.length,
    });
  });

  it('negative length: error, then the decoder is dead, holds nothing, and refuses input', () => {
    const decoder = new FrameDecoder();
    expectError(() => decoder.push(Buffer.from('ffffffff00', 'hex')), 'negative-length', { value: -1 });
    expect(decoder.dead).toBe(true);
    expect(decoder.buffered).toBe(0);
    expectError(() => decoder.push(good), 'decoder-dead', {});
    expectError(() => decodeFrame(Buffer.from('8000000000000000', 'hex')), 'negative-length', { value: -0x80000000 });
  });

  it('a length with no room for the header word is frame-too-small', () => {
    expectError(() => new FrameDecoder().push(Buffer.from('00000003aabbcc', 'hex')), 'frame-too-small', { value: 3 });
  });

  it('oversized frame: rejected as soon as its LENGTH arrives (default 16 MiB incl. the length field)', () => {
    const length = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
    const atMax = new FrameDecoder();
    expect(atMax.push(length(16 * 1024 * 1024 - 4))).toEqual([]);
    expect(atMax.dead).toBe(false);
    const decoder = new FrameDecoder();
    expectError(() => decoder.push(length(16 * 1024 * 1024 - 3)), 'frame-too-large', {
      value: 16 * 1024 * 1024 + 1,
      max: 16 * 1024 * 1024,
    });
    expect(decoder.dead).toBe(true);
    const small = new FrameDecoder({ maxFrameSize: good.length - 1 });
    expectError(() => small.push(good), 'frame-too-large', { value: good.length });
    expect(new FrameDecoder({ maxFrameSize: good.length }).push(good)).toHaveLength(1);
  });

  it('header length past the frame is header-length-invalid', () => {
    const frame = Buffer.from(good);
    frame.writeUInt32BE(good.length - 7, 4); // JSON, header longer than LENGTH - 4
    expectError(() => decodeFrame(frame), 'header-length-invalid', { value: good.length - 7 });
    expectError(() => new FrameDecoder().push(frame), 'header-length-invalid', { value: good.length - 7 });
  });

  it('unknown serialization type byte', () => {
    for (const type of [2, 0x7f, 0xff]) {
      const frame = Buffer.from(good);
      frame[4] = type;
      expectError(() => decodeFrame(frame), 'unknown-serialize-type', { value: type });
    }
  });

  it('frames before the bad one in the same push are reported in context.decoded', () => {
    const decoder = new FrameDecoder();
    const bad = rawFrame(0, '{"code":1');
    const err = expectError(() => decoder.push(Buffer.concat([good, bad])), 'invalid-json-header', {});
    expect((err.context.decoded as unknown[]).length).toBe(1);
    expect(err.cause).toBeInstanceOf(ProtocolError);
    expect(decoder.dead).toBe(true);
    expect(decoder.buffered).toBe(0);
  });

  it('rejects a bad maxFrameSize option', () => {
    expect(() => new FrameDecoder({ maxFrameSize: 4 })).toThrow(/maxFrameSize/);
    expect(() => new FrameDecoder({ maxFrameSize: 1.5 })).toThrow(/maxFrameSize/);
  });
});

describe('JSON header errors', () => {
  const json = (text: string) => () => decodeFrame(rawFrame(0, text));

  it('invalid JSON', () => {
    expectError(json('{"code":105,'), 'invalid-json-header', { field: 'header', value: '{"code":105,' });
    expectError(json(''), 'invalid-json-header', { field: 'header' });
  });

  it('JSON that is not an object', () => {
    for (const text of ['[]', '1', '"x"', 'null', 'true']) {
      expectError(json(text), 'invalid-json-header', { field: 'header', value: JSON.parse(text) });
    }
  });

  it('fields of the wrong type or missing, naming field and value', () => {
    const cases: [string, string, unknown][] = [
      ['{"code":"105","opaque":1}', 'code', '105'],
      ['{"code":105,"opaque":1.5}', 'opaque', 1.5],
      ['{"code":105,"opaque":2147483648}', 'opaque', 2147483648],
      ['{"code":105,"opaque":1,"flag":"0"}', 'flag', '0'],
      ['{"code":105,"opaque":1,"version":[]}', 'version', []],
      ['{"code":105,"opaque":1,"language":5}', 'language', 5],
      ['{"code":105,"opaque":1,"remark":{}}', 'remark', {}],
      ['{"code":105,"opaque":1,"extFields":[]}', 'extFields', []],
      ['{"code":105,"opaque":1,"extFields":"x"}', 'extFields', 'x'],
      ['{"code":105,"opaque":1,"extFields":{"k":{"a":1}}}', 'extFields.k', { a: 1 }],
      ['{"opaque":1}', 'code', undefined],
      ['{"code":105}', 'opaque', undefined],
    ];
    for (const [text, field, value] of cases) {
      const err = expectError(json(text), 'invalid-json-header', { field });
      expect(err.context.value, text).toEqual(value);
    }
  });

  it('accepts any key order, unknown keys and Java defaults; coerces ext values to strings', () => {
    const header = decodeJsonHeader(
      Buffer.from('{"x":1,"opaque":-3,"extFields":{"n":1,"b":true,"s":"v","z":null},"code":17,"remark":null}'),
    );
    expect(header).toEqual({ code: 17, language: 'JAVA', version: 0, opaque: -3, flag: 0, extFields: { n: '1', b: 'true', s: 'v' } });
    expect(Object.keys(header.extFields ?? {})).toEqual(['n', 'b', 's']);
  });
});

describe('binary header errors and quirks', () => {
  const bin = (h: Buffer) => () => decodeFrame(rawFrame(1, h));

  it('header shorter than its fixed part', () => {
    expectError(bin(Buffer.alloc(20)), 'malformed-binary-header', { field: 'headerLength', value: 20 });
  });

  it('remark length negative or past the header', () => {
    expectError(bin(binaryHeader({ remarkLen: -1 })), 'malformed-binary-header', { field: 'remarkLen', value: -1 });
    expectError(bin(binaryHeader({ remarkLen: 1000 })), 'malformed-binary-header', { field: 'remarkLen', value: 1000 });
    expectError(bin(binaryHeader({ remark: Buffer.from('abc'), remarkLen: 4 })), 'malformed-binary-header', {
      field: 'remarkLen',
      value: 4,
    });
  });

  it('ext block length negative, past the header, or short of it', () => {
    const e = entry('topic', 'T');
    expectError(bin(binaryHeader({ ext: e, extLen: -5 })), 'malformed-binary-header', { field: 'extLen', value: -5 });
    expectError(bin(binaryHeader({ ext: e, extLen: e.length + 1 })), 'malformed-binary-header', {
      field: 'extLen',
      value: e.length + 1,
    });
    expectError(bin(binaryHeader({ ext: e, tail: Buffer.from([0]) })), 'malformed-binary-header', {
      field: 'extLen',
      value: e.length,
    });
  });

  it('key and value lengths negative or past the ext block', () => {
    expectError(bin(binaryHeader({ ext: entry('topic', 'T', 50) })), 'malformed-binary-header', { field: 'keyLen', value: 50 });
    expectError(bin(binaryHeader({ ext: entry('topic', 'T', -2) })), 'malformed-binary-header', { field: 'keyLen', value: -2 });
    expectError(bin(binaryHeader({ ext: entry('topic', 'T', undefined, 9) })), 'malformed-binary-header', {
      field: 'valLen',
      value: 9,
    });
    expectError(bin(binaryHeader({ ext: entry('topic', 'T', undefined, -1) })), 'malformed-binary-header', {
      field: 'valLen',
      value: -1,
    });
    expectError(bin(binaryHeader({ ext: Buffer.from([0]) })), 'malformed-binary-header', { field: 'keyLen' });
    const cut = entry('topic', 'T').subarray(0, 9); // key complete, value length cut
    expectError(bin(binaryHeader({ ext: cut })), 'malformed-binary-header', { field: 'keyLen' });
  });

  it('0-length remark and values decode as absent; empty map as no extFields; lengths are UTF-8 bytes', () => {
    const ext = Buffer.concat([entry('a', ''), entry('', 'x'), entry('键', 'héllo 🚀')]);
    const h = decodeBinaryHeader(binaryHeader({ ext }));
    expect(h.remark).toBeUndefined();
    expect(h.extFields).toEqual({ 键: 'héllo 🚀' });
    expect(decodeBinaryHeader(binaryHeader({})).extFields).toBeUndefined();
    const withRemark = decodeBinaryHeader(binaryHeader({ remark: Buffer.from('ü') }));
    expect(withRemark.remark).toBe('ü');
  });

  it('unknown language ordinals decode to UNKNOWN(n) and re-encode to n', () => {
    const h = binaryHeader({});
    h[2] = 200;
    const frame = rawFrame(1, h);
    const cmd = decodeFrame(frame);
    expect(cmd.language).toBe('UNKNOWN(200)');
    expect(encodeFrame(cmd).equals(frame)).toBe(true);
  });
});

describe('encoding errors', () => {
  const req = createRequest({ code: 105 });
  it('refuses values the header cannot carry', () => {
    expectError(() => encodeFrame({ ...req, code: 40000, serializeType: 'ROCKETMQ' }), 'invalid-header-field', {
      field: 'code',
      value: 40000,
    });
    expectError(() => encodeFrame({ ...req, language: 'KLINGON', serializeType: 'ROCKETMQ' }), 'invalid-header-field', {
      field: 'language',
      value: 'KLINGON',
    });
    expectError(() => encodeFrame({ ...req, opaque: 1.5 }), 'invalid-header-field', { field: 'opaque', value: 1.5 });
    expectError(() => encodeFrame({ ...req, serializeType: 'XML' as never }), 'unknown-serialize-type', { value: 'XML' });
    expectError(() => encodeFrame({ ...req, extFields: { ['k'.repeat(40000)]: 'v' }, serializeType: 'ROCKETMQ' }),
      'invalid-header-field', { field: 'extFields' });
  });
});

describe('decoder efficiency', () => {
  it('decodes a frame inside one chunk in place (the body is a view, not a copy)', () => {
    const chunk = Buffer.concat([good, good]);
    const [a, b] = new FrameDecoder().push(chunk);
    expect(a?.body?.buffer).toBe(chunk.buffer);
    expect(b?.body?.toString()).toBe('xyz');
  });

  it('assembles a 2 MiB frame from 64-byte chunks without quadratic copying', () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 7);
    const frame = encodeFrame({ ...createRequest({ code: 310, body }), opaque: 1 });
    const decoder = new FrameDecoder();
    const out = [];
    for (let i = 0; i < frame.length; i += 64) out.push(...decoder.push(frame.subarray(i, i + 64)));
    expect(out).toHaveLength(1);
    expect(out[0]?.body?.equals(body)).toBe(true);
    expect(decoder.buffered).toBe(0);
  }, 5_000);
});
