import { ValidationError } from './validation-error.js';

/** Longest topic the Java client accepts (and the V1 stored-record format can hold). */
export const TOPIC_MAX_LENGTH = 127;
/** Longest `%RETRY%…` / `%DLQ%…` topic (5.x). */
export const RETRY_TOPIC_MAX_LENGTH = 255;
/** Longest group name the 4.9.x Java client accepts. */
export const GROUP_MAX_LENGTH = 255;
/** Characters allowed in topic and group names. */
export const NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
export const RETRY_TOPIC_PREFIX = '%RETRY%';
export const DLQ_TOPIC_PREFIX = '%DLQ%';

/** System topics no client may send to (Java `TopicValidator.NOT_ALLOWED_SEND_TOPIC_SET`). */
export const NOT_ALLOWED_SEND_TOPICS: readonly string[] = Object.freeze([
  'SCHEDULE_TOPIC_XXXX',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC',
  'SELF_TEST_TOPIC',
  'OFFSET_MOVED_EVENT',
]);

/** Options of {@link validateTopic}. */
export interface TopicValidationOptions {
  /** Accept `%RETRY%…` and `%DLQ%…` topics (up to 255 characters), as a consumer needs. Default false. */
  allowRetryAndDlq?: boolean;
  /** Name of the field in error messages. Default `topic`. */
  field?: string;
}

function isBlank(s: string): boolean {
  return s.trim().length === 0;
}

/** The topic that passed last with the default options (a producer checks the same topic on every send). */
let lastValidTopic: string | undefined;

/** Checks a topic name; throws `ValidationError('invalid-topic')` naming the field and the reason. */
export function validateTopic(topic: unknown, opts?: TopicValidationOptions): asserts topic is string {
  if (opts === undefined && topic === lastValidTopic) return;
  checkTopic(topic, opts ?? {});
  if (opts === undefined) lastValidTopic = topic;
}

function checkTopic(topic: unknown, opts: TopicValidationOptions): asserts topic is string {
  const field = opts.field ?? 'topic';
  const fail = (reason: string) => new ValidationError('invalid-topic', field, topic, reason);
  if (typeof topic !== 'string') throw fail('must be a string');
  if (isBlank(topic)) throw fail('must not be blank');
  const special = topic.startsWith(RETRY_TOPIC_PREFIX) || topic.startsWith(DLQ_TOPIC_PREFIX);
  if (special && !opts.allowRetryAndDlq) throw fail('is a retry or dead-letter topic, reserved for consumers');
  const max = special ? RETRY_TOPIC_MAX_LENGTH : TOPIC_MAX_LENGTH;
  if (topic.length > max) throw fail(`is longer than ${max} characters (${topic.length})`);
  if (!NAME_PATTERN.test(topic)) throw fail(`contains characters outside ${NAME_PATTERN.source}`);
  if (NOT_ALLOWED_SEND_TOPICS.includes(topic)) throw fail('is a system topic');
}

/** Checks a producer or consumer group name; throws `ValidationError('invalid-group')`. */
export function validateGroup(group: unknown, field = 'group'): asserts group is string {
  const fail = (reason: string) => new ValidationError('invalid-group', field, group, reason);
  if (typeof group !== 'string') throw fail('must be a string');
  if (isBlank(group)) throw fail('must not be blank');
  if (group.length > GROUP_MAX_LENGTH) throw fail(`is longer than ${GROUP_MAX_LENGTH} characters (${group.length})`);
  if (!NAME_PATTERN.test(group)) throw fail(`contains characters outside ${NAME_PATTERN.source}`);
}
