import { describe, expect, it } from 'vitest';
import { decodeJsonHeader, encodeJsonHeader, type CommandHeader } from '../../adapters/remoting/protocol/index.js';

const base: CommandHeader = { code: 105, language: 'JAVA', version: 401, opaque: 1, flag: 0 };
const text = (h: CommandHeader) => encodeJsonHeader(h).toString('utf8');

describe('JSON header encoding (fastjson rules)', () => {
  it('writes the properties in alphabetical order and omits null ones', () => {
    expect(text(base)).toBe(
      '{"code":105,"flag":0,"language":"JAVA","opaque":1,"serializeTypeCurrentRPC":"JSON","version":401}',
    );
    expect(text({ ...base, remark: 'r', extFields: { topic: 'T' } })).toBe(
      '{"code":105,"extFields":{"topic":"T"},"flag":0,"language":"JAVA","opaque":1,"remark":"r",' +
        '"serializeTypeCurrentRPC":"JSON","version":401}',
    );
  });

  it('writes an existing empty map as "extFields":{} and an empty remark as ""', () => {
    expect(text({ ...base, extFields: {}, remark: '' })).toContain('"extFields":{},');
    expect(text({ ...base, remark: '' })).toContain('"remark":""');
  });

  it('keeps ext insertion order, escapes control characters, writes non-ASCII as UTF-8', () => {
    const out = encodeJsonHeader({ ...base, extFields: { z: 'a\u0001b\u0002', a: 'é🚀', m: '"\\\n' } });
    expect(out.toString('utf8')).toContain('"extFields":{"z":"a\\u0001b\\u0002","a":"é🚀","m":"\\"\\\\\\n"}');
    expect(out.includes(Buffer.from('é🚀', 'utf8'))).toBe(true);
  });

  it('drops null ext values and writes non-string ones as strings', () => {
    const ext = { a: 1, b: null, c: 'x' } as unknown as Record<string, string>;
    expect(text({ ...base, extFields: ext })).toContain('"extFields":{"a":"1","c":"x"}');
  });

  it('round-trips through decodeJsonHeader', () => {
    const h = { ...base, remark: 'r', extFields: { b: '2', a: '1' } };
    expect(decodeJsonHeader(encodeJsonHeader(h))).toEqual(h);
  });
});
