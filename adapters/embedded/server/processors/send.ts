import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeSendBatchMessageRequest } from '../../../remoting/protocol/headers/send-batch-message.js';
import { encodeSendMessageResponse } from '../../../remoting/protocol/headers/send-message-response.js';
import { decodeSendMessageV2Request } from '../../../remoting/protocol/headers/send-message-v2.js';
import { decodeSendMessageRequest, type SendMessageRequestHeader } from '../../../remoting/protocol/headers/send-message.js';
import { MessageProperty } from '../../../remoting/protocol/message/properties.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { SendRequest } from '../../engine/send-types.js';
import type { ConnectionChannel } from '../connection-channel.js';
import type { Handler, HandlerTable } from '../handler.js';
import { reply } from '../reply.js';

type HeaderDecoder = (ext: Readonly<Record<string, string>> | undefined) => SendMessageRequestHeader;

/**
 * SEND_MESSAGE (10, long keys), SEND_MESSAGE_V2 (310, one-letter keys) and SEND_BATCH_MESSAGE (320, V2 keys and a
 * batch body), one path: the header's `batch` flag (`m`, which a batch's frame sets) picks the batch handling, as
 * in Java `SendMessageProcessor`. Every answer, failures included, carries `MSG_REGION` and `TRACE_ON` as a 4.9.8
 * broker's does.
 */
export function sendHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.SEND_MESSAGE, sendWith(broker, decodeSendMessageRequest)],
    [RequestCode.SEND_MESSAGE_V2, sendWith(broker, decodeSendMessageV2Request)],
    [RequestCode.SEND_BATCH_MESSAGE, sendWith(broker, decodeSendBatchMessageRequest)],
  ]);
}

function sendWith(broker: Broker, decode: HeaderDecoder): Handler {
  return async (request: RemotingCommand, channel: ConnectionChannel) => {
    const { extra: _extra, bname: _bname, ...header } = decode(request.extFields);
    // The rest object is ours: the two fields are added to it rather than spread into a new one (a spread followed
    // by new keys makes a new hidden class per call on Node 20).
    const req: SendRequest = header;
    req.version = request.version;
    if (request.body !== undefined) req.body = request.body;
    const outcome = await broker.send(req, channel);
    const extra = {
      [MessageProperty.MSG_REGION]: broker.config.regionId,
      [MessageProperty.TRACE_SWITCH]: String(broker.config.traceOn),
    };
    if (isFailure(outcome)) return reply(request, { code: outcome.code, remark: outcome.remark, extFields: extra });
    const { msgId, queueId, queueOffset } = outcome;
    return reply(request, { code: outcome.code, extFields: encodeSendMessageResponse({ msgId, queueId, queueOffset, extra }) });
  };
}
