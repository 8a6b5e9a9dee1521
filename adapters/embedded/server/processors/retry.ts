import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeConsumerSendMsgBackRequest } from '../../../remoting/protocol/headers/consumer-send-msg-back.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/** CONSUMER_SEND_MSG_BACK (36): a consumed message back to `%RETRY%<group>` (delayed) or `%DLQ%<group>`. */
export function retryHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.CONSUMER_SEND_MSG_BACK, async (request) => {
      const { extra: _extra, bname: _bname, ...header } = decodeConsumerSendMsgBackRequest(request.extFields);
      const outcome = await broker.consumerSendBack({ ...header, version: request.version });
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code });
    }],
  ]);
}
