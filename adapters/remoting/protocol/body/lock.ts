import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { writeFastjson } from './fastjson-writer.js';
import { bool, list, parseBodyObject, str } from './fields.js';
import { messageQueueFromJson, messageQueueToJson } from './message-queue-json.js';

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ request bodies and the LOCK_BATCH_MQ answer (shared/protocol §5.4). */
export interface LockBatchRequestBody {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
  /** 5.x. */
  onlyThisBroker?: boolean;
}

export type UnlockBatchRequestBody = LockBatchRequestBody;

export interface LockBatchResponseBody {
  lockOKMQSet: MessageQueue[];
}

export function encodeLockBatchRequest(body: LockBatchRequestBody): Buffer {
  return Buffer.from(writeFastjson({ ...body, mqSet: body.mqSet.map(messageQueueToJson) }), 'utf8');
}

export function decodeLockBatchRequest(body: Uint8Array | string): LockBatchRequestBody {
  const what = 'LockBatchRequestBody';
  const o = parseBodyObject(body, what);
  const out: LockBatchRequestBody = {
    consumerGroup: str(o, 'consumerGroup', what),
    clientId: str(o, 'clientId', what),
    mqSet: list(o, 'mqSet', what, messageQueueFromJson),
  };
  if (o.onlyThisBroker !== undefined) out.onlyThisBroker = bool(o, 'onlyThisBroker', what);
  return out;
}

export const encodeUnlockBatchRequest = encodeLockBatchRequest;
export const decodeUnlockBatchRequest = decodeLockBatchRequest;

export function encodeLockBatchResponse(body: LockBatchResponseBody): Buffer {
  return Buffer.from(writeFastjson({ lockOKMQSet: body.lockOKMQSet.map(messageQueueToJson) }), 'utf8');
}

export function decodeLockBatchResponse(body: Uint8Array | string): LockBatchResponseBody {
  const o = parseBodyObject(body, 'LockBatchResponseBody');
  return { lockOKMQSet: list(o, 'lockOKMQSet', 'LockBatchResponseBody', messageQueueFromJson) };
}
