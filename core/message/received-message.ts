import type { CodecRegistry } from '../codec/codec-registry.js';
import type { PayloadCodec } from '../codec/payload-codec.js';
import { decodePayload } from '../codec/payload.js';
import type { MessageQueue } from './message-queue.js';
import { propertyAt, propertyNeedle } from './property-scan.js';
import { KEY_SEPARATOR, SystemProperty, splitProperties } from './system-properties.js';
import { RETRY_TOPIC_PREFIX } from '../validation/names.js';

/**
 * What a stored-record decoder yields for one message (the reference's §6.1–6.3), structurally: the
 * remoting adapter's decoder and the embedded broker both produce it. 64-bit fields may be numbers or
 * bigints. `body` is already decompressed; `properties` holds every property (system and user).
 */
export interface DecodedMessageLike {
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number | bigint;
  readonly physicalOffset: number | bigint;
  readonly sysFlag: number;
  readonly flag: number;
  readonly bornTimestamp: number | bigint;
  readonly bornHost: string;
  readonly storeTimestamp: number | bigint;
  readonly storeHost: string;
  readonly reconsumeTimes: number;
  readonly body: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  /**
   * The properties as stored (`name U+0001 value U+0002 …`), when the decoder has it: the consumer then looks up
   * the few properties it needs in it and leaves `properties` unparsed until someone reads them.
   */
  readonly propertiesString?: string;
  /** UNIQ_KEY when present, else the offset message id. */
  readonly msgId: string;
  readonly offsetMsgId: string;
}

/** How a consumer decodes payloads: its registry and the codec for bodies without a recorded codec. */
export interface PayloadDecoding {
  readonly registry: CodecRegistry;
  /** Codec (or registered name) for messages whose producer recorded none. Default `raw` (the Buffer). */
  readonly fallback?: PayloadCodec | string;
}

/** The fields of a {@link ReceivedMessage} other than its payload. */
export interface ReceivedMessageFields {
  readonly msgId: string;
  readonly offsetMsgId: string;
  readonly topic: string;
  readonly queue: MessageQueue;
  readonly queueOffset: number;
  readonly commitLogOffset: number;
  readonly reconsumeTimes: number;
  readonly body: Buffer;
  readonly tags?: string;
  readonly keys: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
  readonly systemProperties: Readonly<Record<string, string>>;
  readonly bornTimestamp: number;
  readonly storeTimestamp: number;
  readonly bornHost: string;
  readonly storeHost: string;
  readonly originMsgId?: string;
  readonly retryTopic?: string;
  readonly transactionId?: string;
  readonly sysFlag: number;
  readonly flag: number;
}

/**
 * What a {@link ReceivedMessage} is built from: its fields, where the two property maps may instead be given as
 * `allProperties` (system and user together), split on first access, or as `allPropertiesOf`, which gives them on
 * first access.
 */
export type ReceivedMessageInit = Omit<ReceivedMessageFields, 'properties' | 'systemProperties'> &
  (
    | { readonly properties: Readonly<Record<string, string>>; readonly systemProperties: Readonly<Record<string, string>> }
    | { readonly allProperties: Readonly<Record<string, string>> }
    | { readonly allPropertiesOf: () => Readonly<Record<string, string>> }
  );

type PropertyMaps = { readonly user: Readonly<Record<string, string>>; readonly system: Readonly<Record<string, string>> };

/**
 * A message as a consumer sees it. `topic` is the original topic even for a redelivery from
 * `%RETRY%<group>`, in which case `retryTopic` names the retry topic it was pulled from.
 * `properties` holds user properties only; system properties (and `rmqrx_codec`) are in
 * `systemProperties` (both split on first access, most consumers read neither). The payload is decoded on first
 * access; a body that cannot be decoded throws `CodecError('payload-decode-failed')` from that access, so the
 * handler fails and the message follows the ordinary retry / dead-letter path.
 */
export class ReceivedMessage<T = unknown> implements ReceivedMessageFields {
  readonly msgId: string;
  readonly offsetMsgId: string;
  readonly topic: string;
  readonly queue: MessageQueue;
  readonly queueOffset: number;
  readonly commitLogOffset: number;
  readonly reconsumeTimes: number;
  readonly body: Buffer;
  readonly tags?: string;
  readonly keys: readonly string[];
  readonly bornTimestamp: number;
  readonly storeTimestamp: number;
  readonly bornHost: string;
  readonly storeHost: string;
  readonly originMsgId?: string;
  readonly retryTopic?: string;
  readonly transactionId?: string;
  readonly sysFlag: number;
  readonly flag: number;
  readonly #decode: () => T;
  #decoded: { value: T } | undefined;
  #all: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>) | undefined;
  #maps: PropertyMaps | undefined;

  constructor(fields: ReceivedMessageInit, decode: () => T) {
    this.msgId = fields.msgId;
    this.offsetMsgId = fields.offsetMsgId;
    this.topic = fields.topic;
    this.queue = fields.queue;
    this.queueOffset = fields.queueOffset;
    this.commitLogOffset = fields.commitLogOffset;
    this.reconsumeTimes = fields.reconsumeTimes;
    this.body = fields.body;
    if (fields.tags !== undefined) this.tags = fields.tags;
    this.keys = fields.keys;
    this.bornTimestamp = fields.bornTimestamp;
    this.storeTimestamp = fields.storeTimestamp;
    this.bornHost = fields.bornHost;
    this.storeHost = fields.storeHost;
    if (fields.originMsgId !== undefined) this.originMsgId = fields.originMsgId;
    if (fields.retryTopic !== undefined) this.retryTopic = fields.retryTopic;
    if (fields.transactionId !== undefined) this.transactionId = fields.transactionId;
    this.sysFlag = fields.sysFlag;
    this.flag = fields.flag;
    this.#decode = decode;
    if ('allProperties' in fields) this.#all = fields.allProperties;
    else if ('allPropertiesOf' in fields) this.#all = fields.allPropertiesOf;
    else this.#maps = { user: fields.properties, system: fields.systemProperties };
  }

  /** User properties (frozen). */
  get properties(): Readonly<Record<string, string>> {
    return this.#split().user;
  }

  /** System properties and this library's `rmqrx_codec` (frozen). */
  get systemProperties(): Readonly<Record<string, string>> {
    return this.#split().system;
  }

  /** The decoded payload (decoded once, on first access). */
  get payload(): T {
    this.#decoded ??= { value: this.#decode() };
    return this.#decoded.value;
  }

  /** A plain snapshot of the fields (the property maps included) for `JSON.stringify`. */
  toJSON(): ReceivedMessageFields {
    return { ...this, properties: this.properties, systemProperties: this.systemProperties };
  }

  #split(): PropertyMaps {
    if (this.#maps === undefined) {
      const all = typeof this.#all === 'function' ? this.#all() : this.#all;
      const { user, system } = splitProperties(all ?? {});
      this.#maps = { user: Object.freeze(user), system: Object.freeze(system) };
      this.#all = undefined;
    }
    return this.#maps;
  }
}

function parseKeys(keys: string | undefined): readonly string[] {
  if (!keys) return NO_KEYS;
  return Object.freeze(keys.split(KEY_SEPARATOR).filter((k) => k.length > 0));
}

const NO_KEYS: readonly string[] = Object.freeze([]);

const P = SystemProperty;
const UNIQ_KEY = propertyNeedle(P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
const RETRY_TOPIC = propertyNeedle(P.RETRY_TOPIC);
const TRANSACTION_PREPARED = propertyNeedle(P.TRANSACTION_PREPARED);
const TRANSACTION_ID = propertyNeedle(P.TRANSACTION_ID);
const KEYS = propertyNeedle(P.KEYS);
const TAGS = propertyNeedle(P.TAGS);
const ORIGIN_MESSAGE_ID = propertyNeedle(P.ORIGIN_MESSAGE_ID);

/** A pulled record's TAGS, read from its stored properties text when the decoder kept it (no full parse). */
export function tagsOf(decoded: Pick<DecodedMessageLike, 'properties' | 'propertiesString'>): string | undefined {
  const text = decoded.propertiesString;
  return typeof text === 'string' ? propertyAt(text, TAGS) : decoded.properties[P.TAGS];
}

/**
 * Builds the consumer-side view of a decoded stored record pulled from `queue`. When the record carries its
 * properties text, the properties the view needs are looked up in it and the full map is parsed only if read.
 */
export function toReceivedMessage<T = unknown>(
  decoded: DecodedMessageLike,
  queue: MessageQueue,
  codecs: PayloadDecoding,
): ReceivedMessage<T> {
  const text = decoded.propertiesString;
  return typeof text === 'string' ? fromPropertiesText<T>(decoded, text, queue, codecs) : fromPropertiesMap<T>(decoded, queue, codecs);
}

function fromPropertiesMap<T>(decoded: DecodedMessageLike, queue: MessageQueue, codecs: PayloadDecoding): ReceivedMessage<T> {
  const props = decoded.properties;
  const uniqKey = props[P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX];
  const retryTopic = decoded.topic.startsWith(RETRY_TOPIC_PREFIX) ? props[P.RETRY_TOPIC] : undefined;
  const transactionId = props[P.TRANSACTION_PREPARED] === 'true' ? uniqKey : props[P.TRANSACTION_ID];
  return fromRecord<T>(decoded, queue, codecs, uniqKey, retryTopic, transactionId, props[P.KEYS], props[P.TAGS], props[P.ORIGIN_MESSAGE_ID]);
}

function fromPropertiesText<T>(decoded: DecodedMessageLike, text: string, queue: MessageQueue, codecs: PayloadDecoding): ReceivedMessage<T> {
  const uniqKey = propertyAt(text, UNIQ_KEY);
  const retryTopic = decoded.topic.startsWith(RETRY_TOPIC_PREFIX) ? propertyAt(text, RETRY_TOPIC) : undefined;
  const transactionId = propertyAt(text, TRANSACTION_PREPARED) === 'true' ? uniqKey : propertyAt(text, TRANSACTION_ID);
  return fromRecord<T>(decoded, queue, codecs, uniqKey, retryTopic, transactionId, propertyAt(text, KEYS), propertyAt(text, TAGS), propertyAt(text, ORIGIN_MESSAGE_ID));
}

/**
 * The view of a record, given the properties it needs (looked up in the map or in the stored text by the caller):
 * one init object, written field by field (no spread on this per-message path); the full property map is read from
 * the record only when the view's maps are.
 */
function fromRecord<T>(
  decoded: DecodedMessageLike,
  queue: MessageQueue,
  codecs: PayloadDecoding,
  uniqKey: string | undefined,
  originalTopic: string | undefined,
  transactionId: string | undefined,
  keys: string | undefined,
  tags: string | undefined,
  originMsgId: string | undefined,
): ReceivedMessage<T> {
  const msgId = uniqKey ?? decoded.msgId ?? decoded.offsetMsgId;
  const topic = decoded.topic;
  const fields: ReceivedMessageInit = {
    msgId,
    offsetMsgId: decoded.offsetMsgId,
    topic: originalTopic ?? topic,
    queue,
    queueOffset: Number(decoded.queueOffset),
    commitLogOffset: Number(decoded.physicalOffset),
    reconsumeTimes: decoded.reconsumeTimes,
    body: decoded.body,
    keys: parseKeys(keys),
    allPropertiesOf: () => decoded.properties,
    bornTimestamp: Number(decoded.bornTimestamp),
    storeTimestamp: Number(decoded.storeTimestamp),
    bornHost: decoded.bornHost,
    storeHost: decoded.storeHost,
    sysFlag: decoded.sysFlag,
    flag: decoded.flag,
    tags,
    originMsgId,
    retryTopic: originalTopic === undefined ? undefined : topic,
    transactionId,
  };
  const decode = () => decodePayload(decoded.body, decoded.properties, codecs.registry, codecs.fallback, msgId) as T;
  return new ReceivedMessage<T>(fields, decode);
}
