import { RocketMQError } from '../../errors.js';

/** What can go wrong in a pull consumer. */
export type PullConsumerErrorKind =
  /** The consumer is not running: `start()` was not called (or has not finished), or it was shut down. */
  | 'consumer-not-running'
  /** `start()` was called after `shutdown()`. */
  | 'consumer-shut-down'
  /** `assign` and `subscribe` were both used; a consumer does one or the other (as in Java). */
  | 'subscription-conflict'
  /** The queue is not assigned to this consumer (not assigned, or moved away by a rebalance). */
  | 'queue-not-assigned'
  /** `seek` to an offset outside the queue's `[min, max]`. */
  | 'seek-offset-out-of-range'
  /** An argument is not of the expected form (empty queue list, negative timeout, …). */
  | 'invalid-argument'
  /** Writing offsets to the brokers failed for some queues (`context.failed` lists them; `cause` is the first error). */
  | 'commit-failed'
  /** No address is known for the broker of a queue. */
  | 'broker-not-found'
  /** The broker asked for something a pull consumer does not do (CONSUME_MESSAGE_DIRECTLY). */
  | 'unsupported';

/** A typed failure of the pull consumer; `context` names the queue, offset or argument involved. */
export class PullConsumerError extends RocketMQError {
  declare readonly kind: PullConsumerErrorKind;

  constructor(kind: PullConsumerErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
