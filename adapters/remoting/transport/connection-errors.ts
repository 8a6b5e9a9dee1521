import { TransportError } from './errors.js';
import type { ConnectionClosed } from './events.js';

/**
 * The errors a connection rejects callers with, each naming the peer and (where there is one) the
 * request's code and opaque.
 */
export const connectionErrors = {
  closed(address: string, ending: ConnectionClosed, code?: number, opaque?: number): TransportError {
    const { reason, cause } = ending;
    const kind = reason === 'protocol-error' ? 'protocol-error' : 'connection-closed';
    const detail = reason === 'protocol-error' ? `malformed inbound frame (${cause?.message})` : reason;
    const context = { address, reason, code, opaque };
    return new TransportError(kind, `connection to ${address} closed: ${detail}`, context, { cause });
  },

  timeout(address: string, code: number, opaque: number, timeoutMs: number): TransportError {
    const message = `request code ${code} (opaque ${opaque}) to ${address} timed out after ${timeoutMs} ms`;
    return new TransportError('request-timeout', message, { code, opaque, address, timeoutMs });
  },

  /** The caller abandoned the request (its signal's reason, or the reason it cancelled with, is the cause). */
  aborted(address: string, code: number, opaque: number | undefined, reason: unknown): TransportError {
    const context = { code, opaque, address };
    return new TransportError('request-aborted', `request code ${code} to ${address} aborted`, context, { cause: reason });
  },

  writeFailed(address: string, code: number, opaque: number, error: Error): TransportError {
    if (error instanceof TransportError) return error;
    const context = { code, opaque, address };
    return new TransportError('write-failed', `writing to ${address} failed: ${error.message}`, context, { cause: error });
  },

  queueFull(address: string, code: number, opaque: number, bytes: number, queuedBytes: number): TransportError {
    const context = { code, opaque, address, bytes, queuedBytes, reason: 'queue-full' };
    const message = `write queue to ${address} is full (${queuedBytes} bytes waiting for drain)`;
    return new TransportError('write-failed', message, context);
  },
};
