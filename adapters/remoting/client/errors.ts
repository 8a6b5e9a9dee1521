import { RocketMQError } from '../../../core/errors.js';

/** Ways the remoting client itself fails (beyond broker answers and transport errors). */
export type RemotingClientErrorKind =
  /** Every name server failed to answer (context: `addresses`, `errors`). */
  | 'name-servers-unavailable'
  /** The client has no name server address to ask. */
  | 'no-name-server'
  /** An option of `createRemotingClient` is invalid (context: `option`, `value`). */
  | 'invalid-option'
  /** A local offset file could not be read, parsed or written (context: `path`). */
  | 'local-offsets'
  /** A broker pushed a request before `setHandlers` was called (context: `code`). */
  | 'no-handlers';

/** A typed failure of the remoting client; see {@link RemotingClientErrorKind}. */
export class RemotingClientError extends RocketMQError {
  declare readonly kind: RemotingClientErrorKind;

  constructor(kind: RemotingClientErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}
