import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeLockBatchRequest, encodeLockBatchResponse } from '../../../remoting/protocol/body/lock.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';
import { requireBody } from './clients.js';

/**
 * LOCK_BATCH_MQ (41) answers `{"lockOKMQSet":[…]}`, the queues this client holds now (others' live locks are
 * refused); UNLOCK_BATCH_MQ (42, oneway or not) answers SUCCESS without body.
 */
export function lockHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.LOCK_BATCH_MQ, async (request) => {
      const { consumerGroup, clientId, mqSet } = decodeLockBatchRequest(requireBody(request));
      const outcome = await broker.lockBatch({ consumerGroup, clientId, mqSet });
      if (isFailure(outcome)) return failureReply(request, outcome);
      return reply(request, { code: outcome.code, body: encodeLockBatchResponse({ lockOKMQSet: outcome.lockOKMQSet }) });
    }],
    [RequestCode.UNLOCK_BATCH_MQ, async (request) => {
      const { consumerGroup, clientId, mqSet } = decodeLockBatchRequest(requireBody(request));
      const outcome = await broker.unlockBatch({ consumerGroup, clientId, mqSet });
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code });
    }],
  ]);
}
