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
