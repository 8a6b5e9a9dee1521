import type { RemotingCommand } from '../protocol/command.js';

/** One outstanding request: how to settle it and what to release when it is settled. */
export interface PendingRequest {
  readonly code: number;
  readonly resolve: (response: RemotingCommand) => void;
  readonly reject: (error: Error) => void;
  /** Releases the request's timer, abort listener and queued write. Called exactly once, on settle. */
  readonly release: () => void;
}

/**
 * The requests a connection is waiting on, keyed by opaque. Each entry is settled exactly once:
 * by its response, its timeout, its abort signal or the connection closing, and the slot is freed then.
 */
export class InFlightTable {
  private readonly pending = new Map<number, PendingRequest>();

  get size(): number {
    return this.pending.size;
  }

  has(opaque: number): boolean {
    return this.pending.has(opaque);
  }

  add(opaque: number, request: PendingRequest): void {
    this.pending.set(opaque, request);
  }

  /** Resolves the request waiting on `response.opaque`; false when nothing waits on it. */
  resolve(response: RemotingCommand): boolean {
    const request = this.take(response.opaque);
    if (request === undefined) return false;
    request.resolve(response);
    return true;
  }

  /** Rejects one request; false when it was already settled. */
  reject(opaque: number, error: Error): boolean {
    const request = this.take(opaque);
    if (request === undefined) return false;
    request.reject(error);
    return true;
  }

  /** Rejects every outstanding request with the error `errorFor` builds for it. */
  rejectAll(errorFor: (opaque: number, request: PendingRequest) => Error): void {
    // Snapshot first: a rejection handler may settle (and remove) other entries.
    for (const [opaque, request] of [...this.pending]) this.reject(opaque, errorFor(opaque, request));
  }

  private take(opaque: number): PendingRequest | undefined {
    const request = this.pending.get(opaque);
    if (request === undefined) return undefined;
    this.pending.delete(opaque);
    request.release();
    return request;
  }
}
