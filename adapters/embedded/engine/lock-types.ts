import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { ResponseCode } from '../../remoting/protocol/codes.js';

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ body (shared/protocol §5.4). */
export interface LockBatchRequest {
  consumerGroup: string;
  clientId: string;
  mqSet: readonly MessageQueue[];
}

/** LOCK_BATCH_MQ answer: body `{"lockOKMQSet":[…]}`, the queues this client now holds. */
export interface LockBatchResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly lockOKMQSet: MessageQueue[];
}

/** Whether a decoded lock body has the fields the broker needs; the remark when it does not. */
export function checkLockBody(req: LockBatchRequest): string | undefined {
  if (typeof req?.consumerGroup !== 'string' || req.consumerGroup.length === 0) return 'lock body without consumerGroup';
  if (typeof req.clientId !== 'string' || req.clientId.length === 0) return 'lock body without clientId';
  if (!Array.isArray(req.mqSet)) return 'lock body without mqSet';
  const bad = req.mqSet.find((mq) => typeof mq?.topic !== 'string' || typeof mq.brokerName !== 'string' || !Number.isInteger(mq.queueId));
  return bad === undefined ? undefined : `lock body has an invalid message queue: ${JSON.stringify(bad)}`;
}
