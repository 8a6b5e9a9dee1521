import { ProtocolError } from '../errors.js';

/**
 * The properties string of a message (shared/protocol §6.4): `name U+0001 value U+0002 name U+0001 value`, UTF-8.
 */
export const NAME_VALUE_SEPARATOR = '\u0001';
export const PROPERTY_SEPARATOR = '\u0002';

/** Every property key RocketMQ defines (4.9.x and 5.x), by Java constant name without `PROPERTY_`. */
export const MessageProperty = {
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
} as const;

/** Prefix of 5.x transient properties, which are never stored. */
export const TRANSIENT_PROPERTY_PREFIX = '__RMQ.TRANSIENT.';

export type Properties = Record<string, string>;

/** Known keys by length: a decoded name equal to one of them reuses the constant (an internalized string). */
const KNOWN_KEYS: readonly (readonly string[] | undefined)[] = groupByLength(Object.values(MessageProperty));

function groupByLength(keys: readonly string[]): (string[] | undefined)[] {
  const byLength: (string[] | undefined)[] = [];
  for (const k of keys) (byLength[k.length] ??= []).push(k);
  return byLength;
}

/** `text.slice(start, end)`, or the equal known key constant (cheaper as an object key). */
function keyAt(text: string, start: number, end: number): string {
  const candidates = KNOWN_KEYS[end - start];
  if (candidates !== undefined) {
    const first = text.charCodeAt(start);
    for (let i = 0; i < candidates.length; i++) {
      const k = candidates[i] as string;
      if (k.charCodeAt(0) === first && text.startsWith(k, start)) return k;
    }
  }
  return text.slice(start, end);
}

/** Sets `obj[key]` as an own data property, so a key named `__proto__` is kept instead of changing the prototype. */
export function setProperty(obj: Properties, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export interface DecodePropertiesOptions {
  /**
   * Java drops segments it cannot read (shorter than 3 characters, U+0001 missing, first or last). With `strict` a
   * non-empty dropped segment throws `properties-malformed` instead. An empty last segment (5.2.0+ trailing U+0002)
   * is always accepted.
   */
  strict?: boolean;
}

/**
 * Parses a properties string exactly as Java's `MessageDecoder.string2messageProperties`: segments split on U+0002,
 * name up to the first U+0001, value the rest (so a value may hold further U+0001), later duplicates win.
 */
export function decodeProperties(text: string, opts: DecodePropertiesOptions = {}): Properties {
  const out: Properties = {};
  const len = text.length;
  let index = 0;
  while (index < len) {
    let end = text.indexOf(PROPERTY_SEPARATOR, index);
    if (end < 0) end = len;
    const kv = end - index >= 3 ? text.indexOf(NAME_VALUE_SEPARATOR, index) : -1;
    if (kv > index && kv < end - 1) {
      const key = keyAt(text, index, kv);
      if (key === '__proto__') setProperty(out, key, text.slice(kv + 1, end));
      else out[key] = text.slice(kv + 1, end);
    }
    else if (opts.strict === true && end > index) throwDropped(text, index, end);
    index = end + 1;
  }
  return out;
}

function throwDropped(text: string, start: number, end: number): never {
  throw new ProtocolError('properties-malformed', `property segment at ${start} has no name/value separator in the right place`, {
    value: text.slice(start, end),
    position: start,
  });
}

/**
 * Writes properties the 4.9.x way: `name U+0001 value` joined by U+0002, no trailing separator, in iteration order.
 * `undefined` values are skipped (Java skips nulls). Empty names/values, and names/values containing U+0001 or U+0002,
 * throw `properties-malformed`: no reader could get them back.
 */
export function encodeProperties(props: Readonly<Record<string, string | undefined>> | ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  const entries = props instanceof Map ? props.entries() : Object.entries(props);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    checkPart(name, 'name', name);
    checkPart(value, 'value', name);
    parts.push(name + NAME_VALUE_SEPARATOR + value);
  }
  return parts.join(PROPERTY_SEPARATOR);
}

function checkPart(s: string, what: 'name' | 'value', name: string): void {
  if (typeof s !== 'string' || s.length === 0) {
    throw new ProtocolError('properties-malformed', `property ${what} must be a non-empty string`, { name, value: s });
  }
  if (s.includes(NAME_VALUE_SEPARATOR) || s.includes(PROPERTY_SEPARATOR)) {
    throw new ProtocolError('properties-malformed', `property ${what} contains U+0001 or U+0002`, { name, value: s });
  }
}
