import { ProtocolError } from '../errors.js';
import { readInt64, writeInt64 } from './int64.js';
import { MessageSysFlag } from './sysflag.js';

/**
 * The commit-log record (shared/protocol §6.1). Positions of the fixed part (the hosts widen to 20 bytes with the
 * sysFlag IPv6 bits):
 *
 * ```
 *  0 TOTALSIZE 4 | 4 MAGICCODE 4 | 8 BODYCRC 4 | 12 QUEUEID 4 | 16 FLAG 4 | 20 QUEUEOFFSET 8 | 28 PHYSICALOFFSET 8
 * 36 SYSFLAG 4 | 40 BORNTIMESTAMP 8 | 48 BORNHOST 8/20 | STORETIMESTAMP 8 | STOREHOST 8/20 | RECONSUMETIMES 4
 * PREPAREDTRANSACTIONOFFSET 8 | BODYLENGTH 4 + BODY | TOPICLENGTH 1 (V1) / 2 (V2) + TOPIC | PROPERTIESLENGTH 2 + PROPS
 * ```
 */
export const MAGIC_V1 = 0xdaa320a7 | 0;
export const MAGIC_V2 = 0xdaa320ab | 0;

export const RecordPosition = {
  TOTAL_SIZE: 0,
  MAGIC: 4,
  BODY_CRC: 8,
  QUEUE_ID: 12,
  FLAG: 16,
  QUEUE_OFFSET: 20,
  PHYSICAL_OFFSET: 28,
  SYS_FLAG: 36,
  BORN_TIMESTAMP: 40,
  BORN_HOST: 48,
} as const;

/** Bytes before BODYLENGTH with IPv4 born and store hosts. */
export const FIXED_PART_V4 = 84;
/** Smallest possible record: IPv4 hosts, magic V1, empty body, topic and properties. */
export const MIN_RECORD_SIZE = FIXED_PART_V4 + 4 + 1 + 2;

export function hostLength(sysFlag: number, v6Bit: number): 4 | 16 {
  return (sysFlag & v6Bit) !== 0 ? 16 : 4;
}

/** Position of STORETIMESTAMP in a record with this sysFlag (56 with an IPv4 born host). */
export function storeTimestampPosition(sysFlag: number): number {
  return RecordPosition.BORN_HOST + hostLength(sysFlag, MessageSysFlag.BORNHOST_V6) + 4;
}

/** Bytes before BODYLENGTH for this sysFlag. */
export function fixedPartLength(sysFlag: number): number {
  return FIXED_PART_V4 + (hostLength(sysFlag, MessageSysFlag.BORNHOST_V6) - 4) + (hostLength(sysFlag, MessageSysFlag.STOREHOST_V6) - 4);
}

/** Smallest record for this magic and sysFlag. */
export function minRecordSize(magic: number, sysFlag: number): number {
  return fixedPartLength(sysFlag) + 4 + (magic === MAGIC_V2 ? 2 : 1) + 2;
}

export function isRecordMagic(magic: number): boolean {
  return magic === MAGIC_V1 || magic === MAGIC_V2;
}

/** The fixed-position numbers of a record, as read by {@link readRecordHeaderFields} and by a full decode. */
export interface RecordFixedFields {
  magicCode: number;
  bodyCrc: number;
  queueId: number;
  flag: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  storeTimestamp: number;
}

/** {@link RecordFixedFields} with TOTALSIZE. */
export interface RecordHeaderFields extends RecordFixedFields {
  totalSize: number;
}

/**
 * The fixed-position fields of the record starting at `buf[at]`, without decoding the rest. Throws `bad-magic`, or
 * `truncated-message` when the buffer ends inside the fixed part or TOTALSIZE is smaller than the fixed part.
 */
export function readRecordHeaderFields(buf: Buffer, at = 0): RecordHeaderFields {
  if (buf.length - at < RecordPosition.BORN_HOST) throwShort(buf, at, RecordPosition.BORN_HOST);
  const totalSize = buf.readInt32BE(at);
  const magicCode = buf.readInt32BE(at + RecordPosition.MAGIC);
  if (!isRecordMagic(magicCode)) throwBadMagic(magicCode, at);
  const sysFlag = buf.readInt32BE(at + RecordPosition.SYS_FLAG);
  const min = minRecordSize(magicCode, sysFlag);
  if (totalSize < min) throwTooSmall(totalSize, min, at);
  if (buf.length - at < fixedPartLength(sysFlag)) throwShort(buf, at, fixedPartLength(sysFlag));
  return {
    totalSize,
    magicCode,
    bodyCrc: buf.readInt32BE(at + RecordPosition.BODY_CRC),
    queueId: buf.readInt32BE(at + RecordPosition.QUEUE_ID),
    flag: buf.readInt32BE(at + RecordPosition.FLAG),
    queueOffset: readInt64(buf, at + RecordPosition.QUEUE_OFFSET),
    physicalOffset: readInt64(buf, at + RecordPosition.PHYSICAL_OFFSET),
    sysFlag,
    bornTimestamp: readInt64(buf, at + RecordPosition.BORN_TIMESTAMP),
    storeTimestamp: readInt64(buf, at + storeTimestampPosition(sysFlag)),
  };
}

/** Writes the assigned queue offset and commit-log offset into the record at `buf[at]` (what a store does). */
export function patchRecordOffsets(buf: Buffer, queueOffset: number, physicalOffset: number, at = 0): void {
  writeInt64(buf, queueOffset, at + RecordPosition.QUEUE_OFFSET);
  writeInt64(buf, physicalOffset, at + RecordPosition.PHYSICAL_OFFSET);
}

export function throwBadMagic(magic: number, at: number, context: Record<string, unknown> = {}): never {
  const hex = `0x${(magic >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  throw new ProtocolError('bad-magic', `bad record magic ${hex} at byte ${at}`, { ...context, value: hex, magicCode: magic, offset: at });
}

function throwTooSmall(totalSize: number, min: number, at: number): never {
  throw new ProtocolError('truncated-message', `TOTALSIZE ${totalSize} at byte ${at} is below the minimum ${min}`, {
    field: 'TOTALSIZE',
    value: totalSize,
    minimum: min,
    offset: at,
  });
}

function throwShort(buf: Buffer, at: number, need: number): never {
  throw new ProtocolError('truncated-message', `record at byte ${at} needs ${need} header bytes, ${buf.length - at} left`, {
    field: 'header',
    value: buf.length - at,
    minimum: need,
    offset: at,
  });
}
