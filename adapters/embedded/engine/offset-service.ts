import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { MessageStore } from '../store/message-store.js';
import { DONE, failure, type Done, type Failure } from './outcome.js';

/** An answer carrying `offset` (QUERY_CONSUMER_OFFSET, GET_MAX/MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP). */
export interface OffsetResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly offset: number;
}

/** GET_EARLIEST_MSG_STORETIME's answer. */
export interface TimestampResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly timestamp: number;
}

export interface QueueRef {
  topic: string;
  queueId: number;
}

/** Consumer offsets and queue offsets (Java `ConsumerManageProcessor`, `AdminBrokerProcessor`). */
export class OffsetService {
  constructor(private readonly store: MessageStore) {}

  /** Committed offset; 0 when nothing is committed and the queue still starts at 0; else QUERY_NOT_FOUND. */
  queryConsumerOffset(req: QueueRef & { consumerGroup: string }): OffsetResult | Failure {
    const bad = checkQueue(req);
    if (bad !== undefined) return bad;
    const committed = this.store.committedOffset(req.consumerGroup, req.topic, req.queueId);
    if (committed !== undefined && committed >= 0) return { code: ResponseCode.SUCCESS, offset: committed };
    if (this.store.minOffset(req.topic, req.queueId) <= 0) return { code: ResponseCode.SUCCESS, offset: 0 };
    return failure(ResponseCode.QUERY_NOT_FOUND, 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first');
  }

  async updateConsumerOffset(req: QueueRef & { consumerGroup: string; commitOffset: number }): Promise<Done | Failure> {
    const bad = checkQueue(req);
    if (bad !== undefined) return bad;
    if (!Number.isSafeInteger(req.commitOffset) || req.commitOffset < 0) {
      return failure(ResponseCode.SYSTEM_ERROR, `invalid commitOffset ${String(req.commitOffset)} for ${req.topic}:${req.queueId}`);
    }
    await this.store.commitOffset(req.consumerGroup, req.topic, req.queueId, req.commitOffset);
    return DONE;
  }

  maxOffset(req: QueueRef): OffsetResult | Failure {
    return checkQueue(req) ?? { code: ResponseCode.SUCCESS, offset: this.store.maxOffset(req.topic, req.queueId) };
  }

  minOffset(req: QueueRef): OffsetResult | Failure {
    return checkQueue(req) ?? { code: ResponseCode.SUCCESS, offset: this.store.minOffset(req.topic, req.queueId) };
  }

  /** First offset stored at or after `timestamp` (LOWER boundary); the max offset when none. */
  searchOffset(req: QueueRef & { timestamp: number }): OffsetResult | Failure {
    const bad = checkQueue(req);
    if (bad !== undefined) return bad;
    if (!Number.isFinite(req.timestamp)) return failure(ResponseCode.SYSTEM_ERROR, `invalid timestamp ${String(req.timestamp)}`);
    return { code: ResponseCode.SUCCESS, offset: this.store.offsetForTimestamp(req.topic, req.queueId, req.timestamp) };
  }

  earliestStoreTime(req: QueueRef): TimestampResult | Failure {
    return checkQueue(req) ?? { code: ResponseCode.SUCCESS, timestamp: this.store.earliestStoreTime(req.topic, req.queueId) };
  }
}

function checkQueue(req: QueueRef): Failure | undefined {
  if (typeof req.topic !== 'string' || req.topic.length === 0) return failure(ResponseCode.SYSTEM_ERROR, 'the topic is missing');
  if (!Number.isInteger(req.queueId) || req.queueId < 0) return failure(ResponseCode.SYSTEM_ERROR, `invalid queueId ${String(req.queueId)}`);
  return undefined;
}
