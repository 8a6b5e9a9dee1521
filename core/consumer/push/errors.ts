import { RocketMQError } from '../../errors.js';

/** What can go wrong in a push consumer. */
export type ConsumerErrorKind =
  /** `start()` was called after `shutdown()`, or the consumer is used after it was shut down. */
  | 'consumer-shut-down'
  /** The consumer's configuration cannot work (e.g. broadcasting without local offset storage). */
  | 'invalid-consumer-config'
  /** No address is known for the broker of a queue. */
  | 'broker-not-found'
  /** A handler did not finish within `consumeTimeoutMs`. */
  | 'consume-timeout'
  /** A stream handler acknowledged a message as failed, or its pipeline ended with the message unacknowledged. */
  | 'message-nacked'
  /** The initial offset of a queue could not be determined. */
  | 'offset-unavailable'
  /** A pull in flight was given up because its queue was released (the reason its request is aborted with). */
  | 'pull-abandoned';

/** A typed failure of the push consumer; `context` names the queue, message, option or value involved. */
export class ConsumerError extends RocketMQError {
  declare readonly kind: ConsumerErrorKind;

  constructor(kind: ConsumerErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
