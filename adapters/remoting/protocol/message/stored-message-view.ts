import type { PulledMessage } from '../../../../core/ports/broker-port.js';
import { decodeProperties, type Properties } from './properties.js';
import type { RecordFixedFields } from './record-layout.js';
import type { RecordStrings } from './record-strings.js';
import { utf8Slice } from '../utf8.js';

const parseProperties = decodeProperties;
const utf8 = utf8Slice;

/** A decoded stored message (shared/protocol §6). */
export interface DecodedMessage extends PulledMessage {
  /** `MAGIC_V1` or `MAGIC_V2` (signed int32). */
  magicCode: number;
  /** BODYCRC as stored: CRC32 of the stored body & 0x7FFFFFFF. */
  bodyCrc: number;
  /** The body as stored (still compressed when the COMPRESSED bit is set). A view into the decoded buffer. */
  storedBody: Buffer;
  /** The properties exactly as stored (UTF-8 decoded), for byte-exact re-encoding. */
  propertiesString: string;
  /** TAGS property. */
  tags: string | undefined;
  /** KEYS property, unsplit (Java `getKeys()`; keys are separated by single spaces, see `splitKeys`). */
  keys: string | undefined;
}

/** Where the variable parts of a record are, relative to its buffer. */
export interface RecordSpans {
  bornHostAt: number;
  bornLen: 4 | 16;
  storeHostAt: number;
  storeLen: 4 | 16;
  physicalOffsetAt: number;
  bodyStart: number;
  bodyEnd: number;
  topicStart: number;
  topicEnd: number;
  propsStart: number;
  end: number;
}

/** The numbers a decode reads eagerly: the fixed part, plus the two fields after the store host. */
export interface EagerFields extends RecordFixedFields {
  storeSize: number;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
}

/**
 * A message over its record bytes. The numeric fields are read at decode time (after the whole record was
 * bounds-checked); strings, properties and the body view are made on first access and cached. Because those are
 * getters, `{ ...message }` does not copy them: use {@link toPlainMessage} (or `toJSON`) for a plain snapshot.
 * Mutating `properties` (as Java does with MIN_OFFSET/MAX_OFFSET) changes the cached object only.
 */
export class StoredMessageView implements DecodedMessage {
  readonly storeSize: number;
  readonly magicCode: number;
  readonly bodyCrc: number;
  readonly queueId: number;
  readonly flag: number;
  readonly queueOffset: number;
  readonly physicalOffset: number;
  readonly sysFlag: number;
  readonly bornTimestamp: number;
  readonly storeTimestamp: number;
  readonly reconsumeTimes: number;
  readonly preparedTransactionOffset: number;
  #buf: Buffer;
  #spans: RecordSpans;
  #strings: RecordStrings;
  #body: Buffer | undefined;
  #storedBody: Buffer | undefined;
  #topic: string | undefined;
  #propertiesString: string | undefined;
  #properties: Properties | undefined;
  #offsetMsgId: string | undefined;

  /** `inflated`: the decompressed body of a compressed record (decompressed eagerly so errors surface at decode). */
  constructor(strings: RecordStrings, fields: EagerFields, spans: RecordSpans, inflated?: Buffer) {
    this.storeSize = fields.storeSize;
    this.magicCode = fields.magicCode;
    this.bodyCrc = fields.bodyCrc;
    this.queueId = fields.queueId;
    this.flag = fields.flag;
    this.queueOffset = fields.queueOffset;
    this.physicalOffset = fields.physicalOffset;
    this.sysFlag = fields.sysFlag;
    this.bornTimestamp = fields.bornTimestamp;
    this.storeTimestamp = fields.storeTimestamp;
    this.reconsumeTimes = fields.reconsumeTimes;
    this.preparedTransactionOffset = fields.preparedTransactionOffset;
    this.#buf = strings.buf;
    this.#strings = strings;
    this.#spans = spans;
    this.#body = inflated;
  }

  get topic(): string {
    return (this.#topic ??= this.#strings.topic(this.#spans.topicStart, this.#spans.topicEnd));
  }

  get storedBody(): Buffer {
    return (this.#storedBody ??= this.#buf.subarray(this.#spans.bodyStart, this.#spans.bodyEnd));
  }

  /** The body, decompressed (or the stored body when decoding was asked not to decompress). */
  get body(): Buffer {
    return (this.#body ??= this.storedBody);
  }

  get propertiesString(): string {
    return (this.#propertiesString ??= utf8(this.#buf, this.#spans.propsStart, this.#spans.end));
  }

  get properties(): Properties {
    return (this.#properties ??= parseProperties(this.propertiesString));
  }

  get tags(): string | undefined {
    return this.properties.TAGS;
  }

  get keys(): string | undefined {
    return this.properties.KEYS;
  }

  get bornHost(): string {
    return this.#strings.host(0, this.#spans.bornHostAt, this.#spans.bornLen);
  }

  get storeHost(): string {
    return this.#strings.host(1, this.#spans.storeHostAt, this.#spans.storeLen);
  }

  get offsetMsgId(): string {
    const s = this.#spans;
    return (this.#offsetMsgId ??= this.#strings.offsetMsgId(s.storeHostAt, s.storeLen, s.physicalOffsetAt));
  }

  /** UNIQ_KEY when present (the id users see), else the offset id. */
  get msgId(): string {
    return this.properties.UNIQ_KEY ?? this.offsetMsgId;
  }

  toJSON(): PlainDecodedMessage {
    return toPlainMessage(this);
  }
}

/** A decoded message as a plain object (every field an own property). */
export type PlainDecodedMessage = { -readonly [K in keyof DecodedMessage]: DecodedMessage[K] };

/** A plain-object snapshot of a decoded message: safe to spread, clone or serialize. */
export function toPlainMessage(m: DecodedMessage): PlainDecodedMessage {
  const properties = m.properties;
  const offsetMsgId = m.offsetMsgId;
  return {
    storeSize: m.storeSize,
    magicCode: m.magicCode,
    bodyCrc: m.bodyCrc,
    queueId: m.queueId,
    flag: m.flag,
    queueOffset: m.queueOffset,
    physicalOffset: m.physicalOffset,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeTimestamp: m.storeTimestamp,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    preparedTransactionOffset: m.preparedTransactionOffset,
    topic: m.topic,
    storedBody: m.storedBody,
    body: m.body,
    propertiesString: m.propertiesString,
    properties,
    tags: properties.TAGS,
    keys: properties.KEYS,
    msgId: properties.UNIQ_KEY ?? offsetMsgId,
    offsetMsgId,
  };
}
