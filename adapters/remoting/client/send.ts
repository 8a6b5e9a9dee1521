import type { Reply, SendRequest, SendResponse, SendStatus } from '../../../core/ports/broker-port.js';
import { RequestCode, ResponseCode } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';
import { decodeSendMessageResponse } from '../protocol/headers/send-message-response.js';
import { sendMessageV2RequestCodec } from '../protocol/headers/send-message-v2.js';
import { encodeBatch } from '../protocol/message/batch.js';
import { SendV2Command } from '../protocol/send-v2-command.js';
import type { RequestSink } from '../transport/request-guard.js';
import { toError, type ResponseContext } from './response-errors.js';
import type { Rpc } from './rpc.js';

/** Module-local: a call of it costs less than `Object.hasOwn` (a builtin that calls it in turn). */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** Response codes that still mean "stored", and the send status each gives (shared/protocol §3.3). */
const STATUS_BY_CODE: ReadonlyMap<number, SendStatus> = new Map<number, SendStatus>([
  [ResponseCode.SUCCESS, 'SEND_OK'],
  [ResponseCode.FLUSH_DISK_TIMEOUT, 'FLUSH_DISK_TIMEOUT'],
  [ResponseCode.FLUSH_SLAVE_TIMEOUT, 'FLUSH_SLAVE_TIMEOUT'],
  [ResponseCode.SLAVE_NOT_AVAILABLE, 'SLAVE_NOT_AVAILABLE'],
]);

/**
 * SEND_MESSAGE_V2 (310) for a single message, SEND_BATCH_MESSAGE (320) with the batch body when `req.batch` is set.
 * Its header is made from `req` when the frame is written (see `SendV2Command`).
 */
export function sendCommand(rpc: Rpc, req: SendRequest): RemotingCommand {
  const order = rpc.headerOrder(sendMessageV2RequestCodec);
  if (req.batch === undefined) return new SendV2Command(RequestCode.SEND_MESSAGE_V2, rpc.defaults, req, req.body, order);
  return new SendV2Command(RequestCode.SEND_BATCH_MESSAGE, rpc.defaults, req, encodeBatch(req.batch), order);
}

/** The send status of a response code; `undefined` for a code that does not mean "stored". */
function statusOf(code: number): SendStatus | undefined {
  // SUCCESS, nearly always, without the Map lookup.
  return code === ResponseCode.SUCCESS ? 'SEND_OK' : STATUS_BY_CODE.get(code);
}

/** The error context of a send to `address`. */
export function sendContext(address: string, req: SendRequest): ResponseContext {
  const requestCode = req.batch === undefined ? RequestCode.SEND_MESSAGE_V2 : RequestCode.SEND_BATCH_MESSAGE;
  return { address, requestCode, brokerName: req.brokerName, queueId: req.queueId };
}

/** Maps a send response to a `SendResponse`; any code but the four "stored" ones is a `BrokerResponseError`. */
export function sendResult(response: RemotingCommand, context: ResponseContext): SendResponse {
  const status = statusOf(response.code);
  if (status === undefined) throw toError(response, context);
  return storedResult(status, response);
}

/**
 * Where the answer of a send to `address` goes: read into a `SendResponse` for `reply` as {@link sendResult} reads
 * it, or its error. One object per send, where a map closure and its error context were two (the context is made
 * only for an error).
 */
export class SendAnswer implements RequestSink<RemotingCommand> {
  constructor(
    private readonly address: string,
    private readonly req: SendRequest,
    private readonly reply: Reply<SendResponse>,
  ) {}

  resolved(response: RemotingCommand): void {
    let result: SendResponse;
    try {
      const status = statusOf(response.code);
      if (status === undefined) throw toError(response, sendContext(this.address, this.req));
      result = storedResult(status, response);
    } catch (error) {
      return this.reply.rejected(error);
    }
    this.reply.resolved(result);
  }

  rejected(error: unknown): void {
    this.reply.rejected(error);
  }
}

function storedResult(status: SendStatus, response: RemotingCommand): SendResponse {
  return (response.extFields !== undefined && quickResult(status, response.extFields)) || decodedResult(status, response);
}

/**
 * The result read straight from the answer's extFields when its numbers are plain digits and every value is a string,
 * as a broker writes them; `undefined` for anything else, which goes through the header codec and its errors. Spares
 * the codec's generic walk (a keyed store per field, a set lookup per key, an object of the other keys) per send.
 */
function quickResult(status: SendStatus, ext: Readonly<SendAnswerFields>): SendResponse | undefined {
  // Named loads (one shape of answer after another), each kept only when the answer has the key as its own.
  const msgId = ext.msgId;
  const queueIdText = ext.queueId;
  const offsetText = ext.queueOffset;
  const trace = ext.TRACE_ON;
  const region = ext.MSG_REGION;
  const transactionId = ext.transactionId;
  if (typeof msgId !== 'string' || typeof queueIdText !== 'string' || typeof offsetText !== 'string') return undefined;
  if (!hasOwnProperty.call(ext, 'msgId') || !hasOwnProperty.call(ext, 'queueId') || !hasOwnProperty.call(ext, 'queueOffset')) return undefined;
  if (!ownOrAbsent(ext, 'TRACE_ON', trace) || !ownOrAbsent(ext, 'MSG_REGION', region) || !ownOrAbsent(ext, 'transactionId', transactionId)) return undefined;
  const queueId = digits(queueIdText, 10);
  const queueOffset = digits(offsetText, 15);
  if (queueId < 0 || queueId > 0x7fffffff || queueOffset < 0) return undefined;
  // Java: trace is on unless the broker says "false".
  const result: SendResponse = { status, offsetMsgId: msgId, queueId, queueOffset, traceOn: trace !== 'false' };
  if (transactionId !== undefined) result.transactionId = transactionId;
  if (region !== undefined) result.regionId = region;
  return result;
}

/** The keys of a send answer the quick path reads (any other key is ignored, as by the codec's result). */
interface SendAnswerFields {
  readonly msgId?: unknown;
  readonly queueId?: unknown;
  readonly queueOffset?: unknown;
  readonly TRACE_ON?: unknown;
  readonly MSG_REGION?: unknown;
  readonly transactionId?: unknown;
}

/**
 * Whether `value` (read as `record[key]`) is an own string of `record`, or absent from it (neither own nor
 * inherited). Anything else (another type, an inherited value) sends the answer to the codec.
 */
function ownOrAbsent(record: Readonly<SendAnswerFields>, key: string, value: unknown): value is string | undefined {
  if (value === undefined) return !hasOwnProperty.call(record, key);
  return typeof value === 'string' && hasOwnProperty.call(record, key);
}

/** The value of 1 to `max` decimal digits (no sign); -1 for anything else. */
function digits(text: string, max: number): number {
  if (text.length === 0 || text.length > max) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The result through the header codec, which throws a typed error naming a missing or malformed field (exported for
 * the test that holds the quick path to it).
 */
export function decodedResult(status: SendStatus, response: RemotingCommand): SendResponse {
  const header = decodeSendMessageResponse(response.extFields);
  const result: SendResponse = {
    status,
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
