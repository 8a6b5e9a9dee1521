/**
 * Message sysFlag bits (shared/protocol §6.2, §8.1) and pull sysFlag bits (§4.2).
 *
 * ```
 * bit  10 9 8 | 7     6      | 5        4        | 3 2        | 1          0
 *      compr. | INNER NEED_  | STOREHOST BORNHOST | transaction| MULTI_TAGS COMPRESSED
 *      type   | BATCH UNWRAP | _V6       _V6      | type       |
 * ```
 */
export const MessageSysFlag = {
  COMPRESSED: 0x1,
  MULTI_TAGS: 0x2,
  /** Mask of the transaction type bits (2–3). */
  TRANSACTION_MASK: 0xc,
  TRANSACTION_NOT_TYPE: 0x0,
  TRANSACTION_PREPARED_TYPE: 0x4,
  TRANSACTION_COMMIT_TYPE: 0x8,
  TRANSACTION_ROLLBACK_TYPE: 0xc,
  BORNHOST_V6: 0x10,
  STOREHOST_V6: 0x20,
  NEED_UNWRAP: 0x40,
  INNER_BATCH: 0x80,
  /** Mask of the compression type bits (8–10, 4.9.4+). */
  COMPRESSION_TYPE_MASK: 0x700,
} as const;

/** Transaction types, as in END_TRANSACTION `commitOrRollback` and sysFlag bits 2–3. */
export type TransactionType = 0x0 | 0x4 | 0x8 | 0xc;

/** Compression types carried in sysFlag bits 8–10. 0 means ZLIB for producers older than 4.9.4. */
export const CompressionType = {
  ZLIB_LEGACY: 0,
  LZ4: 1,
  ZSTD: 2,
  ZLIB: 3,
} as const;

/** Pull request sysFlag bits (§4.2). */
export const PullSysFlag = {
  COMMIT_OFFSET: 0x1,
  SUSPEND: 0x2,
  SUBSCRIPTION: 0x4,
  CLASS_FILTER: 0x8,
  LITE_PULL: 0x10,
} as const;

/** The transaction type bits of a message sysFlag. */
export function transactionTypeOf(sysFlag: number): TransactionType {
  return (sysFlag & MessageSysFlag.TRANSACTION_MASK) as TransactionType;
}

/** `sysFlag` with its transaction type replaced by `type` (Java `MessageSysFlag.resetTransactionValue`). */
export function withTransactionType(sysFlag: number, type: TransactionType): number {
  return (sysFlag & ~MessageSysFlag.TRANSACTION_MASK) | type;
}

export function isCompressed(sysFlag: number): boolean {
  return (sysFlag & MessageSysFlag.COMPRESSED) !== 0;
}

/** Compression type bits 8–10 (0 = legacy ZLIB, 1 = LZ4, 2 = ZSTD, 3 = ZLIB). */
export function compressionTypeOf(sysFlag: number): number {
  return (sysFlag >> 8) & 0x7;
}

/** Inner-batch message (5.x): both NEED_UNWRAP and INNER_BATCH are set and the body is a batch encoding. */
export function isInnerBatch(sysFlag: number): boolean {
  const both = MessageSysFlag.NEED_UNWRAP | MessageSysFlag.INNER_BATCH;
  return (sysFlag & both) === both;
}

export interface PullFlags {
  commitOffset?: boolean;
  suspend?: boolean;
  subscription?: boolean;
  classFilter?: boolean;
  litePull?: boolean;
}

/** Pull sysFlag from named bits (Java `PullSysFlag.buildSysFlag`). */
export function buildPullSysFlag(flags: PullFlags): number {
  let f = 0;
  if (flags.commitOffset) f |= PullSysFlag.COMMIT_OFFSET;
  if (flags.suspend) f |= PullSysFlag.SUSPEND;
  if (flags.subscription) f |= PullSysFlag.SUBSCRIPTION;
  if (flags.classFilter) f |= PullSysFlag.CLASS_FILTER;
  if (flags.litePull) f |= PullSysFlag.LITE_PULL;
  return f;
}

/** Named bits of a pull sysFlag. */
export function parsePullSysFlag(sysFlag: number): Required<PullFlags> {
  return {
    commitOffset: (sysFlag & PullSysFlag.COMMIT_OFFSET) !== 0,
    suspend: (sysFlag & PullSysFlag.SUSPEND) !== 0,
    subscription: (sysFlag & PullSysFlag.SUBSCRIPTION) !== 0,
    classFilter: (sysFlag & PullSysFlag.CLASS_FILTER) !== 0,
    litePull: (sysFlag & PullSysFlag.LITE_PULL) !== 0,
  };
}

/** A pull sysFlag without COMMIT_OFFSET (the Java client clears it when pulling from a slave). */
export function clearCommitOffsetFlag(sysFlag: number): number {
  return sysFlag & ~PullSysFlag.COMMIT_OFFSET;
}
