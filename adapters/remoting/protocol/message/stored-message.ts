import type { PulledMessage } from '../../../../core/ports/broker-port.js';
import { ProtocolError } from '../errors.js';
import { decompressBody } from './compression.js';
import { formatSocketAddress } from './ip.js';
import { readInt64 } from './int64.js';
import { decodeProperties, MessageProperty } from './properties.js';
import { hostLength, isRecordMagic, MAGIC_V2, MIN_RECORD_SIZE, minRecordSize, RecordPosition, throwBadMagic } from './record-layout.js';
import { MessageSysFlag } from './sysflag.js';

export { encodeStoredMessage, storedFieldsOf, type StoredMessageFields } from './stored-message-writer.js';

/**
 * Decoding of stored-message records (shared/protocol §6.1, §6.3): PULL_MESSAGE, QUERY_MESSAGE, VIEW_MESSAGE_BY_ID,
 * CHECK_TRANSACTION_STATE and CONSUME_MESSAGE_DIRECTLY bodies hold one or more records back to back.
 */
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
  /** KEYS property, unsplit (keys are separated by single spaces; see `splitKeys`). */
  keys: string | undefined;
}

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

/** Decodes every record in `buf` (a body of back-to-back records). Bodies are views into `buf` unless inflated. */
export function decodeStoredMessages(buf: Buffer, opts: DecodeStoredOptions = {}): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  let at = 0;
  while (at < buf.length) {
    let msg: DecodedMessage;
    try {
      msg = decodeRecord(buf, at, opts);
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
  const end = checkEnvelope(buf, at);
  const magicCode = buf.readInt32BE(at + RecordPosition.MAGIC);
  const sysFlag = buf.readInt32BE(at + RecordPosition.SYS_FLAG);
  const totalSize = end - at;
  const min = minRecordSize(magicCode, sysFlag);
  if (totalSize < min) throwTotalSize(totalSize, at, `is below the minimum ${min} for sysFlag 0x${sysFlag.toString(16)}`);
  const bornLen = hostLength(sysFlag, MessageSysFlag.BORNHOST_V6);
  const storeLen = hostLength(sysFlag, MessageSysFlag.STOREHOST_V6);
  const storeTsAt = at + RecordPosition.BORN_HOST + bornLen + 4;
  const storeHostAt = storeTsAt + 8;
  const reconsumeAt = storeHostAt + storeLen + 4;
  const s = readVariablePart(buf, at, reconsumeAt + 12, end, magicCode === MAGIC_V2 ? 2 : 1);
  const storedBody = buf.subarray(s.bodyStart, s.bodyEnd);
  const propertiesString = buf.toString('utf8', s.propsStart, end);
  const properties = decodeProperties(propertiesString);
  const offsetMsgId = (buf.toString('hex', storeHostAt, storeHostAt + storeLen + 4) + buf.toString('hex', at + 28, at + 36)).toUpperCase();
  return {
    storeSize: totalSize,
    magicCode,
    bodyCrc: buf.readInt32BE(at + RecordPosition.BODY_CRC),
    queueId: buf.readInt32BE(at + RecordPosition.QUEUE_ID),
    flag: buf.readInt32BE(at + RecordPosition.FLAG),
    queueOffset: readInt64(buf, at + RecordPosition.QUEUE_OFFSET),
    physicalOffset: readInt64(buf, at + RecordPosition.PHYSICAL_OFFSET),
    sysFlag,
    bornTimestamp: readInt64(buf, at + RecordPosition.BORN_TIMESTAMP),
    bornHost: formatSocketAddress(buf, at + RecordPosition.BORN_HOST, bornLen),
    storeTimestamp: readInt64(buf, storeTsAt),
    storeHost: formatSocketAddress(buf, storeHostAt, storeLen),
    reconsumeTimes: buf.readInt32BE(reconsumeAt),
    preparedTransactionOffset: readInt64(buf, reconsumeAt + 4),
    storedBody,
    body: opts.decompress === false ? storedBody : decompressBody(storedBody, sysFlag, opts.maxBodySize),
    topic: buf.toString('utf8', s.topicStart, s.topicEnd),
    propertiesString,
    properties,
    tags: properties[MessageProperty.TAGS],
    keys: properties[MessageProperty.KEYS],
    msgId: properties[MessageProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? offsetMsgId,
    offsetMsgId,
  };
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
  const totalSize = buf.readInt32BE(at);
  const magic = buf.readInt32BE(at + RecordPosition.MAGIC);
  if (!isRecordMagic(magic)) throwBadMagic(magic, at, { totalSize });
  if (totalSize < MIN_RECORD_SIZE) throwTotalSize(totalSize, at, `is below the minimum ${MIN_RECORD_SIZE}`);
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

interface VariablePart {
  bodyStart: number;
  bodyEnd: number;
  topicStart: number;
  topicEnd: number;
  propsStart: number;
}

/** Reads and bounds-checks BODY, TOPIC and PROPERTIES, which must end exactly at the record end. */
function readVariablePart(buf: Buffer, at: number, p: number, end: number, topicLenSize: 1 | 2): VariablePart {
  const bodyLen = buf.readInt32BE(p);
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
  const topicLen = topicLenSize === 1 ? buf.readInt8(bodyEnd) : buf.readInt16BE(bodyEnd);
  const topicStart = bodyEnd + topicLenSize;
  if (topicLen < 0 || topicStart + topicLen + 2 > end) throwLength('TOPICLENGTH', topicLen, at, end - topicStart - 2);
  const topicEnd = topicStart + topicLen;
  const propsLen = buf.readInt16BE(topicEnd);
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
  return { bodyStart, bodyEnd, topicStart, topicEnd, propsStart };
}

function throwLength(field: string, value: number, at: number, available: number): never {
  throw new ProtocolError('truncated-message', `${field} ${value} of the record at byte ${at} runs past the record`, {
    field,
    value,
    available,
    offset: at,
  });
}
