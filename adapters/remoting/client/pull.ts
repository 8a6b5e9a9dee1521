import type { PullRequest, PullResponse, PullStatus } from '../../../core/ports/broker-port.js';
import { RequestCode, ResponseCode } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';
import { decodePullMessageResponse, encodePullMessageRequest, pullMessageRequestCodec, type PullMessageRequestHeader } from '../protocol/headers/pull-message.js';
import { decodeStoredMessages } from '../protocol/message/stored-message.js';
import { expectCode, type ResponseContext } from './response-errors.js';
import type { Rpc } from './rpc.js';

/** How much longer than the broker may hold a pull the client waits for it (Java: 15 s suspend, 30 s timeout). */
export const PULL_TIMEOUT_MARGIN_MS = 15_000;

/** Pull answers and the status each gives (shared/protocol §4.2). */
const STATUS_BY_CODE: ReadonlyMap<number, PullStatus> = new Map<number, PullStatus>([
  [ResponseCode.SUCCESS, 'FOUND'],
  [ResponseCode.PULL_NOT_FOUND, 'NO_NEW_MSG'],
  [ResponseCode.PULL_RETRY_IMMEDIATELY, 'NO_MATCHED_MSG'],
  [ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_ILLEGAL'],
]);
const PULL_CODES = [...STATUS_BY_CODE.keys()];

/** PULL_MESSAGE (11) for `req`. */
export function pullCommand(rpc: Rpc, req: PullRequest): RemotingCommand {
  const header: PullMessageRequestHeader = {
    consumerGroup: req.consumerGroup,
    topic: req.queue.topic,
    queueId: req.queue.queueId,
    queueOffset: req.queueOffset,
    maxMsgNums: req.maxMsgNums,
    sysFlag: req.sysFlag,
    commitOffset: req.commitOffset,
    suspendTimeoutMillis: req.suspendTimeoutMillis,
    subVersion: req.subVersion,
    bname: req.queue.brokerName,
  };
  if (req.subscription !== undefined) header.subscription = req.subscription;
  if (req.expressionType !== undefined) header.expressionType = req.expressionType;
  return rpc.command(RequestCode.PULL_MESSAGE, encodePullMessageRequest(header, rpc.headerOrder(pullMessageRequestCodec)));
}

/** The RPC timeout of a pull: what the broker may hold it for, plus a margin. */
export function pullTimeoutMs(req: PullRequest): number {
  return req.suspendTimeoutMillis + PULL_TIMEOUT_MARGIN_MS;
}

/** The error context of a pull from `address`. */
export function pullContext(address: string, req: PullRequest): ResponseContext {
  return { address, requestCode: RequestCode.PULL_MESSAGE, brokerName: req.queue.brokerName, queueId: req.queue.queueId };
}

/**
 * Maps a pull response: FOUND with the body's stored messages (bodies inflated, `storeSize` = record size), the other
 * three statuses with no messages; any other code is a `BrokerResponseError`.
 */
export function pullResult(response: RemotingCommand, context: ResponseContext): PullResponse {
  expectCode(response, context, PULL_CODES);
  const header = decodePullMessageResponse(response.extFields);
  const status = STATUS_BY_CODE.get(response.code) as PullStatus;
  const body = response.body;
  const messages = status === 'FOUND' && body !== undefined && body.length > 0 ? decodeStoredMessages(body) : [];
  return {
    status,
    nextBeginOffset: header.nextBeginOffset,
    minOffset: header.minOffset,
    maxOffset: header.maxOffset,
    suggestWhichBrokerId: header.suggestWhichBrokerId,
    messages,
  };
}
