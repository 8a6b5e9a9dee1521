import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSendMessageV2Fast, encodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import type { SendMessageRequestHeader } from '../../../adapters/remoting/protocol/headers/send-message.js';

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Mostly what the codec accepts, sometimes what it refuses (out-of-range ints, fractions, -0, wrong types, absent fields). */
const intish = fc.oneof({ weight: 8, arbitrary: int32 }, fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, -0, Number.NaN, undefined));
const text = fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 12 }) }, fc.constantFrom(undefined, 7));
const flag = fc.oneof({ weight: 8, arbitrary: fc.boolean() }, fc.constant(undefined));
const header = fc.record({
  producerGroup: text,
  topic: text,
  defaultTopic: text,
  defaultTopicQueueNums: intish,
  queueId: intish,
  sysFlag: intish,
  bornTimestamp: fc.oneof({ weight: 8, arbitrary: fc.maxSafeInteger() }, fc.constantFrom(2 ** 53, 0.5, undefined)),
  flag: intish,
  properties: text,
  reconsumeTimes: intish,
  unitMode: flag,
  batch: flag,
  maxReconsumeTimes: fc.option(intish, { nil: undefined }),
  bname: text,
  extra: fc.option(fc.dictionary(fc.constantFrom('x', 'AccessKey'), fc.string({ maxLength: 4 })), { nil: undefined, freq: 4 }),
}) as unknown as fc.Arbitrary<SendMessageRequestHeader>;

function outcome(encode: () => Record<string, string>): { keys: string[]; ext: Record<string, string> } | { error: unknown } {
  try {
    const ext = encode();
    return { keys: Object.keys(ext), ext };
  } catch (error) {
    return { error };
  }
}

describe('encodeSendMessageV2Fast', () => {
  it.each([{ order: 'java' as const }, { order: 'declaration' as const }])('gives what the codec gives, key order and errors included (%o)', (options) => {
    fc.assert(
      fc.property(header, (h) => {
        expect(outcome(() => encodeSendMessageV2Fast(h, options))).toEqual(outcome(() => encodeSendMessageV2Request(h, options)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a producer header field by field (l only with maxReconsumeTimes)', () => {
    const h: SendMessageRequestHeader = {
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 3, sysFlag: 0, bornTimestamp: 1_700_000_000_123,
      flag: 0, properties: 'TAGS\u0001A\u0002', reconsumeTimes: 0, unitMode: false, batch: false, bname: 'broker-a',
    };
    expect(Object.keys(encodeSendMessageV2Fast(h, { order: 'java' })).join('')).toBe('abcdefghijkmn');
    expect(encodeSendMessageV2Fast({ ...h, maxReconsumeTimes: 16 }, { order: 'java' })).toMatchObject({ g: '1700000000123', l: '16', n: 'broker-a' });
  });
});
