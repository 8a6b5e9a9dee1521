import type { ResponseCode } from '../../remoting/protocol/codes.js';
import type { HeaderExtras } from '../../remoting/protocol/headers/field-spec.js';
import type { RpcRequestFields } from '../../remoting/protocol/headers/rpc-request-header.js';
import type { SendMessageRequestHeader } from '../../remoting/protocol/headers/send-message.js';
import type { Failure } from './outcome.js';

/**
 * SEND_MESSAGE / SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE (shared/protocol §4.1): the protocol's decoded
 * `SendMessageRequestHeader` (V1 field names; `properties` for a batch is the envelope's) plus the request body and
 * version.
 */
export interface SendRequest extends Omit<SendMessageRequestHeader, keyof RpcRequestFields | keyof HeaderExtras> {
  /** The message body, or for SEND_BATCH_MESSAGE the batch encoding (§6.6). */
  body?: Buffer;
  /** The request's `version`; `maxReconsumeTimes` counts only from V3_4_9 (121) on. Default: current. */
  version?: number;
}

/**
 * SUCCESS with the response header. The remoting server also adds `MSG_REGION` (config `regionId`) and `TRACE_ON`
 * (config `traceOn`) to every send response, as a 4.9 broker does (failures included).
 */
export interface SendResult {
  readonly code: typeof ResponseCode.SUCCESS;
  /** Offset message id; for a batch the ids joined by commas. */
  readonly msgId: string;
  /** The queue the request asked for (or the broker chose); a delayed or half message is stored elsewhere. */
  readonly queueId: number;
  /** Queue offset where it was stored (first of a batch; in the schedule / half queue for delayed / half messages). */
  readonly queueOffset: number;
}

export type SendOutcome = SendResult | Failure;
