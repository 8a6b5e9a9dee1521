import type { PulledMessage } from '../../../../core/ports/broker-port.js';
import { decodeProperties, type Properties } from './properties.js';
import { i32 as i32Imported, i64 as i64Imported } from './record-bytes.js';
import { RecordPosition } from './record-layout.js';
import { MessageSysFlag } from './sysflag.js';
import type { RecordStrings } from './record-strings.js';
import { utf8Slice } from '../utf8.js';
import { subview } from '../buffer-view.js';

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

/** Where the variable parts of a record are, relative to its buffer (filled by the decoder, read by the view). */
export interface RecordSpans {
  bodyStart: number;
  bodyEnd: number;
  topicStart: number;
  topicEnd: number;
  propsStart: number;
}

const BORN_V6 = MessageSysFlag.BORNHOST_V6;
const STORE_V6 = MessageSysFlag.STOREHOST_V6;
const { BODY_CRC, QUEUE_ID, FLAG, QUEUE_OFFSET, PHYSICAL_OFFSET, BORN_TIMESTAMP, BORN_HOST } = RecordPosition;

// Module-local aliases of the imported readers (some loaders make each access to an imported binding a call).
const i32 = i32Imported;
const i64 = i64Imported;

/**
 * A message over its record bytes. The numeric fields are read at decode time (after the whole record was
 * bounds-checked); strings, properties and the body view are made on first access and cached. Because those are
 * getters, `{ ...message }` does not copy them: use {@link toPlainMessage} (or `toJSON`) for a plain snapshot.
 * Mutating `properties` (as Java does with MIN_OFFSET/MAX_OFFSET) changes the cached object only.
 *
 * One object per record and nothing else: the record's positions are kept as plain numbers on it (no spans or
 * fields object beside it), since a consumer makes one of these for every message it pulls.
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
  readonly #strings: RecordStrings;
  /** Where the record starts in the buffer. */
  readonly #at: number;
  readonly #bodyStart: number;
  readonly #bodyEnd: number;
  readonly #topicStart: number;
  readonly #topicEnd: number;
  readonly #propsStart: number;
  #body: Buffer | undefined;
  #storedBody: Buffer | undefined;
  #topic: string | undefined;
  #propertiesString: string | undefined;
  #properties: Properties | undefined;
  #offsetMsgId: string | undefined;

  /**
   * The record at `at` in `strings.buf`, `storeSize` bytes, already bounds-checked by the decoder (`spans` are its
   * checked positions; only read here). `inflated`: the decompressed body of a compressed record (decompressed
   * eagerly so errors surface at decode).
   */
  constructor(strings: RecordStrings, at: number, storeSize: number, magicCode: number, sysFlag: number, spans: RecordSpans, inflated?: Buffer) {
    const b = strings.buf;
    const storeTsAt = at + BORN_HOST + bornLen(sysFlag) + 4;
    const reconsumeAt = storeTsAt + 8 + storeLen(sysFlag) + 4;
    this.storeSize = storeSize;
    this.magicCode = magicCode;
    this.bodyCrc = i32(b, at + BODY_CRC);
    this.queueId = i32(b, at + QUEUE_ID);
    this.flag = i32(b, at + FLAG);
    this.queueOffset = i64(b, at + QUEUE_OFFSET);
    this.physicalOffset = i64(b, at + PHYSICAL_OFFSET);
    this.sysFlag = sysFlag;
    this.bornTimestamp = i64(b, at + BORN_TIMESTAMP);
    this.storeTimestamp = i64(b, storeTsAt);
    this.reconsumeTimes = i32(b, reconsumeAt);
    this.preparedTransactionOffset = i64(b, reconsumeAt + 4);
    this.#strings = strings;
    this.#at = at;
    this.#bodyStart = spans.bodyStart;
    this.#bodyEnd = spans.bodyEnd;
    this.#topicStart = spans.topicStart;
    this.#topicEnd = spans.topicEnd;
    this.#propsStart = spans.propsStart;
    this.#body = inflated;
  }

  get topic(): string {
    return (this.#topic ??= this.#strings.topic(this.#topicStart, this.#topicEnd));
  }

  get storedBody(): Buffer {
    return (this.#storedBody ??= subview(this.#strings.buf, this.#bodyStart, this.#bodyEnd));
  }

  /** The body, decompressed (or the stored body when the record is not compressed or decoding was asked not to). */
  get body(): Buffer {
    return (this.#body ??= this.storedBody);
  }

  get propertiesString(): string {
    return (this.#propertiesString ??= utf8(this.#strings.buf, this.#propsStart, this.#at + this.storeSize));
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
    return this.#strings.host(0, this.#at + BORN_HOST, bornLen(this.sysFlag));
  }

  get storeHost(): string {
    return this.#strings.host(1, this.#storeHostAt(), storeLen(this.sysFlag));
  }

  get offsetMsgId(): string {
    return (this.#offsetMsgId ??= this.#strings.offsetMsgId(this.#storeHostAt(), storeLen(this.sysFlag), this.#at + PHYSICAL_OFFSET));
  }

  /** UNIQ_KEY when present (the id users see), else the offset id. */
  get msgId(): string {
    return this.properties.UNIQ_KEY ?? this.offsetMsgId;
  }

  toJSON(): PlainDecodedMessage {
    return toPlainMessage(this);
  }

  #storeHostAt(): number {
    return this.#at + BORN_HOST + bornLen(this.sysFlag) + 4 + 8;
  }
}

/** Bytes of a record's born host address (IPv6 when its sysFlag bit says so). */
function bornLen(sysFlag: number): 4 | 16 {
  return (sysFlag & BORN_V6) !== 0 ? 16 : 4;
}

/** Bytes of a record's store host address. */
function storeLen(sysFlag: number): 4 | 16 {
  return (sysFlag & STORE_V6) !== 0 ? 16 : 4;
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
