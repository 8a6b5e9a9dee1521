import { RocketMQError } from '../../../core/errors.js';

/**
 * Kinds of store failure:
 * - `store-closed`: the store is not open (never opened, or closed).
 * - `store-corrupt`: on-disk data that recovery cannot make sense of (outside a torn tail, which is repaired).
 * - `store-locked`: the data directory is already open (in this process, or held by a live process).
 * - `io-failed`: a file-system call failed; `cause` holds the Node error.
 * - `invalid-record`: an append request whose record is not a §6.1 record (too short, TOTALSIZE ≠ length, bad magic).
 * - `invalid-argument`: a bad topic, queue id, offset or key.
 */
export type StoreErrorKind =
  | 'store-closed'
  | 'store-corrupt'
  | 'store-locked'
  | 'io-failed'
  | 'invalid-record'
  | 'invalid-argument';

/** An error from a `MessageStore`; `context` names the offending path, offset, topic or value. */
export class StoreError extends RocketMQError {
  declare readonly kind: StoreErrorKind;

  constructor(kind: StoreErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
