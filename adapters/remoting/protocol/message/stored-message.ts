import { ProtocolError } from '../errors.js';
import { decompressBody } from './compression.js';
import { i16 as i16Imported, i32 as i32Imported } from './record-bytes.js';
import { RecordStrings } from './record-strings.js';
import { MessageSysFlag } from './sysflag.js';
import { isRecordMagic, MAGIC_V2, MIN_RECORD_SIZE, minRecordSize, RecordPosition, throwBadMagic } from './record-layout.js';
import { StoredMessageView, type DecodedMessage, type RecordSpans } from './stored-message-view.js';

export { encodeStoredMessage, storedFieldsOf, type StoredMessageFields } from './stored-message-writer.js';
export { StoredMessageView, toPlainMessage, type DecodedMessage, type PlainDecodedMessage } from './stored-message-view.js';

/**
 * Decoding of stored-message records (shared/protocol §6.1, §6.3): PULL_MESSAGE, QUERY_MESSAGE, VIEW_MESSAGE_BY_ID,
 * CHECK_TRANSACTION_STATE and CONSUME_MESSAGE_DIRECTLY bodies hold one or more records back to back.
 *
 * Every record is fully bounds-checked when decoded; its numbers are read then, its strings and properties on first
 * access (see `StoredMessageView`). A compressed body is inflated at decode time, so its errors surface here.
 */
export interface DecodeStoredOptions {
  /** Inflate zlib bodies (default true). With false, `body` is the stored body. */
  decompress?: boolean;
  /** Largest decompressed body accepted (default 64 MiB). */
  maxBodySize?: number;
  /**
   * What a corrupt record does. `'throw'` (default): throw its `ProtocolError`, with `context.decoded` = the number
   * of good records before it and `context.offset` = its byte offset. `'stop'`: return the good records before it,
   * as the Java client does.
   */
  onCorrupt?: 'throw' | 'stop';
}

// Hot path: local copies of imported constants and functions (some loaders turn every imported binding access
// into a getter call), and plain byte reads instead of the validating Buffer readers once a record is bounds-checked.
const { MAGIC, SYS_FLAG, BORN_HOST } = RecordPosition;
const MIN_SIZE = MIN_RECORD_SIZE;
const V2 = MAGIC_V2;
const minSizeFor = minRecordSize;
const isMagic = isRecordMagic;
const View = StoredMessageView;
const Strings = RecordStrings;
const BORN_V6 = MessageSysFlag.BORNHOST_V6;
const STORE_V6 = MessageSysFlag.STOREHOST_V6;
const COMPRESSED = MessageSysFlag.COMPRESSED;
const i16 = i16Imported;
const i32 = i32Imported;

/** Decodes every record in `buf` (a body of back-to-back records). Bodies are views into `buf` unless inflated. */
export function decodeStoredMessages(buf: Buffer, opts: DecodeStoredOptions = {}): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  const strings = new Strings(buf);
  let at = 0;
  while (at < buf.length) {
    let msg: DecodedMessage;
    try {
      msg = decodeAt(strings, at, opts);
    } catch (err) {
      if (opts.onCorrupt === 'stop') break;
      throw withDecodedCount(err, out.length);
    }
    out.push(msg);
    at += msg.storeSize;
  }
  return out;
}

/** Decodes a body that must hold exactly one record (VIEW_MESSAGE_BY_ID, CHECK_TRANSACTION_STATE, …). */
export function decodeStoredMessage(buf: Buffer, opts: Omit<DecodeStoredOptions, 'onCorrupt'> = {}): DecodedMessage {
  const msgs = decodeStoredMessages(buf, opts);
  if (msgs.length !== 1) {
    throw new ProtocolError('invalid-body', `expected one stored message, found ${msgs.length}`, { value: msgs.length });
  }
  return msgs[0] as DecodedMessage;
}

function withDecodedCount(err: unknown, decoded: number): unknown {
  if (!(err instanceof ProtocolError)) return err;
  return new ProtocolError(err.kind, `${err.message} (after ${decoded} good record(s))`, { ...err.context, decoded }, { cause: err.cause });
}

/** Decodes the record at `buf[at]`. */
export function decodeRecord(buf: Buffer, at: number, opts: DecodeStoredOptions = {}): DecodedMessage {
  return decodeAt(new Strings(buf), at, opts);
}

function decodeAt(strings: RecordStrings, at: number, opts: DecodeStoredOptions): DecodedMessage {
  const buf = strings.buf;
  const end = checkEnvelope(buf, at);
  const magicCode = i32(buf, at + MAGIC);
  const sysFlag = i32(buf, at + SYS_FLAG);
  const storeSize = end - at;
  const min = minSizeFor(magicCode, sysFlag);
  if (storeSize < min) throwTotalSize(storeSize, at, `is below the minimum ${min} for sysFlag 0x${sysFlag.toString(16)}`);
  const hosts = ((sysFlag & BORN_V6) !== 0 ? 16 : 4) + ((sysFlag & STORE_V6) !== 0 ? 16 : 4);
  // BODYLENGTH follows the hosts, their two ports (8), STORETIMESTAMP (8), RECONSUMETIMES (4), PREPAREDTRANSACTIONOFFSET (8).
  const spans = variableSpans(buf, at, at + BORN_HOST + hosts + 8 + 8 + 4 + 8, end, magicCode === V2 ? 2 : 1);
  const inflate = (sysFlag & COMPRESSED) !== 0 && opts.decompress !== false;
  const inflated = inflate ? decompressBody(buf.subarray(spans.bodyStart, spans.bodyEnd), sysFlag, opts.maxBodySize) : undefined;
  return new View(strings, at, storeSize, magicCode, sysFlag, spans, inflated);
}

/** Checks size prefix and magic; returns the record's end. */
function checkEnvelope(buf: Buffer, at: number): number {
  const remaining = buf.length - at;
  if (remaining < 8) {
    throw new ProtocolError('truncated-message', `${remaining} byte(s) left at byte ${at}, too few for a record`, {
      field: 'TOTALSIZE',
      value: remaining,
      offset: at,
    });
  }
  const totalSize = i32(buf, at);
  const magic = i32(buf, at + MAGIC);
  if (!isMagic(magic)) throwBadMagic(magic, at, { totalSize });
  if (totalSize < MIN_SIZE) throwTotalSize(totalSize, at, `is below the minimum ${MIN_SIZE}`);
  if (totalSize > remaining) throwTotalSize(totalSize, at, `runs past the end of the buffer (${remaining} byte(s) left)`);
  return at + totalSize;
}

function throwTotalSize(totalSize: number, at: number, why: string): never {
  throw new ProtocolError('truncated-message', `TOTALSIZE ${totalSize} of the record at byte ${at} ${why}`, {
    field: 'TOTALSIZE',
    value: totalSize,
    offset: at,
  });
}

/** The spans of the record being decoded (one object, refilled per record; the view copies what it keeps). */
const SPANS: RecordSpans = { bodyStart: 0, bodyEnd: 0, topicStart: 0, topicEnd: 0, propsStart: 0 };

/** Bounds-checks BODY, TOPIC and PROPERTIES (BODYLENGTH at `p`), which must end exactly at the record end. */
function variableSpans(buf: Buffer, at: number, p: number, end: number, topicLenSize: 1 | 2): RecordSpans {
  const bodyLen = i32(buf, p);
  const bodyStart = p + 4;
  if (bodyLen < 0 || bodyStart + bodyLen + topicLenSize + 2 > end) {
    throw new ProtocolError('body-length-out-of-range', `BODYLENGTH ${bodyLen} of the record at byte ${at} does not fit in it`, {
      field: 'BODYLENGTH',
      value: bodyLen,
      available: end - bodyStart - topicLenSize - 2,
      offset: at,
    });
  }
  const bodyEnd = bodyStart + bodyLen;
  const topicLen = topicLenSize === 1 ? (((buf[bodyEnd] as number) << 24) >> 24) : i16(buf, bodyEnd);
  const topicStart = bodyEnd + topicLenSize;
  if (topicLen < 0 || topicStart + topicLen + 2 > end) throwLength('TOPICLENGTH', topicLen, at, end - topicStart - 2);
  const topicEnd = topicStart + topicLen;
  const propsLen = i16(buf, topicEnd);
  const propsStart = topicEnd + 2;
  if (propsLen < 0 || propsStart + propsLen > end) throwLength('PROPERTIESLENGTH', propsLen, at, end - propsStart);
  if (propsStart + propsLen !== end) {
    throw new ProtocolError('invalid-body', `TOTALSIZE ${end - at} of the record at byte ${at} disagrees with its fields`, {
      field: 'TOTALSIZE',
      value: end - at,
      expected: propsStart + propsLen - at,
      offset: at,
    });
  }
  const spans = SPANS;
  spans.bodyStart = bodyStart;
  spans.bodyEnd = bodyEnd;
  spans.topicStart = topicStart;
  spans.topicEnd = topicEnd;
  spans.propsStart = propsStart;
  return spans;
}

function throwLength(field: string, value: number, at: number, available: number): never {
  throw new ProtocolError('truncated-message', `${field} ${value} of the record at byte ${at} runs past the record`, {
    field,
    value,
    available,
    offset: at,
  });
}
