import type { SendRequest, SendResponse, SendStatus } from '../../../core/ports/broker-port.js';
import { RequestCode, ResponseCode } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';
import { encodeSendBatchMessageRequest } from '../protocol/headers/send-batch-message.js';
import { decodeSendMessageResponse } from '../protocol/headers/send-message-response.js';
import { encodeSendMessageV2Fast, sendMessageV2RequestCodec } from '../protocol/headers/send-message-v2.js';
import type { SendMessageRequestHeader } from '../protocol/headers/send-message.js';
import { encodeBatch } from '../protocol/message/batch.js';
import { encodeProperties } from '../protocol/message/properties.js';
import { expectCode, type ResponseContext } from './response-errors.js';
import type { Rpc } from './rpc.js';

/** Response codes that still mean "stored", and the send status each gives (shared/protocol §3.3). */
const STATUS_BY_CODE: ReadonlyMap<number, SendStatus> = new Map<number, SendStatus>([
  [ResponseCode.SUCCESS, 'SEND_OK'],
  [ResponseCode.FLUSH_DISK_TIMEOUT, 'FLUSH_DISK_TIMEOUT'],
  [ResponseCode.FLUSH_SLAVE_TIMEOUT, 'FLUSH_SLAVE_TIMEOUT'],
  [ResponseCode.SLAVE_NOT_AVAILABLE, 'SLAVE_NOT_AVAILABLE'],
]);
const STORED_CODES = [...STATUS_BY_CODE.keys()];

/** The V2 header of a send, with the values the Java client always sends (`j` = 0, `k` = false). */
function sendHeader(req: SendRequest): SendMessageRequestHeader {
  const header: SendMessageRequestHeader = {
    producerGroup: req.producerGroup,
    topic: req.topic,
    defaultTopic: req.defaultTopic,
    defaultTopicQueueNums: req.defaultTopicQueueNums,
    queueId: req.queueId,
    sysFlag: req.sysFlag,
    bornTimestamp: req.bornTimestamp,
    flag: req.flag,
    properties: encodeProperties(req.properties),
    reconsumeTimes: req.reconsumeTimes ?? 0,
    unitMode: false,
    batch: req.batch !== undefined,
    bname: req.brokerName,
  };
  if (req.maxReconsumeTimes !== undefined) header.maxReconsumeTimes = req.maxReconsumeTimes;
  return header;
}

/** SEND_MESSAGE_V2 (310) for a single message, SEND_BATCH_MESSAGE (320) with the batch body when `req.batch` is set. */
export function sendCommand(rpc: Rpc, req: SendRequest): RemotingCommand {
  const header = sendHeader(req);
  const order = rpc.headerOrder(sendMessageV2RequestCodec);
  if (req.batch === undefined) return rpc.command(RequestCode.SEND_MESSAGE_V2, encodeSendMessageV2Fast(header, order), req.body);
  return rpc.command(RequestCode.SEND_BATCH_MESSAGE, encodeSendBatchMessageRequest(header, order), encodeBatch(req.batch));
}

/** The error context of a send to `address`. */
export function sendContext(address: string, req: SendRequest): ResponseContext {
  const requestCode = req.batch === undefined ? RequestCode.SEND_MESSAGE_V2 : RequestCode.SEND_BATCH_MESSAGE;
  return { address, requestCode, brokerName: req.brokerName, queueId: req.queueId };
}

/** Maps a send response to a `SendResponse`; any code but the four "stored" ones is a `BrokerResponseError`. */
export function sendResult(response: RemotingCommand, context: ResponseContext): SendResponse {
  expectCode(response, context, STORED_CODES);
  const header = decodeSendMessageResponse(response.extFields);
  const result: SendResponse = {
    status: STATUS_BY_CODE.get(response.code) as SendStatus,
    offsetMsgId: header.msgId,
    queueId: header.queueId,
    queueOffset: header.queueOffset,
    // Java: trace is on unless the broker says "false".
    traceOn: header.extra?.['TRACE_ON'] !== 'false',
  };
  if (header.transactionId !== undefined) result.transactionId = header.transactionId;
  const region = header.extra?.['MSG_REGION'];
  if (region !== undefined) result.regionId = region;
  return result;
}
