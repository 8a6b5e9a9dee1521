import { StoreError } from './store-error.js';
import type { AppendRequest } from './message-store.js';

/** Fixed positions of the stored-message record (shared/protocol §6.1). */
export const RECORD = {
  totalSizeAt: 0,
  magicAt: 4,
  queueIdAt: 12,
  queueOffsetAt: 20,
  physicalOffsetAt: 28,
  sysFlagAt: 36,
  bornHostAt: 48,
  /** Smallest record that carries both offsets and an IPv4 store timestamp. */
  minSize: 64,
  magicV1: 0xdaa320a7,
  magicV2: 0xdaa320ab,
  bornHostV6Flag: 0x10,
} as const;

/** True when `magic` is one of the two record magic codes. */
export function isRecordMagic(magic: number): boolean {
  return magic === RECORD.magicV1 || magic === RECORD.magicV2;
}

/** Byte position of STORETIMESTAMP: it follows BORNHOST, 8 bytes (IPv4) or 20 bytes (IPv6). */
export function storeTimestampAt(sysFlag: number): number {
  return RECORD.bornHostAt + ((sysFlag & RECORD.bornHostV6Flag) !== 0 ? 20 : 8);
}

/** Writes the assigned queue offset and physical offset into the record (bytes 20..35, int64 big-endian). */
export function patchOffsets(record: Buffer, queueOffset: number, physicalOffset: number): void {
  record.writeBigInt64BE(BigInt(queueOffset), RECORD.queueOffsetAt);
  record.writeBigInt64BE(BigInt(physicalOffset), RECORD.physicalOffsetAt);
}

/** Checks what a store relies on before it accepts a request; throws `invalid-argument` / `invalid-record`. */
export function validateAppend(req: AppendRequest): void {
  if (typeof req.topic !== 'string' || req.topic.length === 0) {
    throw new StoreError('invalid-argument', 'topic must be a non-empty string', { topic: req.topic });
  }
  if (!Number.isInteger(req.queueId) || req.queueId < 0 || req.queueId > 0x7fffffff) {
    throw new StoreError('invalid-argument', `invalid queue id ${req.queueId}`, { topic: req.topic, queueId: req.queueId });
  }
  const r = req.record;
  if (!Buffer.isBuffer(r) || r.length < RECORD.minSize) {
    throw new StoreError('invalid-record', 'record shorter than a stored-message header', {
      topic: req.topic,
      length: Buffer.isBuffer(r) ? r.length : undefined,
    });
  }
  const total = r.readInt32BE(RECORD.totalSizeAt);
  if (total !== r.length) {
    throw new StoreError('invalid-record', `TOTALSIZE ${total} differs from the record length ${r.length}`, {
      topic: req.topic,
      totalSize: total,
      length: r.length,
    });
  }
  const magic = r.readUInt32BE(RECORD.magicAt);
  if (!isRecordMagic(magic)) {
    throw new StoreError('invalid-record', `bad magic 0x${magic.toString(16)}`, { topic: req.topic, magic });
  }
}
