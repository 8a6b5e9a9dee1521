/**
 * What the port should return for a captured answer, computed independently of the client: JSON bodies with
 * `JSON.parse` (the captured route bodies are standard JSON), numbers straight from the captured ext fields, stored
 * messages from the capture tool's own decoding.
 */
import { expect } from 'vitest';
import type { PulledMessage, PullResponse, SendResponse } from '../../../../core/ports/broker-port.js';
import { isBrokerResponseError } from '../../../../core/ports/errors.js';
import type { TopicRouteData } from '../../../../core/ports/route.js';
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import type { Exchange, StoredMessageOracle } from './captures.js';

export type Outcome = { value: unknown } | { error: unknown };

/** Response codes each request code turns into a result rather than an error. */
const ACCEPTED: Readonly<Record<number, readonly number[]>> = {
  11: [0, 19, 20, 21],
  14: [0, 22],
  310: [0, 10, 11, 12],
  320: [0, 10, 11, 12],
};

const num = (response: RemotingCommand, key: string): number => Number(response.extFields?.[key]);
const json = (response: RemotingCommand): Record<string, unknown> => JSON.parse((response.body ?? Buffer.alloc(0)).toString('utf8')) as Record<string, unknown>;

export function expectMessageLike(message: PulledMessage, oracle: StoredMessageOracle): void {
  expect(message).toMatchObject({
    topic: oracle.topic,
    queueId: oracle.queueId,
    queueOffset: oracle.queueOffset,
    physicalOffset: oracle.commitLogOffset,
    sysFlag: oracle.sysFlag,
    flag: oracle.flag,
    bornTimestamp: oracle.bornTimestamp,
    storeTimestamp: oracle.storeTimestamp,
    reconsumeTimes: oracle.reconsumeTimes,
    preparedTransactionOffset: oracle.preparedTransactionOffset,
  });
  expect({ ...message.properties }).toEqual(oracle.properties);
  expect(message.body.toString('utf8')).toBe(oracle.body);
  expect(message.msgId).toBe(oracle.properties['UNIQ_KEY'] ?? message.offsetMsgId);
}

function expectRoute(route: TopicRouteData, response: RemotingCommand): void {
  const parsed = json(response) as unknown as TopicRouteData;
  expect(route.queueDatas).toEqual(parsed.queueDatas);
  expect(route.brokerDatas.map(({ cluster, brokerName, brokerAddrs }) => ({ cluster, brokerName, brokerAddrs: { ...brokerAddrs } }))).toEqual(parsed.brokerDatas);
}

function expectSend(result: SendResponse, response: RemotingCommand): void {
  const status = { 0: 'SEND_OK', 10: 'FLUSH_DISK_TIMEOUT', 11: 'SLAVE_NOT_AVAILABLE', 12: 'FLUSH_SLAVE_TIMEOUT' }[response.code];
  expect(result).toMatchObject({ status, offsetMsgId: response.extFields?.['msgId'], queueId: num(response, 'queueId'), queueOffset: num(response, 'queueOffset') });
  expect(result.regionId).toBe(response.extFields?.['MSG_REGION']);
  expect(result.traceOn).toBe(response.extFields?.['TRACE_ON'] !== 'false');
}

function expectPull(result: PullResponse, exchange: Exchange): void {
  const response = exchange.response?.command as RemotingCommand;
  const status = { 0: 'FOUND', 19: 'NO_NEW_MSG', 20: 'NO_MATCHED_MSG', 21: 'OFFSET_ILLEGAL' }[response.code];
  expect(result).toMatchObject({
    status,
    nextBeginOffset: num(response, 'nextBeginOffset'),
    minOffset: num(response, 'minOffset'),
    maxOffset: num(response, 'maxOffset'),
    suggestWhichBrokerId: num(response, 'suggestWhichBrokerId'),
  });
  const oracle = exchange.response?.storedMessages;
  if (status !== 'FOUND') expect(result.messages).toEqual([]);
  else expect(result.messages.length).toBeGreaterThan(0);
  if (oracle !== undefined) {
    expect(result.messages).toHaveLength(oracle.length);
    result.messages.forEach((m, i) => expectMessageLike(m, oracle[i] as StoredMessageOracle));
  }
  const sizes = result.messages.reduce((sum, m) => sum + m.storeSize, 0);
  expect(sizes).toBe(response.body?.length ?? 0);
}

/** Checks the port's outcome for one replayed exchange. */
export function expectOutcome(exchange: Exchange, outcome: Outcome): void {
  const request = exchange.request.command;
  const response = exchange.response?.command;
  if (response === undefined) {
    expect(outcome).toEqual({ value: undefined });
    return;
  }
  if (!(ACCEPTED[request.code] ?? [0]).includes(response.code)) {
    const error = 'error' in outcome ? outcome.error : undefined;
    expect(isBrokerResponseError(error)).toBe(true);
    expect(error).toMatchObject({ code: response.code, remark: response.remark });
    return;
  }
  if ('error' in outcome) throw outcome.error;
  const value = outcome.value;
  switch (request.code) {
    case 105: return expectRoute(value as TopicRouteData, response);
    case 310:
    case 320: return expectSend(value as SendResponse, response);
    case 11: return expectPull(value as PullResponse, exchange);
    case 14: return void expect(value).toBe(response.code === 22 ? undefined : num(response, 'offset'));
    case 29:
    case 30:
    case 31: return void expect(value).toBe(num(response, 'offset'));
    case 33: {
      const oracle = exchange.response?.storedMessages?.[0];
      if (oracle !== undefined) expectMessageLike(value as PulledMessage, oracle);
      return void expect((value as PulledMessage).storeSize).toBe(response.body?.length);
    }
    case 38: return void expect(value).toEqual(json(response)['consumerIdList']);
    case 41: return void expect(value).toEqual(json(response)['lockOKMQSet']);
    default: return void expect(value).toBeUndefined();
  }
}
