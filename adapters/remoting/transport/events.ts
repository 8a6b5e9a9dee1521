import type { ProtocolError } from '../protocol/errors.js';

/** Why a connection closed. */
export type CloseReason =
  /** `close()` was called on this side. */
  | 'local'
  /** The peer closed (FIN) or the stream ended. */
  | 'peer'
  /** The socket failed (reset, TLS error …); `cause` is the socket's error. */
  | 'socket-error'
  /** An inbound frame was malformed; `cause` is the `ProtocolError`. */
  | 'protocol-error'
  /** No traffic either way for `idleTimeoutMs`. */
  | 'idle';

/** What `closed$` emits (once, then completes) when the socket is fully closed. */
export interface ConnectionClosed {
  readonly reason: CloseReason;
  readonly cause?: Error;
}

/** Everything a connection reports on `events$`. The stream completes after `closed`. */
export type ConnectionEvent =
  | { readonly type: 'idle'; readonly idleMs: number }
  | { readonly type: 'protocol-error'; readonly error: ProtocolError | Error }
  | { readonly type: 'processor-error'; readonly code: number; readonly opaque: number; readonly error: unknown }
  | { readonly type: 'respond-failed'; readonly code: number; readonly opaque: number; readonly error: Error }
  | ({ readonly type: 'closed' } & ConnectionClosed);

/** Counters a connection keeps; read them through `Connection.stats`. */
export interface ConnectionStats {
  /** Requests and oneways written by this side. */
  readonly requestsSent: number;
  /** Responses matched to an in-flight request. */
  readonly responsesReceived: number;
  /** Responses whose opaque matched nothing (late after a timeout, or never asked for); dropped. */
  readonly unknownResponses: number;
  /** Requests pushed by the peer. */
  readonly requestsReceived: number;
  /** Requests that timed out here. */
  readonly timeouts: number;
}
