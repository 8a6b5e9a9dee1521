import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJsonHeader } from '../../../adapters/remoting/protocol/header-json.js';
import { encodeSendMessageV2Fast } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { isSendV2Keys, sendV2ExtJson } from '../../../adapters/remoting/protocol/headers/send-message-v2-json.js';
import type { SendMessageRequestHeader } from '../../../adapters/remoting/protocol/headers/send-message.js';

/** Strings with everything JSON must escape or may carry: quotes, backslashes, controls, non-ASCII, lone surrogates. */
const text = fc.oneof(
  fc.constantFrom('PG', 'T', 'TBW102', 'broker-a'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u0001', '\u0002', '\n', '\u007f', 'é', '\ud800', '\udc00', '😀'), maxLength: 30 }),
);
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const header: fc.Arbitrary<SendMessageRequestHeader> = fc.record({
  producerGroup: text,
  topic: text,
  defaultTopic: text,
  defaultTopicQueueNums: int32,
  queueId: int32,
  sysFlag: int32,
  bornTimestamp: fc.integer({ min: 0, max: 2 ** 52 }),
  flag: int32,
  properties: text,
  reconsumeTimes: int32,
  unitMode: fc.boolean(),
  batch: fc.boolean(),
  maxReconsumeTimes: fc.option(int32, { nil: undefined }),
  bname: text,
}) as fc.Arbitrary<SendMessageRequestHeader>;

describe('sendV2ExtJson', () => {
  it('writes what JSON.stringify writes, header after header (the template changing or not)', () => {
    fc.assert(
      fc.property(fc.array(header, { minLength: 1, maxLength: 8 }), fc.nat(), (headers, repeat) => {
        // Send-like runs: each header a few times with only e, g and i changing, then the next one.
        for (const h of headers) {
          for (let n = 0; n <= repeat % 3; n++) {
            const ext = encodeSendMessageV2Fast({ ...h, queueId: (h.queueId + n) | 0, bornTimestamp: h.bornTimestamp - n, properties: h.properties + String(n) });
            expect(isSendV2Keys(Object.keys(ext))).toBe(true);
            expect(sendV2ExtJson(ext)).toBe(JSON.stringify(ext));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('makes a new template when any one of the kept values changes', () => {
    const base: SendMessageRequestHeader = {
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1,
      flag: 0, properties: 'p', reconsumeTimes: 0, unitMode: false, batch: false, bname: 'broker-a',
    };
    const variants: Partial<SendMessageRequestHeader>[] = [
      { producerGroup: 'PG2' }, { topic: 'T2' }, { defaultTopic: 'X' }, { defaultTopicQueueNums: 8 }, { sysFlag: 1 }, { flag: 2 },
      { reconsumeTimes: 3 }, { unitMode: true }, { maxReconsumeTimes: 16 }, { batch: true }, { bname: 'broker-b' },
    ];
    for (const variant of variants) {
      for (const h of [base, { ...base, ...variant }, base]) {
        const ext = encodeSendMessageV2Fast(h);
        expect(sendV2ExtJson(ext)).toBe(JSON.stringify(ext));
      }
    }
    // More topics than templates kept, round and round.
    for (let round = 0; round < 3; round++) {
      for (let topic = 0; topic < 11; topic++) {
        const ext = encodeSendMessageV2Fast({ ...base, topic: `T${topic}`, queueId: round });
        expect(sendV2ExtJson(ext)).toBe(JSON.stringify(ext));
      }
    }
  });

  it('reads the values an object holds now (a hook may change them in place)', () => {
    const h: SendMessageRequestHeader = {
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1,
      flag: 0, properties: 'A\u0001b', reconsumeTimes: 0, unitMode: false, batch: false, bname: 'broker-a',
    };
    const ext = encodeSendMessageV2Fast(h);
    expect(sendV2ExtJson(ext)).toBe(JSON.stringify(ext));
    ext['b'] = 'Other "topic"';
    ext['g'] = '2';
    expect(sendV2ExtJson(ext)).toBe(JSON.stringify(ext));
  });

  it('is used only for exactly the keys a..n in the producer order, and the header text stays the same', () => {
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'])).toBe(true);
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'])).toBe(true);
    expect(isSendV2Keys(['b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'])).toBe(false);
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n', 'AccessKey'])).toBe(false);
    const ext = encodeSendMessageV2Fast({
      producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1,
      flag: 0, properties: 'p', reconsumeTimes: 0, unitMode: false, batch: true, bname: 'b',
    });
    const cmd = { code: 310, language: 'JAVA', version: 399, opaque: 5, flag: 0, extFields: ext };
    expect(encodeJsonHeader(cmd).toString()).toBe(
      `{"code":310,"extFields":${JSON.stringify(ext)},"flag":0,"language":"JAVA","opaque":5,"serializeTypeCurrentRPC":"JSON","version":399}`,
    );
  });
});
