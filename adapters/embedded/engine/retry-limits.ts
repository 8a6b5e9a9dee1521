import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { TopicConfigRecord } from '../store/message-store.js';
import { failure, FAQ_SUFFIX, type Failure } from './outcome.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import { dlqTopic } from './topic-names.js';
import type { TopicTable } from './topic-table.js';

/** Request version from which the client's `maxReconsumeTimes` is honoured (V3_4_9). */
const V3_4_9 = 121;

/**
 * How many times a message of a retrying consumer may be reconsumed before it goes to the DLQ (Java 4.9.8, send and
 * send-back alike): the request's `maxReconsumeTimes` from V3_4_9 on (a missing version counts as current), else the
 * group's `retryMaxTimes`.
 */
export function reconsumeLimit(req: { version?: number; maxReconsumeTimes?: number }, groupRetryMaxTimes: number): number {
  return (req.version ?? V3_4_9) >= V3_4_9 && req.maxReconsumeTimes !== undefined ? req.maxReconsumeTimes : groupRetryMaxTimes;
}

/** SUBSCRIPTION_GROUP_NOT_EXIST for `group`, worded as the Java broker's. */
export function groupNotExist(group: string): Failure {
  return failure(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${group} ${FAQ_SUFFIX}`);
}

/** The group's `%DLQ%` topic, created on first use with 1 queue and perm RW (as the captured 4.9.8 route shows). */
export function ensureDlq(topics: TopicTable, group: string): Promise<TopicConfigRecord> {
  return topics.ensure(dlqTopic(group), 1, PERM_WRITE | PERM_READ);
}
