import { RocketMQError } from '../../../core/errors.js';

/**
 * Every way the transport can fail a caller. `context` names the offending value (address, opaque,
 * request code, timeout …) and `cause` carries the underlying error (socket error, `ProtocolError`, abort reason).
 */
export type TransportErrorKind =
  /** No response within the request's timeout; the in-flight slot has been freed. */
  | 'request-timeout'
  /** The caller's `AbortSignal` fired before the response arrived. */
  | 'request-aborted'
  /** The connection closed (locally, by the peer, on a socket error or when idle) with the request in flight. */
  | 'connection-closed'
  /** A malformed inbound frame killed the connection; `cause` is the `ProtocolError`. */
  | 'protocol-error'
  /** The TCP/TLS connect failed, or the pool is backing off after repeated failures. */
  | 'connect-failed'
  /** The TCP/TLS connect did not complete within `connectTimeoutMs`. */
  | 'connect-timeout'
  /** The frame could not be written (socket error, or the write queue is over its byte limit). */
  | 'write-failed'
  /** The address string is not `host:port` / `[v6]:port`. */
  | 'invalid-address'
  /** The server could not listen (address in use, already listening …). */
  | 'listen-failed'
  /** The pool or server was closed before the operation. */
  | 'closed';

/** A typed transport failure; see {@link TransportErrorKind}. */
export class TransportError extends RocketMQError {
  declare readonly kind: TransportErrorKind;

  constructor(kind: TransportErrorKind, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(kind, message, context, options);
  }
}

/** Text of an unknown thrown value, for messages and remarks. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
