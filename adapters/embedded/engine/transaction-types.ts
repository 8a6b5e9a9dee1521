/** END_TRANSACTION header (shared/protocol §4.9); structurally compatible with the protocol's decoded header. */
export interface EndTransactionRequest {
  producerGroup: string;
  /** The half message's queue offset (send response `queueOffset`). */
  tranStateTableOffset: number;
  /** The half message's commit-log offset. */
  commitLogOffset: number;
  /** 0 = unknown (no action), 8 = commit, 12 = rollback. */
  commitOrRollback: number;
  fromTransactionCheck?: boolean;
  msgId?: string;
  transactionId?: string;
}

/** A half message not yet committed or rolled back. */
export interface PendingHalf {
  queueOffset: number;
  physicalOffset: number;
  storeTimestamp: number;
  producerGroup: string;
  /** CHECK_IMMUNITY_TIME_IN_SECONDS in ms, when the message set it. */
  immunityMs: number | undefined;
  /** CHECK_TRANSACTION_STATE requests sent (or attempted) so far. */
  checkTimes: number;
}
