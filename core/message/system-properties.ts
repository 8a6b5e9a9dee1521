/**
 * Names of the message properties that RocketMQ itself reads or writes (the reference's §6.4), plus the
 * one property this library adds. User code may neither set them on send nor see them among a received
 * message's user properties: they are stripped into `systemProperties` on receive.
 */

/** Separator between a property's name and its value in the encoded properties string. */
export const NAME_VALUE_SEPARATOR = '\u0001';
/** Separator between two properties in the encoded properties string. */
export const PROPERTY_SEPARATOR = '\u0002';
/** Separator between business keys in the `KEYS` property. */
export const KEY_SEPARATOR = ' ';

/**
 * The user property in which rocketmq-rx records the name of the payload codec that produced the body
 * (`msgpack`, `json`, `raw`, `text` or a registered custom codec), so consumers decode without guessing.
 * Messages without it (Java, Go or ali-ons producers) are decoded with the consumer's fallback codec.
 */
export const CODEC_PROPERTY = 'rmqrx_codec';

/** Property names used by RocketMQ (exact spellings from the Java client's `MessageConst` and 5.x). */
export const SystemProperty = Object.freeze({
  KEYS: 'KEYS',
  TAGS: 'TAGS',
  WAIT_STORE_MSG_OK: 'WAIT',
  DELAY_TIME_LEVEL: 'DELAY',
  RETRY_TOPIC: 'RETRY_TOPIC',
  REAL_TOPIC: 'REAL_TOPIC',
  REAL_QUEUE_ID: 'REAL_QID',
  TRANSACTION_PREPARED: 'TRAN_MSG',
  PRODUCER_GROUP: 'PGROUP',
  MIN_OFFSET: 'MIN_OFFSET',
  MAX_OFFSET: 'MAX_OFFSET',
  BUYER_ID: 'BUYER_ID',
  ORIGIN_MESSAGE_ID: 'ORIGIN_MESSAGE_ID',
  TRANSFER_FLAG: 'TRANSFER_FLAG',
  CORRECTION_FLAG: 'CORRECTION_FLAG',
  MQ2_FLAG: 'MQ2_FLAG',
  RECONSUME_TIME: 'RECONSUME_TIME',
  MSG_REGION: 'MSG_REGION',
  TRACE_SWITCH: 'TRACE_ON',
  UNIQ_CLIENT_MESSAGE_ID_KEYIDX: 'UNIQ_KEY',
  EXTEND_UNIQ_INFO: 'EXTEND_UNIQ_INFO',
  MAX_RECONSUME_TIMES: 'MAX_RECONSUME_TIMES',
  CONSUME_START_TIMESTAMP: 'CONSUME_START_TIME',
  INNER_NUM: 'INNER_NUM',
  INNER_BASE: 'INNER_BASE',
  DUP_INFO: 'DUP_INFO',
  TRANSACTION_PREPARED_QUEUE_OFFSET: 'TRAN_PREPARED_QUEUE_OFFSET',
  TRANSACTION_ID: '__transactionId__',
  TRANSACTION_CHECK_TIMES: 'TRANSACTION_CHECK_TIMES',
  CHECK_IMMUNITY_TIME_IN_SECONDS: 'CHECK_IMMUNITY_TIME_IN_SECONDS',
  INSTANCE_ID: 'INSTANCE_ID',
  CORRELATION_ID: 'CORRELATION_ID',
  MESSAGE_REPLY_TO_CLIENT: 'REPLY_TO_CLIENT',
  MESSAGE_TTL: 'TTL',
  REPLY_MESSAGE_ARRIVE_TIME: 'ARRIVE_TIME',
  PUSH_REPLY_TIME: 'PUSH_REPLY_TIME',
  CLUSTER: 'CLUSTER',
  MESSAGE_TYPE: 'MSG_TYPE',
  INNER_MULTI_DISPATCH: 'INNER_MULTI_DISPATCH',
  INNER_MULTI_QUEUE_OFFSET: 'INNER_MULTI_QUEUE_OFFSET',
  SHARDING_KEY: '__SHARDINGKEY',
  POP_CK: 'POP_CK',
  POP_CK_OFFSET: 'POP_CK_OFFSET',
  FIRST_POP_TIME: '1ST_POP_TIME',
  FORWARD_QUEUE_ID: 'PROPERTY_FORWARD_QUEUE_ID',
  REDIRECT: 'REDIRECT',
  TRACE_CONTEXT: 'TRACE_CONTEXT',
  TIMER_DELAY_SEC: 'TIMER_DELAY_SEC',
  TIMER_DELIVER_MS: 'TIMER_DELIVER_MS',
  TIMER_DELAY_MS: 'TIMER_DELAY_MS',
  TIMER_ENQUEUE_MS: 'TIMER_ENQUEUE_MS',
  TIMER_DEQUEUE_MS: 'TIMER_DEQUEUE_MS',
  TIMER_ROLL_TIMES: 'TIMER_ROLL_TIMES',
  TIMER_OUT_MS: 'TIMER_OUT_MS',
  TIMER_DEL_UNIQKEY: 'TIMER_DEL_UNIQKEY',
  TIMER_DELAY_LEVEL: 'TIMER_DELAY_LEVEL',
  BORN_HOST: '__BORNHOST',
  BORN_TIMESTAMP: 'BORN_TIMESTAMP',
  DLQ_ORIGIN_TOPIC: 'DLQ_ORIGIN_TOPIC',
  DLQ_ORIGIN_MESSAGE_ID: 'DLQ_ORIGIN_MESSAGE_ID',
  CRC32: '__CRC32#',
} as const);

/** Prefix of 5.x transient properties, which are never stored. */
export const TRANSIENT_PROPERTY_PREFIX = '__RMQ.TRANSIENT.';

const SYSTEM_NAMES: ReadonlySet<string> = new Set<string>(Object.values(SystemProperty));

/** Every system property name of §6.4 (not including {@link CODEC_PROPERTY}). */
export const SYSTEM_PROPERTY_NAMES: readonly string[] = Object.freeze([...SYSTEM_NAMES]);

/** True for a name RocketMQ uses itself (§6.4), including the 5.x transient prefix. */
export function isSystemProperty(name: string): boolean {
  return SYSTEM_NAMES.has(name) || name.startsWith(TRANSIENT_PROPERTY_PREFIX);
}

/** True for a name a user may not set on send: a system property or this library's {@link CODEC_PROPERTY}. */
export function isReservedPropertyName(name: string): boolean {
  return name === CODEC_PROPERTY || isSystemProperty(name);
}

/** Splits a properties map into user properties and reserved (system + library) properties. */
export function splitProperties(all: Readonly<Record<string, string>>): {
  user: Record<string, string>;
  system: Record<string, string>;
} {
  const user: Record<string, string> = {};
  const system: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (isReservedPropertyName(name)) system[name] = value;
    else user[name] = value;
  }
  return { user, system };
}
