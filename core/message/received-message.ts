import type { CodecRegistry } from '../codec/codec-registry.js';
import type { PayloadCodec } from '../codec/payload-codec.js';
import { decodePayload } from '../codec/payload.js';
import type { MessageQueue } from './message-queue.js';
import { propertyAt, propertyNeedle, scanConsumerProperties, type ConsumerProperties } from './property-scan.js';
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

/** Something that gives a message's whole property map (system and user) when read, e.g. a decoded record. */
export interface PropertySource {
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * What a {@link ReceivedMessage} is built from: its fields, where the two property maps may instead be given as
 * `allProperties` (system and user together), split on first access, or as `allPropertiesOf`, a function or a
 * {@link PropertySource} that gives them on first access.
 */
export type ReceivedMessageInit = Omit<ReceivedMessageFields, 'properties' | 'systemProperties'> &
  (
    | { readonly properties: Readonly<Record<string, string>>; readonly systemProperties: Readonly<Record<string, string>> }
    | { readonly allProperties: Readonly<Record<string, string>> }
    | { readonly allPropertiesOf: (() => Readonly<Record<string, string>>) | PropertySource }
  );

type PropertyMaps = { readonly user: Readonly<Record<string, string>>; readonly system: Readonly<Record<string, string>> };

/**
 * A message as a consumer sees it. `topic` is the original topic even for a redelivery from
 * `%RETRY%<group>`, in which case `retryTopic` names the retry topic it was pulled from.
 * `properties` holds user properties only; system properties (and `rmqrx_codec`) are in
 * `systemProperties` (both split on first access, most consumers read neither). The payload is decoded on first
 * access, by the function given or with the given {@link PayloadDecoding} and the codec the message's properties
 * name; a body that cannot be decoded throws `CodecError('payload-decode-failed')` from that access, so the
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
  readonly #decode: (() => T) | PayloadDecoding;
  #decoded: { value: T } | undefined;
  #all: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>) | undefined;
  #source: PropertySource | undefined;
  #maps: PropertyMaps | undefined;

  /** `fields` is read, not kept; `decode` gives the payload, or says how to decode the body. */
  constructor(fields: ReceivedMessageInit, decode: (() => T) | PayloadDecoding) {
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
    else if ('allPropertiesOf' in fields) {
      const of = fields.allPropertiesOf;
      if (typeof of === 'function') this.#all = of;
      else this.#source = of;
    } else this.#maps = { user: fields.properties, system: fields.systemProperties };
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
    this.#decoded ??= { value: this.#decodePayload() };
    return this.#decoded.value;
  }

  /** A plain snapshot of the fields (the property maps included) for `JSON.stringify`. */
  toJSON(): ReceivedMessageFields {
    return { ...this, properties: this.properties, systemProperties: this.systemProperties };
  }

  #decodePayload(): T {
    const decode = this.#decode;
    if (typeof decode === 'function') return decode();
    // The codec is named in the whole map (system properties included), whether or not it was split already.
    const all = this.#maps === undefined ? this.#allProperties() : { ...this.#maps.system, ...this.#maps.user };
    return decodePayload(this.body, all, decode.registry, decode.fallback, this.msgId) as T;
  }

  #allProperties(): Readonly<Record<string, string>> {
    const all = this.#all;
    if (typeof all === 'function') return all();
    return all ?? this.#source?.properties ?? {};
  }

  #split(): PropertyMaps {
    if (this.#maps === undefined) {
      const { user, system } = splitProperties(this.#allProperties());
      this.#maps = { user: Object.freeze(user), system: Object.freeze(system) };
      this.#all = undefined;
      this.#source = undefined;
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
const RETRY_TOPIC = propertyNeedle(P.RETRY_TOPIC);

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
  const found: ConsumerProperties = {
    uniqKey: props[P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX],
    keys: props[P.KEYS],
    tags: props[P.TAGS],
    transactionPrepared: props[P.TRANSACTION_PREPARED],
    transactionId: props[P.TRANSACTION_ID],
    originMsgId: props[P.ORIGIN_MESSAGE_ID],
  };
  const retryTopic = decoded.topic.startsWith(RETRY_TOPIC_PREFIX) ? props[P.RETRY_TOPIC] : undefined;
  return fromRecord<T>(decoded, queue, codecs, found, found.uniqKey ?? decoded.msgId, retryTopic);
}

function fromPropertiesText<T>(decoded: DecodedMessageLike, text: string, queue: MessageQueue, codecs: PayloadDecoding): ReceivedMessage<T> {
  const found = scanConsumerProperties(text);
  const retryTopic = decoded.topic.startsWith(RETRY_TOPIC_PREFIX) ? propertyAt(text, RETRY_TOPIC) : undefined;
  // No UNIQ_KEY in the text: the id is the offset id (what `decoded.msgId` would give after parsing every property).
  return fromRecord<T>(decoded, queue, codecs, found, found.uniqKey ?? decoded.offsetMsgId, retryTopic);
}

/**
 * The view of a record, given the properties it needs (looked up in the map or in the stored text by the caller):
 * one init object, written field by field (no spread on this per-message path; a fresh object, as storing young
 * values into a long-lived reused one costs a write barrier per field, more than the allocation), no closures: the
 * record itself is the source of the full property map, and the payload is decoded from the view's own body and
 * properties.
 */
function fromRecord<T>(
  decoded: DecodedMessageLike,
  queue: MessageQueue,
  codecs: PayloadDecoding,
  found: ConsumerProperties,
  msgId: string,
  originalTopic: string | undefined,
): ReceivedMessage<T> {
  const topic = decoded.topic;
  const init: ReceivedMessageInit = {
    msgId,
    offsetMsgId: decoded.offsetMsgId,
    topic: originalTopic ?? topic,
    queue,
    queueOffset: Number(decoded.queueOffset),
    commitLogOffset: Number(decoded.physicalOffset),
    reconsumeTimes: decoded.reconsumeTimes,
    body: decoded.body,
    keys: parseKeys(found.keys),
    allPropertiesOf: decoded,
    bornTimestamp: Number(decoded.bornTimestamp),
    storeTimestamp: Number(decoded.storeTimestamp),
    bornHost: decoded.bornHost,
    storeHost: decoded.storeHost,
    sysFlag: decoded.sysFlag,
    flag: decoded.flag,
    tags: found.tags,
    originMsgId: found.originMsgId,
    retryTopic: originalTopic === undefined ? undefined : topic,
    transactionId: found.transactionPrepared === 'true' ? found.uniqKey : found.transactionId,
  };
  return new ReceivedMessage<T>(init, codecs);
}
