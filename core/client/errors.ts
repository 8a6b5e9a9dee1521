import { RocketMQError } from '../errors.js';

/** What can go wrong in the shared client instance. */
export type ClientErrorKind =
  /** A producer or consumer group is already registered on this client instance. */
  | 'group-already-registered'
  /** The client instance was used after its last user shut it down. */
  | 'client-shut-down'
  /** The name servers have no usable route for the topic (and no `TBW102` fallback could stand in). */
  | 'no-route'
  /** No producer or consumer of this client handles the group a broker asked about. */
  | 'unknown-group'
  /** The client options are not valid. */
  | 'invalid-client-options';

/** A typed failure of the client instance; `context` names the group, topic or option. */
export class ClientError extends RocketMQError {
  declare readonly kind: ClientErrorKind;

  constructor(kind: ClientErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
