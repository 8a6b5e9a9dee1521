import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeGetEarliestMsgStoretimeRequest, encodeGetEarliestMsgStoretimeResponse } from '../../../remoting/protocol/headers/get-earliest-msg-storetime.js';
import { decodeGetMaxOffsetRequest, encodeGetMaxOffsetResponse } from '../../../remoting/protocol/headers/get-max-offset.js';
import { decodeGetMinOffsetRequest, encodeGetMinOffsetResponse } from '../../../remoting/protocol/headers/get-min-offset.js';
import { decodeQueryConsumerOffsetRequest, encodeQueryConsumerOffsetResponse } from '../../../remoting/protocol/headers/query-consumer-offset.js';
import { decodeSearchOffsetRequest, encodeSearchOffsetResponse } from '../../../remoting/protocol/headers/search-offset.js';
import { decodeUpdateConsumerOffsetRequest } from '../../../remoting/protocol/headers/update-consumer-offset.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure, type Failure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/**
 * Consumer offsets and queue offsets: QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15, usually oneway),
 * SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32).
 * Each answer carries its response header class's fields (`"extFields":{}` when they are null, as Java writes it).
 */
export function offsetHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.QUERY_CONSUMER_OFFSET, async (request) => {
      const { consumerGroup, topic, queueId } = decodeQueryConsumerOffsetRequest(request.extFields);
      return offsetReply(request, await broker.queryConsumerOffset({ consumerGroup, topic, queueId }), encodeQueryConsumerOffsetResponse);
    }],
    [RequestCode.UPDATE_CONSUMER_OFFSET, async (request) => {
      const { consumerGroup, topic, queueId, commitOffset } = decodeUpdateConsumerOffsetRequest(request.extFields);
      const outcome = await broker.updateConsumerOffset({ consumerGroup, topic, queueId, commitOffset });
      return isFailure(outcome) ? failureReply(request, outcome, {}) : reply(request, { code: outcome.code, extFields: {} });
    }],
    [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, async (request) => {
      const { topic, queueId, timestamp } = decodeSearchOffsetRequest(request.extFields);
      return offsetReply(request, await broker.searchOffset({ topic, queueId, timestamp }), encodeSearchOffsetResponse);
    }],
    [RequestCode.GET_MAX_OFFSET, async (request) => {
      const { topic, queueId } = decodeGetMaxOffsetRequest(request.extFields);
      return offsetReply(request, await broker.maxOffset({ topic, queueId }), encodeGetMaxOffsetResponse);
    }],
    [RequestCode.GET_MIN_OFFSET, async (request) => {
      const { topic, queueId } = decodeGetMinOffsetRequest(request.extFields);
      return offsetReply(request, await broker.minOffset({ topic, queueId }), encodeGetMinOffsetResponse);
    }],
    [RequestCode.GET_EARLIEST_MSG_STORETIME, async (request) => {
      const { topic, queueId } = decodeGetEarliestMsgStoretimeRequest(request.extFields);
      const outcome = await broker.earliestStoreTime({ topic, queueId });
      if (isFailure(outcome)) return failureReply(request, outcome, {});
      return reply(request, { code: outcome.code, extFields: encodeGetEarliestMsgStoretimeResponse({ timestamp: outcome.timestamp }) });
    }],
  ]);
}

function offsetReply(
  request: RemotingCommand,
  outcome: { readonly code: 0; readonly offset: number } | Failure,
  encode: (header: { offset: number }) => Record<string, string>,
): RemotingCommand {
  if (isFailure(outcome)) return failureReply(request, outcome, {});
  return reply(request, { code: outcome.code, extFields: encode({ offset: outcome.offset }) });
}
