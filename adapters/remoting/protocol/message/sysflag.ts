import { PULL_SYS_FLAG, type PullSysFlags } from '../headers/pull-sys-flag.js';

/**
 * Message sysFlag bits (shared/protocol §6.2, §8.1); the pull sysFlag bits (§4.2) are re-exported from
 * `headers/pull-sys-flag.ts`, their one definition.
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

/** Pull request sysFlag bits (§4.2): the PULL_MESSAGE header's {@link PULL_SYS_FLAG}. */
export const PullSysFlag = PULL_SYS_FLAG;

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

/** Named pull sysFlag bits, all optional (see `headers/pull-sys-flag.ts`, which builds and parses them). */
export type PullFlags = Partial<PullSysFlags>;

export { buildPullSysFlag, clearCommitOffsetFlag, parsePullSysFlag } from '../headers/pull-sys-flag.js';
