import type { ClientRequestHandlers } from '../../../core/ports/broker-port.js';
import { writeFastjson } from '../protocol/body/fastjson-writer.js';
import { encodeConsumeDirectlyResult } from '../protocol/body/consume-directly-result.js';
import { encodeConsumerRunningInfo } from '../protocol/body/consumer-running-info.js';
import { queueKeyedMap } from '../protocol/body/message-queue-json.js';
import { decodeResetOffsetBody } from '../protocol/body/reset-offset.js';
import { RequestCode, ResponseCode } from '../protocol/codes.js';
import { createResponse, type RemotingCommand } from '../protocol/command.js';
import { decodeCheckTransactionStateRequest } from '../protocol/headers/check-transaction-state.js';
import { decodeConsumeMessageDirectlyRequest } from '../protocol/headers/consume-message-directly.js';
import { decodeGetConsumerRunningInfoRequest } from '../protocol/headers/get-consumer-running-info.js';
import { decodeGetConsumerStatusRequest } from '../protocol/headers/get-consumer-status.js';
import { decodeNotifyConsumerIdsChangedRequest } from '../protocol/headers/notify-consumer-ids-changed.js';
import { decodeResetOffsetRequest } from '../protocol/headers/reset-offset.js';
import { decodeStoredMessage } from '../protocol/message/stored-message.js';
import type { Connection } from '../transport/connection.js';
import type { ConnectionPool } from '../transport/pool.js';
import type { Processor } from '../transport/processors.js';
import { RemotingClientError } from './errors.js';

/** Handles one broker-pushed request with the installed handlers; a returned command is the answer. */
type PushHandler = (
  handlers: ClientRequestHandlers,
  request: RemotingCommand,
  connection: Connection,
) => Promise<RemotingCommand | void> | RemotingCommand | void;

const bodyOf = (request: RemotingCommand): Buffer => request.body ?? Buffer.alloc(0);

/** CHECK_TRANSACTION_STATE (39, oneway): the half message and its offsets go to core, which answers with END_TRANSACTION. */
const checkTransactionState: PushHandler = (handlers, request, connection) => {
  const header = decodeCheckTransactionStateRequest(request.extFields);
  const { tranStateTableOffset, commitLogOffset, msgId, transactionId, offsetMsgId } = header;
  handlers.checkTransactionState({
    brokerAddr: connection.remoteAddress,
    tranStateTableOffset,
    commitLogOffset,
    ...(msgId === undefined ? {} : { msgId }),
    ...(transactionId === undefined ? {} : { transactionId }),
    ...(offsetMsgId === undefined ? {} : { offsetMsgId }),
    message: decodeStoredMessage(bodyOf(request)),
  });
};

/** NOTIFY_CONSUMER_IDS_CHANGED (40, oneway): rebalance the group now. */
const notifyConsumerIdsChanged: PushHandler = (handlers, request) => {
  handlers.notifyConsumerIdsChanged(decodeNotifyConsumerIdsChangedRequest(request.extFields).consumerGroup);
};

/** RESET_CONSUMER_CLIENT_OFFSET (220, oneway): header plus the MessageQueue-keyed offset table. */
const resetOffset: PushHandler = (handlers, request) => {
  const { topic, group, timestamp, isForce } = decodeResetOffsetRequest(request.extFields);
  handlers.resetOffset({ topic, group, timestamp, isForce, offsets: decodeResetOffsetBody(bodyOf(request)) });
};

/** GET_CONSUMER_RUNNING_INFO (307): SUCCESS with the fastjson-written info, or SYSTEM_ERROR for an unknown group. */
const consumerRunningInfo: PushHandler = (handlers, request) => {
  const { consumerGroup } = decodeGetConsumerRunningInfoRequest(request.extFields);
  const info = handlers.consumerRunningInfo(consumerGroup);
  if (info === undefined) {
    return createResponse(request, { code: ResponseCode.SYSTEM_ERROR, remark: `The Consumer Group ${consumerGroup} not exist in this consumer` });
  }
  return createResponse(request, { code: ResponseCode.SUCCESS, body: encodeConsumerRunningInfo(info) });
};

/** CONSUME_MESSAGE_DIRECTLY (309): consume the attached message, answer with the ConsumeMessageDirectlyResult. */
const consumeMessageDirectly: PushHandler = async (handlers, request) => {
  const { consumerGroup, brokerName } = decodeConsumeMessageDirectlyRequest(request.extFields);
  const result = await handlers.consumeMessageDirectly(consumerGroup, decodeStoredMessage(bodyOf(request)), brokerName);
  return createResponse(request, { code: ResponseCode.SUCCESS, body: encodeConsumeDirectlyResult(result) });
};

/** GET_CONSUMER_STATUS_FROM_CLIENT (221): the group's offsets for the topic, taken from its running info. */
const consumerStatus: PushHandler = (handlers, request) => {
  const { topic, group } = decodeGetConsumerStatusRequest(request.extFields);
  const queues = (handlers.consumerRunningInfo(group)?.mqTable ?? []).filter((e) => e.queue.topic === topic);
  const offsets = queues.map((e) => ({ queue: e.queue, value: Number(e.info['commitOffset'] ?? 0) }));
  const body = writeFastjson({ consumerTable: new Map(), messageQueueTable: queueKeyedMap(offsets) });
  return createResponse(request, { code: ResponseCode.SUCCESS, body: Buffer.from(body, 'utf8') });
};

/** The broker-pushed requests this client handles, by request code; others get REQUEST_CODE_NOT_SUPPORTED from the transport. */
export const PUSH_HANDLERS: ReadonlyMap<number, PushHandler> = new Map<number, PushHandler>([
  [RequestCode.CHECK_TRANSACTION_STATE, checkTransactionState],
  [RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, notifyConsumerIdsChanged],
  [RequestCode.RESET_CONSUMER_CLIENT_OFFSET, resetOffset],
  [RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, consumerStatus],
  [RequestCode.GET_CONSUMER_RUNNING_INFO, consumerRunningInfo],
  [RequestCode.CONSUME_MESSAGE_DIRECTLY, consumeMessageDirectly],
]);

/**
 * Installs a processor per {@link PUSH_HANDLERS} code on `pool`, so it runs on every connection the pool opens. The
 * processors read the handlers when a request arrives; before `setHandlers`, a request fails with `no-handlers`
 * (answered SYSTEM_ERROR when the broker waits for an answer, a `processor-error` event for oneway ones).
 */
export function installPushHandlers(pool: ConnectionPool, currentHandlers: () => ClientRequestHandlers | undefined): void {
  for (const [code, handle] of PUSH_HANDLERS) {
    const processor: Processor = (request, connection) => {
      const handlers = currentHandlers();
      if (handlers === undefined) {
        throw new RemotingClientError('no-handlers', `request code ${code} arrived before handlers were installed`, { code });
      }
      return handle(handlers, request, connection);
    };
    pool.setProcessor(code, processor);
  }
}
