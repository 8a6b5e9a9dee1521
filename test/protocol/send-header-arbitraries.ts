/** fast-check arbitraries of SEND_MESSAGE_V2 headers, shared by the send header template tests. */
import fc from 'fast-check';
import type { SendMessageRequestHeader } from '../../adapters/remoting/protocol/headers/send-message.js';

/** Strings with everything JSON must escape or may carry: quotes, backslashes, controls, non-ASCII, lone surrogates. */
export const text = fc.oneof(
  fc.constantFrom('PG', 'T', 'TBW102', 'broker-a'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u0001', '\u0002', '\n', '\t', '\u001f', '\u007f', 'é', '\ud800', '😀'), maxLength: 30 }),
);

/** Properties as a producer writes them (names and values joined by U+0001 and U+0002), or any text. */
export const properties = fc.oneof(
  fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z_]{1,12}$/), fc.stringMatching(/^[ -~]{0,40}$/)), { maxLength: 6 }).map((pairs) =>
    pairs.map(([k, v]) => `${k}\u0001${v}`).join('\u0002'),
  ),
  text,
);

export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

/** Any send header the producer's header codec accepts. */
export const sendHeader: fc.Arbitrary<SendMessageRequestHeader> = fc.record({
  producerGroup: text,
  topic: text,
  defaultTopic: text,
  defaultTopicQueueNums: int32,
  queueId: int32,
  sysFlag: int32,
  bornTimestamp: fc.integer({ min: 0, max: 2 ** 52 }),
  flag: int32,
  properties,
  reconsumeTimes: int32,
  unitMode: fc.boolean(),
  batch: fc.boolean(),
  maxReconsumeTimes: fc.option(int32, { nil: undefined }),
  bname: text,
}) as fc.Arbitrary<SendMessageRequestHeader>;
