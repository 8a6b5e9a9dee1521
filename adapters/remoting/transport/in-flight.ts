import type { RemotingCommand } from '../protocol/command.js';

/** One outstanding request: how to settle it and what to release when it is settled. */
export interface PendingRequest {
  /** The request's opaque (its key in the table). */
  readonly opaque: number;
  readonly code: number;
  resolve(response: RemotingCommand): void;
  reject(error: Error): void;
  /** Releases the request's timer, abort listener and queued write. Called exactly once, on settle. */
  readonly release: () => void;
}

/** Slots of the table's ring (a power of two): far more than a connection usually has in flight. */
const RING_SLOTS = 1024;
const RING_MASK = RING_SLOTS - 1;

/**
 * The requests a connection is waiting on, keyed by opaque. Each entry is settled exactly once:
 * by its response, its timeout, its abort signal or the connection closing, and the slot is freed then.
 *
 * Opaques are consecutive, so a request lives in a fixed ring at `opaque & 1023`; one whose slot is held by an older
 * request still in flight (a long-polling pull, say) goes to a `Map` on the side. Not a `Map` for every request: a
 * `Map` keyed by ever-increasing opaques keeps reallocating its table as deleted entries pile up, and under V8's
 * incremental marking that churn got the requests in flight promoted to the old generation, which kept a busy
 * connection in a cycle of mark-compacts (BENCHMARKS.md, "What was tried on that GC").
 */
export class InFlightTable {
  private readonly ring: (PendingRequest | undefined)[] = new Array<PendingRequest | undefined>(RING_SLOTS).fill(undefined);
  private readonly overflow = new Map<number, PendingRequest>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(opaque: number): boolean {
    return this.ring[opaque & RING_MASK]?.opaque === opaque || this.overflow.has(opaque);
  }

  /** Adds `request` under its opaque, which must not be in the table (the connection's counter skips taken ones). */
  add(request: PendingRequest): void {
    const slot = request.opaque & RING_MASK;
    if (this.ring[slot] === undefined) this.ring[slot] = request;
    else this.overflow.set(request.opaque, request);
    this.count++;
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

  /** Rejects every outstanding request (in opaque order) with the error `errorFor` builds for it. */
  rejectAll(errorFor: (opaque: number, request: PendingRequest) => Error): void {
    // Snapshot first: a rejection handler may settle (and remove) other entries.
    const all: PendingRequest[] = [...this.overflow.values()];
    for (const request of this.ring) if (request !== undefined) all.push(request);
    all.sort((a, b) => a.opaque - b.opaque);
    for (const request of all) this.reject(request.opaque, errorFor(request.opaque, request));
  }

  private take(opaque: number): PendingRequest | undefined {
    const slot = opaque & RING_MASK;
    let request = this.ring[slot];
    if (request !== undefined && request.opaque === opaque) {
      this.ring[slot] = undefined;
    } else {
      request = this.overflow.get(opaque);
      if (request === undefined) return undefined;
      this.overflow.delete(opaque);
    }
    this.count--;
    request.release();
    return request;
  }
}
