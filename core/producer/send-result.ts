import type { MessageQueue } from '../message/message-queue.js';
import type { SendStatus } from '../ports/broker-port.js';

export type { SendStatus };

/**
 * The outcome of a send the broker accepted. `status` is `SEND_OK`, or a store status that still means "stored"
 * (`FLUSH_DISK_TIMEOUT`, `FLUSH_SLAVE_TIMEOUT`, `SLAVE_NOT_AVAILABLE`) — check it when durability matters.
 */
export interface SendResult {
  readonly status: SendStatus;
  /** The client-made id (`UNIQ_KEY`); for a batch, the ids joined by commas. */
  readonly msgId: string;
  /** The broker's offset id(s) (host, port and commit-log offset); joined by commas for a batch. */
  readonly offsetMsgId: string;
  /** The queue the message was stored in. */
  readonly queue: MessageQueue;
  /** Logical offset in that queue (the first message's for a batch). */
  readonly queueOffset: number;
  readonly transactionId?: string;
  readonly regionId?: string;
}

/**
 * A result built once per message (the send path's and the auto batch split's): the five fields every result has,
 * then `transactionId` and `regionId` only when the broker gave them (assigned, not spread: this runs per message).
 */
export function sendResultOf(
  status: SendStatus,
  msgId: string,
  offsetMsgId: string,
  queue: MessageQueue,
  queueOffset: number,
  from: { readonly transactionId?: string | undefined; readonly regionId?: string | undefined },
): SendResult {
  const result: { -readonly [K in keyof SendResult]: SendResult[K] } = { status, msgId, offsetMsgId, queue, queueOffset };
  if (from.transactionId !== undefined) result.transactionId = from.transactionId;
  if (from.regionId !== undefined) result.regionId = from.regionId;
  return result;
}

/** The three outcomes of a local transaction or a transaction check. */
export type TransactionState = 'COMMIT' | 'ROLLBACK' | 'UNKNOWN';

/**
 * The states as constants. Useful in `async` functions, where TypeScript widens a returned string literal to
 * `string`: `async () => TransactionStates.COMMIT` keeps the type (so does `'COMMIT' as const`).
 */
export const TransactionStates = Object.freeze({ COMMIT: 'COMMIT', ROLLBACK: 'ROLLBACK', UNKNOWN: 'UNKNOWN' } as const);

/** A transactional send: the half message's send result and the state the transaction ended in. */
export interface TransactionSendResult extends SendResult {
  readonly transactionId: string;
  readonly localTransactionState: TransactionState;
}
