import { describe, expect, it } from 'vitest';
import { isRocketMQError } from '../../../core/errors.js';
import { ProtocolError } from '../../../adapters/remoting/protocol/errors.js';
import {
  decodePullMessageRequest,
  decodeQueryMessageRequest,
  encodeGetMaxOffsetRequest,
  encodeQueryMessageRequest,
  encodeSendMessageV2Request,
  type SendMessageRequestHeader,
} from '../../../adapters/remoting/protocol/headers/index.js';
import { ALL_CODECS, sampleHeader, thrown, type AnyCodec } from './sample-headers.js';

function expectProtocolError(error: unknown, kind: string, field: string, value?: unknown): void {
  expect(error).toBeInstanceOf(ProtocolError);
  const e = error as ProtocolError;
  expect(e.kind).toBe(kind);
  expect(e.context.field).toBe(field);
  expect(e.message).toContain(field);
  if (arguments.length > 3) expect(e.context.value).toEqual(value);
}

const validExt = (codec: AnyCodec) => codec.encode(sampleHeader(codec));
const fieldsOf = (type: string) =>
  ALL_CODECS.flatMap(([name, codec]) => codec.spec.fields.filter((f) => f.type === type).map((f) => [`${name}.${f.field}`, codec, f.field, f.key] as const));

const requiredFields = ALL_CODECS.flatMap(([name, codec]) =>
  codec.spec.fields.filter((f) => f.required).map((f) => [`${name}.${f.field}`, codec, f.field, f.key] as const),
);

describe('decode rejects a missing required field (missing-header-field)', () => {
  it('every codec with required fields is covered', () => {
    expect(new Set(requiredFields.map(([, codec]) => codec)).size).toBeGreaterThan(25);
  });

  it.each(requiredFields)('%s', (_name, codec, field, key) => {
    const ext = validExt(codec);
    delete ext[key];
    expectProtocolError(thrown(() => codec.decode(ext)), 'missing-header-field', field, undefined);
  });

  it('an absent ext map is an empty one', () => {
    expectProtocolError(thrown(() => decodePullMessageRequest(undefined)), 'missing-header-field', 'consumerGroup');
  });

  it('never reads inherited properties as fields', () => {
    const ext = validExt(ALL_CODECS.find(([n]) => n === 'queryMessageRequestCodec')![1]);
    const inherited = Object.create({ key: 'from-prototype' }) as Record<string, string>;
    Object.assign(inherited, ext);
    delete inherited.key;
    expectProtocolError(thrown(() => decodeQueryMessageRequest(inherited)), 'missing-header-field', 'key');
  });
});

describe('decode rejects malformed values (invalid-header-field)', () => {
  it.each(fieldsOf('int'))('int %s', (_name, codec, field, key) => {
    for (const bad of ['abc', '', '+', '-', '+-1', '1 ', '1.5', '1e3', '0x10', ' 1', '٣', '2147483648', '-2147483649']) {
      expectProtocolError(thrown(() => codec.decode({ ...validExt(codec), [key]: bad })), 'invalid-header-field', field, bad);
    }
  });

  it.each(fieldsOf('long'))('long %s', (_name, codec, field, key) => {
    for (const bad of ['abc', '', '1.5', '9007199254740992', '-9007199254740992', '12345678901234567890']) {
      expectProtocolError(thrown(() => codec.decode({ ...validExt(codec), [key]: bad })), 'invalid-header-field', field, bad);
    }
  });

  it.each(fieldsOf('boolean'))('boolean %s', (_name, codec, field, key) => {
    for (const bad of ['yes', '1', '', 'truee']) {
      expectProtocolError(thrown(() => codec.decode({ ...validExt(codec), [key]: bad })), 'invalid-header-field', field, bad);
    }
  });

  it('a value that is not a string', () => {
    const ext = { ...validExt(ALL_CODECS[0]![1]), topic: 5 } as unknown as Record<string, string>;
    expectProtocolError(thrown(() => ALL_CODECS[0]![1].decode(ext)), 'invalid-header-field', 'topic', 5);
  });
});

describe('decode accepts what Java accepts', () => {
  const pull = {
    consumerGroup: 'g', topic: 't', queueId: '0', queueOffset: '0', maxMsgNums: '32', sysFlag: '2', commitOffset: '0',
    suspendTimeoutMillis: '15000', subVersion: '0',
  };

  it('int32 and safe-long limits, a leading sign, -0', () => {
    const h = decodePullMessageRequest({ ...pull, queueId: '2147483647', maxMsgNums: '-2147483648', sysFlag: '+5', queueOffset: '9007199254740991', commitOffset: '-9007199254740991', subVersion: '-0' });
    expect(h).toMatchObject({ queueId: 2147483647, maxMsgNums: -2147483648, sysFlag: 5, queueOffset: 9007199254740991, commitOffset: -9007199254740991 });
    expect(Object.is(h.subVersion, 0)).toBe(true);
  });

  it('booleans in any case', () => {
    const q = { topic: 't', key: 'k', maxNum: '1', beginTimestamp: '0', endTimestamp: '1' };
    expect(decodeQueryMessageRequest({ ...q, _UNIQUE_KEY_QUERY: 'TRUE' }).uniqueKeyQuery).toBe(true);
    expect(decodeQueryMessageRequest({ ...q, _UNIQUE_KEY_QUERY: 'False' }).uniqueKeyQuery).toBe(false);
  });

  it('unknown ext fields go to extra, even awkward names', () => {
    const ext = JSON.parse('{"topic":"t","queueId":"1","ReqT":"0","__proto__":"p","toString":"s"}') as Record<string, string>;
    const h = ALL_CODECS.find(([n]) => n === 'getMaxOffsetRequestCodec')![1].decode(ext);
    expect(Object.keys(h.extra!)).toEqual(['ReqT', '__proto__', 'toString']);
    expect(Object.getPrototypeOf(h.extra)).toBe(Object.prototype);
    expect(Object.keys(encodeGetMaxOffsetRequest(h as never)).sort()).toEqual(['ReqT', '__proto__', 'queueId', 'toString', 'topic']);
  });

  it('QUERY_MESSAGE end time Long.MAX_VALUE ⇄ Infinity (and only there)', () => {
    const q = { topic: 't', key: 'k', maxNum: '32', beginTimestamp: '-9223372036854775808', endTimestamp: '9223372036854775807' };
    const h = decodeQueryMessageRequest(q);
    expect([h.beginTimestamp, h.endTimestamp]).toEqual([-Infinity, Infinity]);
    expect(encodeQueryMessageRequest(h)).toMatchObject(q);
    expectProtocolError(thrown(() => decodeQueryMessageRequest({ ...q, endTimestamp: '9223372036854775806' })), 'invalid-header-field', 'endTimestamp');
    expectProtocolError(thrown(() => decodePullMessageRequest({ ...pull, queueOffset: '9223372036854775807' })), 'invalid-header-field', 'queueOffset');
  });
});

describe('encode checks values too', () => {
  const send: SendMessageRequestHeader = {
    producerGroup: 'p', topic: 't', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0, sysFlag: 0, bornTimestamp: 1, flag: 0,
  };

  it.each([
    ['queueId', 1.5, 'invalid-header-field'],
    ['queueId', 2 ** 31, 'invalid-header-field'],
    ['bornTimestamp', 2 ** 53, 'invalid-header-field'],
    ['bornTimestamp', Infinity, 'invalid-header-field'],
    ['bornTimestamp', Number.NaN, 'invalid-header-field'],
    ['topic', 5, 'invalid-header-field'],
    ['unitMode', 'false', 'invalid-header-field'],
    ['producerGroup', undefined, 'missing-header-field'],
  ] as const)('%s = %s → %s', (field, value, kind) => {
    const error = thrown(() => encodeSendMessageV2Request({ ...send, [field]: value } as SendMessageRequestHeader));
    expect(isRocketMQError(error)).toBe(true);
    expectProtocolError(error, kind, field);
  });

  it('writes Java primitives that the header leaves out', () => {
    expect(encodeSendMessageV2Request(send)).toMatchObject({ k: 'false', m: 'false' });
    expect(encodeSendMessageV2Request(send)).not.toHaveProperty('l');
  });
});
