import { encodeResetOffsetBody } from '../../../remoting/protocol/body/reset-offset.js';
import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeInvokeBrokerToResetOffsetRequest } from '../../../remoting/protocol/headers/invoke-broker-to-reset-offset.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/** The remark of a 4.9.8 answer built with `createResponseCommand(null)`, kept on SUCCESS (the admin capture). */
const UNSET_REMARK = 'not set any response code';

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222, from an admin tool): the broker resets the group's offsets of the topic, pushes
 * RESET_CONSUMER_CLIENT_OFFSET to the group's consumers, and answers SUCCESS with the `ResetOffsetBody` of the new
 * offsets and no header; a failure (CONSUMER_NOT_ONLINE, SYSTEM_ERROR) carries only its remark.
 */
export function resetOffsetHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, async (request) => {
      const { topic, group, timestamp, isForce, queueId, offset } = decodeInvokeBrokerToResetOffsetRequest(request.extFields);
      const outcome = await broker.resetOffset({
        topic, group, timestamp, isForce,
        ...(queueId === undefined ? {} : { queueId }),
        ...(offset === undefined ? {} : { offset }),
      });
      if (isFailure(outcome)) return failureReply(request, outcome);
      return reply(request, { code: outcome.code, remark: UNSET_REMARK, body: encodeResetOffsetBody(outcome.offsets) });
    }],
  ]);
}
