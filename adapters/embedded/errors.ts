import { RocketMQError } from '../../core/errors.js';

/** What can go wrong starting the embedded broker. */
export type EmbeddedErrorKind =
  /** An option of `startEmbeddedBroker` is missing its mark; `context.option` names it, `context.value` holds it. */
  | 'invalid-option'
  /** `EmbeddedBroker.resetOffset`: a broker refused (`context.code` and `context.remark` are its answer) or none has the topic. */
  | 'reset-offset-failed';

/** A `startEmbeddedBroker` failure that is the caller's doing (listen and store failures keep their own types). */
export class EmbeddedBrokerError extends RocketMQError {
  declare readonly kind: EmbeddedErrorKind;

  constructor(kind: EmbeddedErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
