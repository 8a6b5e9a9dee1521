import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeQueryMessageRequest, encodeQueryMessageResponse } from '../../../remoting/protocol/headers/query-message.js';
import { decodeViewMessageRequest } from '../../../remoting/protocol/headers/view-message.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/**
 * QUERY_MESSAGE (12) by key or unique key (records back to back, with the index header, also on QUERY_NOT_FOUND)
 * and VIEW_MESSAGE_BY_ID (33) by commit-log offset (one record, no header).
 */
export function queryHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.QUERY_MESSAGE, async (request) => {
      const { topic, key, maxNum, beginTimestamp, endTimestamp, uniqueKeyQuery } = decodeQueryMessageRequest(request.extFields);
      const outcome = await broker.queryMessage({ topic, key, maxNum, beginTimestamp, endTimestamp, uniqueKeyQuery: uniqueKeyQuery === true });
      if (!('indexLastUpdateTimestamp' in outcome)) return failureReply(request, outcome, {});
      const extFields = encodeQueryMessageResponse({
        indexLastUpdateTimestamp: outcome.indexLastUpdateTimestamp,
        indexLastUpdatePhyoffset: outcome.indexLastUpdatePhyoffset,
      });
      if (isFailure(outcome)) return failureReply(request, outcome, extFields);
      return reply(request, { code: outcome.code, extFields, body: outcome.body });
    }],
    [RequestCode.VIEW_MESSAGE_BY_ID, async (request) => {
      const { offset } = decodeViewMessageRequest(request.extFields);
      const outcome = await broker.viewMessage({ offset });
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code, body: outcome.body });
    }],
  ]);
}
