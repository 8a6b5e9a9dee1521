import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeCreateTopicRequest } from '../../../remoting/protocol/headers/create-topic.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/**
 * The remark a 4.9.8 broker leaves on admin answers built with `createResponseCommand(null)`: the captured
 * UPDATE_AND_CREATE_TOPIC SUCCESS carries it.
 */
const UNSET_REMARK = 'not set any response code';

/** UPDATE_AND_CREATE_TOPIC (17): creates or replaces a topic, then the broker re-registers with its name server. */
export function adminHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.UPDATE_AND_CREATE_TOPIC, async (request) => {
      const { extra: _extra, ...header } = decodeCreateTopicRequest(request.extFields);
      const outcome = await broker.updateAndCreateTopic(header);
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code, remark: UNSET_REMARK });
    }],
  ]);
}
