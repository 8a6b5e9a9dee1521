import type { Cancelable } from '../../../core/ports/broker-port.js';
import { connectionErrors } from '../transport/connection-errors.js';
import type { RequestSink } from '../transport/request-guard.js';

/**
 * A request waiting for its connection to open (`Rpc.callTo`), cancellable meanwhile: cancelled before the connection
 * is there, its sink is told `request-aborted` at once and the request is never sent; after, the request itself is
 * cancelled. It stands between the connection and the caller's sink, so nothing reaches that sink after it was told.
 */
export class PendingCall<T> implements Cancelable, RequestSink<T> {
  private request: Cancelable | undefined = undefined;
  private cancelledEarly = false;

  constructor(
    private readonly address: string,
    private readonly code: number,
    private readonly sink: RequestSink<T>,
  ) {}

  /** Whether it was cancelled before its request started (then it must not start). */
  get cancelled(): boolean {
    return this.cancelledEarly;
  }

  /** The request started on the open connection. */
  started(request: Cancelable): void {
    this.request = request;
  }

  cancel(reason: unknown): void {
    if (this.request !== undefined) return this.request.cancel(reason);
    if (this.cancelledEarly) return;
    this.cancelledEarly = true;
    this.sink.rejected(connectionErrors.aborted(this.address, this.code, undefined, reason));
  }

  resolved(value: T): void {
    if (!this.cancelledEarly) this.sink.resolved(value);
  }

  rejected(error: unknown): void {
    if (!this.cancelledEarly) this.sink.rejected(error);
  }
}
