import type { CodecRegistry } from '../codec/codec-registry.js';
import type { PayloadCodec } from '../codec/payload-codec.js';
import { decodePayload } from '../codec/payload.js';
import type { MessageQueue } from './message-queue.js';
import { KEY_SEPARATOR, SystemProperty, splitProperties } from './system-properties.js';

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
 * A message as a consumer sees it. `topic` is the original topic even for a redelivery from
 * `%RETRY%<group>`, in which case `retryTopic` names the retry topic it was pulled from.
 * `properties` holds user properties only; system properties (and `rmqrx_codec`) are in
 * `systemProperties`. The payload is decoded on first access; a body that cannot be decoded throws
 * `CodecError('payload-decode-failed')` from that access, so the handler fails and the message follows
 * the ordinary retry / dead-letter path.
 */
export class ReceivedMessage<T = unknown> implements ReceivedMessageFields {
  readonly msgId!: string;
  readonly offsetMsgId!: string;
  readonly topic!: string;
  readonly queue!: MessageQueue;
  readonly queueOffset!: number;
  readonly commitLogOffset!: number;
  readonly reconsumeTimes!: number;
  readonly body!: Buffer;
  readonly tags?: string;
  readonly keys!: readonly string[];
  readonly properties!: Readonly<Record<string, string>>;
  readonly systemProperties!: Readonly<Record<string, string>>;
  readonly bornTimestamp!: number;
  readonly storeTimestamp!: number;
  readonly bornHost!: string;
  readonly storeHost!: string;
  readonly originMsgId?: string;
  readonly retryTopic?: string;
  readonly transactionId?: string;
  readonly sysFlag!: number;
  readonly flag!: number;
  readonly #decode: () => T;
  #decoded: { value: T } | undefined;

  constructor(fields: ReceivedMessageFields, decode: () => T) {
    Object.assign(this, fields);
    this.#decode = decode;
  }

  /** The decoded payload (decoded once, on first access). */
  get payload(): T {
    this.#decoded ??= { value: this.#decode() };
    return this.#decoded.value;
  }
}

function parseKeys(keys: string | undefined): readonly string[] {
  if (!keys) return Object.freeze([]);
  return Object.freeze(keys.split(KEY_SEPARATOR).filter((k) => k.length > 0));
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Builds the consumer-side view of a decoded stored record pulled from `queue`. */
export function toReceivedMessage<T = unknown>(
  decoded: DecodedMessageLike,
  queue: MessageQueue,
  codecs: PayloadDecoding,
): ReceivedMessage<T> {
  const props = decoded.properties;
  const { user, system } = splitProperties(props);
  const P = SystemProperty;
  const msgId = props[P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? decoded.msgId ?? decoded.offsetMsgId;
  const originalTopic = decoded.topic.startsWith('%RETRY%') ? props[P.RETRY_TOPIC] : undefined;
  const transactionId =
    props[P.TRANSACTION_PREPARED] === 'true' ? props[P.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] : props[P.TRANSACTION_ID];
  const fields: ReceivedMessageFields = {
    msgId,
    offsetMsgId: decoded.offsetMsgId,
    topic: originalTopic ?? decoded.topic,
    queue,
    queueOffset: Number(decoded.queueOffset),
    commitLogOffset: Number(decoded.physicalOffset),
    reconsumeTimes: decoded.reconsumeTimes,
    body: decoded.body,
    keys: parseKeys(props[P.KEYS]),
    properties: Object.freeze(user),
    systemProperties: Object.freeze(system),
    bornTimestamp: Number(decoded.bornTimestamp),
    storeTimestamp: Number(decoded.storeTimestamp),
    bornHost: decoded.bornHost,
    storeHost: decoded.storeHost,
    sysFlag: decoded.sysFlag,
    flag: decoded.flag,
    ...optional('tags', props[P.TAGS]),
    ...optional('originMsgId', props[P.ORIGIN_MESSAGE_ID]),
    ...optional('retryTopic', originalTopic === undefined ? undefined : decoded.topic),
    ...optional('transactionId', transactionId),
  };
  const decode = () => decodePayload(decoded.body, props, codecs.registry, codecs.fallback, msgId) as T;
  return new ReceivedMessage<T>(fields, decode);
}
