import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAclHook } from '../../adapters/remoting/client/acl-hook.js';
import type { SerializeType } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame, encodeFrameUnder } from '../../adapters/remoting/protocol/frame-codec.js';
import { SendV2Command, type CommandDefaults } from '../../adapters/remoting/protocol/send-v2-command.js';
import type { SendV2Fields } from '../../adapters/remoting/protocol/send-v2-json-direct.js';
import { writeInt } from '../../adapters/remoting/protocol/send-v2-json-header.js';
import { int32, text } from './send-header-arbitraries.js';
import { body, generalCommand, JSON_DEFAULTS, producerFields } from './send-v2-fixtures.js';

/** Integers, and now and then a number the header codec refuses or writes differently (-0, a fraction, NaN, 2^31). */
const number = (plain: fc.Arbitrary<number>) => fc.oneof({ arbitrary: plain, weight: 8 }, { arbitrary: fc.constantFrom(-0, 1.5, Number.NaN, 2 ** 31), weight: 1 });

/** Property names and values: mostly what a producer sets, sometimes empty, `undefined` or anything at all. */
const part = fc.oneof(
  { arbitrary: fc.stringMatching(/^[ -~]{1,24}$/), weight: 6 },
  { arbitrary: fc.constantFrom('TAGS', 'KEYS', 'WAIT', 'UNIQ_KEY', 'rmqrx_codec', 'true', '7F00000100002A9F0000000000000001'), weight: 4 },
  { arbitrary: text, weight: 2 },
  { arbitrary: fc.constant(''), weight: 1 },
);
const properties = fc.array(fc.tuple(part, fc.option(part, { nil: undefined, freq: 10 })), { maxLength: 6 }).map((pairs) => {
  const props: Record<string, string | undefined> = {};
  for (const [name, value] of pairs) Object.defineProperty(props, name, { value, enumerable: true, writable: true, configurable: true });
  return props;
});

const fields: fc.Arbitrary<SendV2Fields> = fc.record(
  {
    producerGroup: fc.oneof(fc.constantFrom('PG', 'BenchG'), text),
    topic: fc.oneof(fc.constantFrom('T', 'BenchT'), text),
    defaultTopic: fc.oneof(fc.constant('TBW102'), text),
    defaultTopicQueueNums: number(int32),
    queueId: number(int32),
    sysFlag: number(int32),
    bornTimestamp: number(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })),
    flag: number(int32),
    properties,
    reconsumeTimes: number(int32),
    maxReconsumeTimes: number(int32),
    brokerName: fc.oneof(fc.constant('broker-a'), text),
  },
  { requiredKeys: ['producerGroup', 'topic', 'defaultTopic', 'defaultTopicQueueNums', 'queueId', 'sysFlag', 'bornTimestamp', 'flag', 'properties', 'brokerName'] },
);

const envelope = fc.record({
  code: fc.constantFrom(310, 320),
  flag: fc.constantFrom(0, 2),
  opaque: int32,
  defaults: fc.record({ serializeType: fc.constantFrom<SerializeType>('JSON', 'JSON', 'ROCKETMQ'), language: fc.constantFrom('JAVA', 'NODE'), version: fc.constantFrom(317, 395, 0) }),
  order: fc.constantFrom({ order: 'java' as const }, { order: 'declaration' as const }),
});

/** What encoding gives: the frame, or the kind of the error thrown. */
function outcome(encode: () => Buffer): Buffer | string {
  try {
    return encode();
  } catch (error) {
    return `${(error as { name?: string }).name}:${(error as { kind?: string }).kind}`;
  }
}

const scratch = Buffer.alloc(16 * 1024);

describe('SendV2Command', () => {
  it('is framed as the general path frames the same send, or fails with the same typed error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fields, envelope), { minLength: 1, maxLength: 4 }), fc.nat(3), (sends, repeat) => {
        // Send-like runs, so that templates are both made and reused: the queue, timestamp and opaque change.
        for (const [f, e] of sends) {
          for (let n = 0; n <= repeat; n++) {
            const fn: SendV2Fields = { ...f, queueId: n === 0 ? f.queueId : (f.queueId + n) | 0, bornTimestamp: n === 0 ? f.bornTimestamp : f.bornTimestamp + n };
            const opaque = (e.opaque + n) | 0;
            const cmd = new SendV2Command(e.code, e.defaults, fn, body, e.order);
            const expected = outcome(() => encodeFrame(generalCommand(fn, e.code, e.defaults, opaque, e.flag, body, e.order)));
            expect(outcome(() => encodeFrameUnder(cmd, opaque, e.flag))).toEqual(expected);
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  it('writes a producer\'s send straight from its fields, the bytes of the general header', () => {
    for (const code of [310, 320]) {
      for (const flag of [0, 2]) {
        for (const opaque of [0, 7, 0x7fffffff, -1, -0x80000000]) {
          for (const bornTimestamp of [0, 1732500000000, Number.MAX_SAFE_INTEGER, -1732500000000]) {
            const f = { ...producerFields, bornTimestamp };
            const cmd = new SendV2Command(code, JSON_DEFAULTS, f, body, { order: 'java' });
            const written = cmd.writeJsonHeader(opaque, flag, scratch, 0, scratch.length);
            expect(written).toBeGreaterThan(0);
            const general = encodeFrame(generalCommand(f, code, JSON_DEFAULTS, opaque, flag, body, { order: 'java' }));
            expect(scratch.subarray(0, written).equals(general.subarray(8, 8 + written))).toBe(true);
            expect(encodeFrameUnder(cmd, opaque, flag).equals(general)).toBe(true);
          }
        }
      }
    }
  });

  it('writes runs of property sets, and switches between them, as the general path does', () => {
    const steady = (tags: string) => ({ rmqrx_codec: 'raw', TAGS: tags, WAIT: 'true' });
    const plans: ((i: number) => Record<string, string>)[] = [
      (i) => ({ ...steady('TagA'), UNIQ_KEY: `ID${i}` }),
      (i) => ({ ...steady('TagB'), UNIQ_KEY: `ID${i}` }),
      (i) => ({ UNIQ_KEY: `ID${i}`, ...steady('TagA') }),
      () => ({ rmqrx_codec: 'raw', TAGS: 'TagA' }),
      (i) => ({ ...steady('TagA'), KEYS: `k${i % 2}`, UNIQ_KEY: `ID${i}`, a: 'b', c: 'd', e: 'f', g: 'h', i: 'j' }),
    ];
    for (let i = 0; i < 60; i++) {
      // Runs of one shape of properties, and switches between shapes.
      const f = { ...producerFields, properties: plans[Math.floor(i / 3) % plans.length]!(i) };
      const cmd = new SendV2Command(310, JSON_DEFAULTS, f, body, { order: 'java' });
      expect(encodeFrameUnder(cmd, i, 0).equals(encodeFrame(generalCommand(f, 310, JSON_DEFAULTS, i, 0, body, { order: 'java' }))), `send ${i}`).toBe(true);
    }
  });

  it('keeps one template per topic while its values hold, and makes a new one when one changes', () => {
    const variants: Partial<SendV2Fields>[] = [
      { producerGroup: 'PG2' }, { topic: 'T2' }, { defaultTopic: 'X' }, { defaultTopicQueueNums: 8 }, { maxReconsumeTimes: 16 }, { brokerName: 'broker-b' },
      { sysFlag: 1 }, { flag: 3 }, { reconsumeTimes: 2 }, { properties: {} }, { properties: { A: 'b', __proto__x: 'y' } },
    ];
    for (const v of variants) {
      for (const [f, defaults] of [[producerFields, JSON_DEFAULTS], [{ ...producerFields, ...v }, { ...JSON_DEFAULTS, version: 317 }], [producerFields, JSON_DEFAULTS]] as const) {
        const cmd = new SendV2Command(310, defaults, f, body, { order: 'java' });
        expect(cmd.writeJsonHeader(5, 0, scratch, 0, scratch.length)).toBeGreaterThan(0);
        expect(encodeFrameUnder(cmd, 5, 0).equals(encodeFrame(generalCommand(f, 310, defaults, 5, 0, body, { order: 'java' })))).toBe(true);
      }
    }
  });

  it('declines what the general path writes differently or refuses', () => {
    const declined: SendV2Fields[] = [
      { ...producerFields, properties: { K: 'a "quoted" value' } },
      { ...producerFields, properties: { K: 'back\\slash' } },
      { ...producerFields, properties: { K: 'café' } },
      { ...producerFields, properties: { K: 'v'.repeat(17_000) } },
      // Over the room a header has when written in place in its frame, but not over the scratch bytes.
      { ...producerFields, properties: { K: 'v'.repeat(5_000) } },
      { ...producerFields, queueId: -0 },
      { ...producerFields, bornTimestamp: 1.5 },
      { ...producerFields, reconsumeTimes: 2 ** 31 },
    ];
    for (const f of declined) {
      const cmd = new SendV2Command(310, JSON_DEFAULTS, f, body, { order: 'java' });
      if (f.properties['K']?.length !== 5_000) expect(cmd.writeJsonHeader(1, 0, scratch, 0, scratch.length)).toBe(-1);
      expect(outcome(() => encodeFrameUnder(cmd, 1, 0))).toEqual(outcome(() => encodeFrame(generalCommand(f, 310, JSON_DEFAULTS, 1, 0, body, { order: 'java' }))));
    }
    // Unchanging values are written by the template as JSON.stringify writes them, whatever they hold.
    const odd = { ...producerFields, topic: 'é"\\\u0001', producerGroup: '😀' };
    const cmd = new SendV2Command(310, JSON_DEFAULTS, odd, body, { order: 'java' });
    expect(cmd.writeJsonHeader(1, 0, scratch, 0, scratch.length)).toBeGreaterThan(0);
    expect(encodeFrameUnder(cmd, 1, 0).equals(encodeFrame(generalCommand(odd, 310, JSON_DEFAULTS, 1, 0, body, { order: 'java' })))).toBe(true);
  });

  it('writes from any offset, and declines when the limit may leave too little room', () => {
    const cmd = new SendV2Command(310, JSON_DEFAULTS, producerFields, body, { order: 'java' });
    const length = cmd.writeJsonHeader(3, 0, scratch, 0, scratch.length);
    const first = Buffer.from(scratch.subarray(0, length));
    scratch.fill(0);
    // The writer keeps a margin below its limit (it checks room before each part, not each byte).
    expect(cmd.writeJsonHeader(3, 0, scratch, 100, 100 + length + 200)).toBe(100 + length);
    expect(scratch.subarray(100, 100 + length).equals(first)).toBe(true);
    expect(scratch[99]).toBe(0);
    expect(scratch[100 + length]).toBe(0);
    for (const limit of [100 + length - 1, 100 + length / 2]) expect(cmd.writeJsonHeader(3, 0, scratch, 100, limit)).toBe(-1);
    // Properties that would pass the limit: declined before a byte past it is written.
    const long = new SendV2Command(310, JSON_DEFAULTS, { ...producerFields, properties: { K: 'v'.repeat(3000) } }, body, { order: 'java' });
    scratch.fill(0);
    expect(long.writeJsonHeader(3, 0, scratch, 100, 2100)).toBe(-1);
    expect(scratch.subarray(2100).every((b) => b === 0)).toBe(true);
  });

  it('refuses a property holding a separator with the typed error of the properties codec', () => {
    const cmd = new SendV2Command(310, JSON_DEFAULTS, { ...producerFields, properties: { K: 'a\u0001b' } }, body, { order: 'java' });
    expect(() => encodeFrameUnder(cmd, 1, 0)).toThrow(expect.objectContaining({ kind: 'properties-malformed' }));
    expect(() => cmd.extFields).toThrow(expect.objectContaining({ kind: 'properties-malformed' }));
  });

  it('is an ordinary command to whatever reads or replaces its extFields', () => {
    const cmd = new SendV2Command(310, JSON_DEFAULTS, producerFields, body, { order: 'java' });
    const general = generalCommand(producerFields, 310, JSON_DEFAULTS, 9, 0, body, { order: 'java' });
    expect(cmd.extFields).toEqual(general.extFields);
    // Once read, the extFields may be changed by the reader: the frame is written from them.
    cmd.extFields['z'] = 'added';
    expect(cmd.writeJsonHeader(9, 0, scratch, 0, scratch.length)).toBe(-1);
    expect(decodeFrame(encodeFrameUnder(cmd, 9, 0)).extFields).toEqual({ ...general.extFields, z: 'added' });

    const replaced = new SendV2Command(310, JSON_DEFAULTS, producerFields, body, { order: 'java' });
    replaced.extFields = { only: 'this' };
    expect(decodeFrame(encodeFrameUnder(replaced, 9, 0)).extFields).toEqual({ only: 'this' });

    const remarked = new SendV2Command(310, JSON_DEFAULTS, producerFields, body, { order: 'java' });
    remarked.remark = 'why';
    expect(decodeFrame(encodeFrameUnder(remarked, 9, 0))).toMatchObject({ remark: 'why', extFields: general.extFields });
  });

  it('is signed by the ACL hook as the same command made the general way', () => {
    const hook = createAclHook({ accessKey: 'AK', secretKey: 'SK' });
    const cmd = new SendV2Command(310, JSON_DEFAULTS, producerFields, body, { order: 'java' });
    const general = generalCommand(producerFields, 310, JSON_DEFAULTS, 0, 0, body, { order: 'java' });
    expect(encodeFrameUnder(hook(cmd), 3, 0).equals(encodeFrameUnder(hook(general), 3, 0))).toBe(true);
  });

  it('is framed with a binary header under ROCKETMQ serialization, as the general path frames it', () => {
    const defaults: CommandDefaults = { ...JSON_DEFAULTS, serializeType: 'ROCKETMQ' };
    const cmd = new SendV2Command(310, defaults, producerFields, body, { order: 'declaration' });
    expect(encodeFrameUnder(cmd, 4, 0).equals(encodeFrame(generalCommand(producerFields, 310, defaults, 4, 0, body, { order: 'declaration' })))).toBe(true);
  });

  it('frames a send too large for a slab (an auto batch) with its header written from its fields, as the general path does', () => {
    for (const serializeType of ['JSON', 'ROCKETMQ'] as const) {
      const defaults: CommandDefaults = { ...JSON_DEFAULTS, serializeType };
      for (const code of [310, 320]) {
        for (const size of [12 * 1024, 40 * 1024, 300 * 1024]) {
          const large = Buffer.alloc(size, size & 0xff);
          for (let n = 0; n < 3; n++) {
            const f = { ...producerFields, topic: 'LargeT', queueId: n, bornTimestamp: producerFields.bornTimestamp + n };
            const framed = encodeFrameUnder(new SendV2Command(code, defaults, f, large, { order: 'java' }), n, 0);
            expect(framed.equals(encodeFrame(generalCommand(f, code, defaults, n, 0, large, { order: 'java' }))), `${serializeType} ${code} ${size} ${n}`).toBe(true);
          }
        }
      }
    }
  });
});

describe('writeInt', () => {
  it('writes any safe integer as String does', () => {
    const into = Buffer.alloc(32);
    const check = (v: number) => expect(into.toString('latin1', 0, writeInt(into, 0, v))).toBe(String(v));
    for (const v of [0, 9, 10, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 999_999_999, 1e9, 1e9 + 1, 1732500000000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) check(v);
    fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (v) => {
      check(v);
    }), { numRuns: 2000 });
  });
});
