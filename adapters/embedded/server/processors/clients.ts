import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { RequestCode } from '../../../remoting/protocol/codes.js';
import { encodeConsumerList } from '../../../remoting/protocol/body/consumer-list.js';
import { decodeHeartbeat } from '../../../remoting/protocol/body/heartbeat.js';
import { ProtocolError } from '../../../remoting/protocol/errors.js';
import { decodeGetConsumerListByGroupRequest } from '../../../remoting/protocol/headers/get-consumer-list-by-group.js';
import { decodeUnregisterClientRequest } from '../../../remoting/protocol/headers/unregister-client.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/**
 * HEART_BEAT (34: the client's producer and consumer groups with subscriptions; answered without header),
 * UNREGISTER_CLIENT (35) and GET_CONSUMER_LIST_BY_GROUP (38; both answered with an empty header map, as Java does).
 */
export function clientHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.HEART_BEAT, async (request, channel) => {
      const { clientID, producerDataSet, consumerDataSet } = decodeHeartbeat(requireBody(request));
      const outcome = await broker.heartbeat({ clientID, producerDataSet, consumerDataSet }, channel);
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code });
    }],
    [RequestCode.UNREGISTER_CLIENT, async (request, channel) => {
      const { clientId, producerGroup, consumerGroup } = decodeUnregisterClientRequest(request.extFields);
      const outcome = await broker.unregisterClient({ clientID: clientId, producerGroup, consumerGroup }, channel);
      return isFailure(outcome) ? failureReply(request, outcome, {}) : reply(request, { code: outcome.code, extFields: {} });
    }],
    [RequestCode.GET_CONSUMER_LIST_BY_GROUP, async (request) => {
      const { consumerGroup } = decodeGetConsumerListByGroupRequest(request.extFields);
      const outcome = await broker.consumerList({ consumerGroup });
      if (isFailure(outcome)) return failureReply(request, outcome, {});
      return reply(request, { code: outcome.code, extFields: {}, body: encodeConsumerList({ consumerIdList: outcome.consumerIdList }) });
    }],
  ]);
}

/** The request body, or an `invalid-body` error naming the request (answered SYSTEM_ERROR). */
export function requireBody(request: RemotingCommand): Buffer {
  if (request.body === undefined || request.body.length === 0) {
    throw new ProtocolError('invalid-body', 'the request has no body', { code: request.code, value: undefined });
  }
  return request.body;
}
