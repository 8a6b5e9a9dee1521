import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SendResponse, SendStatus } from '../../../core/ports/broker-port.js';
import { decodedResult, SendAnswer, sendResult } from '../../../adapters/remoting/client/send.js';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';

const STATUS: Record<number, SendStatus> = { 0: 'SEND_OK', 10: 'FLUSH_DISK_TIMEOUT', 12: 'FLUSH_SLAVE_TIMEOUT', 11: 'SLAVE_NOT_AVAILABLE' };
/** An answer as the connection hands it over. */
function answer(code: number, extFields: Record<string, string>): RemotingCommand {
  return { code, language: 'JAVA', version: 409, opaque: 1, flag: 1, serializeType: 'JSON', extFields };
}

const context = { address: '127.0.0.1:10911', requestCode: 310, brokerName: 'b', queueId: 1 };

/** The reference: every answer through the header codec (the path before the quick one). */
function reference(response: RemotingCommand): SendResponse {
  return decodedResult(STATUS[response.code]!, response);
}

function outcome(run: () => SendResponse): { value: SendResponse } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: String(error) };
  }
}

const number = fc.oneof(
  fc.nat().map(String),
  fc.integer().map(String),
  fc.constantFrom('', '+5', '-0', '007', '2147483647', '2147483648', '9007199254740991', '99999999999999999', '1e3', ' 1', '١'),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);
const text = fc.oneof(fc.string(), fc.constantFrom('true', 'false', 'DefaultRegion'));
const value = (v: fc.Arbitrary<string>) => fc.oneof({ weight: 6, arbitrary: v }, { weight: 1, arbitrary: fc.constantFrom(undefined, null, 5, {}) });

const ext = fc.record(
  {
    msgId: value(fc.stringMatching(/^[0-9A-F]{32}$/)),
    queueId: value(number),
    queueOffset: value(number),
    TRACE_ON: value(text),
    MSG_REGION: value(text),
    transactionId: value(text),
    other: value(text),
  },
  { requiredKeys: [] },
);

describe('sendResult', () => {
  it('gives what the header codec gives, or the same error, for any answer of a stored code', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 10, 11, 12), ext, (code, fields) => {
        const response = answer(code, fields as Record<string, string>);
        expect(outcome(() => sendResult(response, context))).toEqual(outcome(() => reference(response)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a broker\'s answer, and ignores values inherited rather than sent', () => {
    const ext = Object.create({ MSG_REGION: 'inherited', transactionId: 'inherited' }) as Record<string, string>;
    Object.assign(ext, { msgId: '7F00000100002A9F000000000003A836', queueId: '3', queueOffset: '41', TRACE_ON: 'false' });
    expect(sendResult(answer(0, ext), context)).toEqual({
      status: 'SEND_OK', offsetMsgId: '7F00000100002A9F000000000003A836', queueId: 3, queueOffset: 41, traceOn: false,
    });
  });
});

describe('SendAnswer', () => {
  const request = {
    producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 1, sysFlag: 0, bornTimestamp: 1, flag: 0,
    properties: {}, brokerName: 'b', body: Buffer.alloc(0),
  };

  /** What a SendAnswer hands its reply for `response`, in the form of {@link outcome}. */
  function answered(response: RemotingCommand): { value: SendResponse } | { error: string } {
    const heard: ({ value: SendResponse } | { error: string })[] = [];
    new SendAnswer(context.address, request, { resolved: (value) => heard.push({ value }), rejected: (error) => heard.push({ error: String(error) }) }).resolved(response);
    expect(heard).toHaveLength(1);
    return heard[0]!;
  }

  it('hands its reply what sendResult gives, or its error, for any answer', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 10, 11, 12, 1, 14, 17), ext, (code, fields) => {
        const response = answer(code, fields as Record<string, string>);
        expect(answered(response)).toEqual(outcome(() => sendResult(response, context)));
      }),
      { numRuns: 1000 },
    );
  });

  it('names the broker, queue and request of a refused send', () => {
    const heard: unknown[] = [];
    new SendAnswer(context.address, request, { resolved: () => heard.push('resolved'), rejected: (error) => heard.push(error) }).resolved({ ...answer(14, {}), remark: 'busy' });
    expect(heard).toEqual([expect.objectContaining({ code: 14, remark: 'busy', context: expect.objectContaining({ address: context.address, requestCode: 310, brokerName: 'b', queueId: 1 }) })]);
    const failure = new Error('closed');
    new SendAnswer(context.address, request, { resolved: () => heard.push('resolved'), rejected: (error) => heard.push(error) }).rejected(failure);
    expect(heard[1]).toBe(failure);
  });
});
