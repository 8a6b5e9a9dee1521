import type { Clock } from './clock.js';
import type { ProcessorRegistry } from './processors.js';

/** Java's idle limit for client and server channels (120 s, shared/protocol §1.1). */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/** Bytes a connection queues while the socket is not draining before refusing more writes. */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/**
 * How much a socket (a client's, or one a server accepted over TCP) buffers before `write` reports back-pressure.
 * The connection corks the frames of one tick into one `writev`, and a corked socket buffers all of them until then:
 * with Node's default of 16 KiB, any tick with more than about ten 1.5 KiB sends made `write` return false, and the
 * rest of the tick's frames waited in the connection's own queue for a `'drain'` (with 64 sends in flight, about two
 * frames in three). 1 MiB holds a tick of hundreds of sends; back-pressure from a slow peer still starts there, and
 * the connection's queue stays bounded by `maxQueuedBytes`.
 */
export const SOCKET_WRITE_HIGH_WATER_MARK = 1024 * 1024;

/** Options of {@link Connection}. */
export interface ConnectionOptions {
  /** Label used in errors and events; defaults to the socket's remote `host:port`, else `"memory"`. */
  address?: string;
  /** No traffic either way for this long emits `idle` and closes; 0 disables. Default 120 000. */
  idleTimeoutMs?: number;
  /** Largest inbound frame accepted (passed to the frame decoder). */
  maxFrameSize?: number;
  /** Write-queue bound while the socket applies back-pressure. Default 64 MiB. */
  maxQueuedBytes?: number;
  /** Parent processors (a pool's or a server's), consulted after this connection's own. */
  processors?: ProcessorRegistry;
  /** Timer source; defaults to the global timers. */
  clock?: Clock;
  /** First opaque this connection assigns (signed int32). Default 0. */
  initialOpaque?: number;
  /**
   * Where the socket's reads come from when they do not arrive as `'data'` events (a socket opened with Node's
   * `onread`, see `ReadArena`): the connection attaches to it instead, and detaches when it closes.
   */
  reads?: ReadSource;
}

/** A source of inbound chunks other than the stream's `'data'` events. */
export interface ReadSource {
  attach(sink: (chunk: Buffer) => void): void;
  detach(): void;
}

/** Per-request options of {@link Connection.request}. */
export interface RequestOptions {
  /** Reject with `request-timeout` (and free the slot) after this many milliseconds. */
  timeoutMs: number;
  /** Reject with `request-aborted` when this fires. */
  signal?: AbortSignal;
}
