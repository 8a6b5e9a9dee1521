import { TEMPLATE_TOPIC } from '../../../core/message/namespace.js';
import {
  DLQ_TOPIC_PREFIX, NAME_PATTERN, NOT_ALLOWED_SEND_TOPICS, RETRY_TOPIC_PREFIX, TOPIC_MAX_LENGTH,
} from '../../../core/validation/names.js';
import { ResponseCode } from '../../remoting/protocol/codes.js';
import { failure, type Failure } from './outcome.js';

/**
 * Broker-side name checks. The shared names (retry / DLQ prefixes, the topic pattern and length, the topics no
 * producer may send to, TBW102) come from `core/`; here are the broker's own system topics (Java `TopicValidator`).
 */
export const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';
export const TRANS_HALF_TOPIC = 'RMQ_SYS_TRANS_HALF_TOPIC';
export const TRANS_OP_HALF_TOPIC = 'RMQ_SYS_TRANS_OP_HALF_TOPIC';
const TRANS_CHECK_MAX_TIME_TOPIC = 'TRANS_CHECK_MAX_TIME_TOPIC';
const SELF_TEST_TOPIC = 'SELF_TEST_TOPIC';
const OFFSET_MOVED_EVENT = 'OFFSET_MOVED_EVENT';

/** Topics an admin may not create (4.9.x `SYSTEM_TOPIC_SET`, plus the `rmq_sys_` prefix). */
const SYSTEM_TOPICS = new Set([
  TEMPLATE_TOPIC, SCHEDULE_TOPIC, 'BenchmarkTest', TRANS_HALF_TOPIC, 'RMQ_SYS_TRACE_TOPIC', TRANS_OP_HALF_TOPIC,
  TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT,
]);

export const retryTopic = (group: string): string => RETRY_TOPIC_PREFIX + group;
export const dlqTopic = (group: string): string => DLQ_TOPIC_PREFIX + group;

/** Java `TopicValidator.validateTopic` (4.9.x): SYSTEM_ERROR for a blank, illegal or over-long name. */
export function validateTopic(topic: unknown): Failure | undefined {
  if (typeof topic !== 'string' || topic.trim().length === 0) {
    return failure(ResponseCode.SYSTEM_ERROR, 'The specified topic is blank.');
  }
  if (!NAME_PATTERN.test(topic)) {
    return failure(ResponseCode.SYSTEM_ERROR, `The specified topic contains illegal characters, allowing only ${NAME_PATTERN.source}`);
  }
  if (topic.length > TOPIC_MAX_LENGTH) {
    return failure(ResponseCode.SYSTEM_ERROR, 'The specified topic is longer than topic max length.');
  }
  return undefined;
}

/** NO_PERMISSION for the system topics producers may not write to. */
export function checkSendAllowed(topic: string): Failure | undefined {
  if (!NOT_ALLOWED_SEND_TOPICS.includes(topic)) return undefined;
  return failure(ResponseCode.NO_PERMISSION, `Sending message to topic[${topic}] is forbidden.`);
}

/** SYSTEM_ERROR for names UPDATE_AND_CREATE_TOPIC must not take (system topics, cluster and broker names). */
export function checkNotSystemTopic(topic: string, reserved: readonly string[]): Failure | undefined {
  if (SYSTEM_TOPICS.has(topic) || topic.startsWith('rmq_sys_') || reserved.includes(topic)) {
    return failure(ResponseCode.SYSTEM_ERROR, `The topic[${topic}] is conflict with system topic.`);
  }
  return undefined;
}
