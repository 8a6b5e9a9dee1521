import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodePullMessageRequest, encodePullMessageResponse } from '../../../remoting/protocol/headers/pull-message.js';
import type { Broker } from '../../engine/broker.js';
import type { PullRequest } from '../../engine/pull-types.js';
import type { ConnectionChannel } from '../connection-channel.js';
import type { Handler, HandlerTable } from '../handler.js';
import { reply } from '../reply.js';

/**
 * PULL_MESSAGE (11). A pull with nothing to return and the SUSPEND bit is parked by the engine (long polling) and
 * answered when a message arrives or the suspend time ends; a pull whose client left meanwhile is answered nothing.
 * Found messages travel as stored records back to back; the remark is the store status (`FOUND`, …) as in 4.9.8.
 */
export function pullHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([[RequestCode.PULL_MESSAGE, (request, channel) => pull(broker, request, channel)]]);
}

async function pull(broker: Broker, request: RemotingCommand, channel: ConnectionChannel): Promise<RemotingCommand | undefined> {
  const { extra: _extra, bname: _bname, ...header } = decodePullMessageRequest(request.extFields);
  const outcome = await broker.pull(header satisfies PullRequest, channel);
  if (outcome === undefined) return undefined;
  if (!('nextBeginOffset' in outcome)) {
    // Java builds the response from PullMessageResponseHeader, all null on these paths: `"extFields":{}`.
    return reply(request, { code: outcome.code, remark: outcome.remark, extFields: {} });
  }
  const { suggestWhichBrokerId, nextBeginOffset, minOffset, maxOffset } = outcome;
  return reply(request, {
    code: outcome.code,
    remark: outcome.remark,
    extFields: encodePullMessageResponse({ suggestWhichBrokerId, nextBeginOffset, minOffset, maxOffset }),
    ...(outcome.body === undefined ? {} : { body: outcome.body }),
  });
}
