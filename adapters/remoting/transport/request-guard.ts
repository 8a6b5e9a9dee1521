import type { Cancelable } from '../../../core/ports/broker-port.js';
import { Deadline, type Deadlines } from '../../../core/util/deadlines.js';
import type { RemotingCommand } from '../protocol/command.js';
import { type AbortWatcher, type SignalWatch, unwatchAbort, watchAbort } from './abort-watch.js';
import type { PendingRequest } from './in-flight.js';
import type { WriteTicket } from './write-queue.js';

/**
 * Where a request's outcome goes (`Connection.requestTo`; `Connection.request` makes one of its Promise). Called once,
 * never from inside the call that made the request.
 */
export interface RequestSink<T = unknown> {
  resolved(value: T): void;
  rejected(error: unknown): void;
}

/** What ends a request early, as its connection handles it. */
export interface RequestOwner {
  /** The connection's request timeouts (one timer per timeout value, not one per request). */
  readonly deadlines: Deadlines;
  /** The request's own timeout fired. */
  timedOut(call: GuardedRequest): void;
  /** The caller abandoned the request (its signal fired, or it cancelled it), for `reason`. */
  aborted(call: GuardedRequest, reason: unknown): void;
}

/**
 * One request in flight, as one object: how to settle it (the in-flight table's entry), its timeout (a deadline), its
 * place among the watchers of its abort signal (`abort-watch.ts`: one listener per signal, not per request) and its
 * queued write. Built per request, so it holds everything that used to be separate closures and records.
 * `release` — called exactly once, when the request settles for any reason — removes the deadline, leaves the
 * signal's watchers and drops the write if it is still queued.
 */
export class GuardedRequest extends Deadline implements PendingRequest, AbortWatcher, Cancelable {
  /** The frame's place in the write queue (set once written or queued). */
  ticket: WriteTicket | undefined = undefined;
  watch: SignalWatch | undefined = undefined;
  watchPrev: AbortWatcher | undefined = undefined;
  watchNext: AbortWatcher | undefined = undefined;

  /** True while the call that makes the request runs: a sink is not called back from inside it. */
  starting = true;
  /** Set once the request settled (its opaque may then belong to a later request). */
  private released = false;

  constructor(
    private readonly owner: RequestOwner,
    readonly code: number,
    readonly opaque: number,
    readonly timeoutMs: number,
    readonly signal: AbortSignal | undefined,
    /** Turns the response into the caller's value (a throw rejects), where a `.then` would cost a Promise more. */
    private readonly map: ((response: RemotingCommand) => unknown) | undefined,
    /** Where the outcome goes. */
    private readonly sink: RequestSink,
    /** The time of the owner's deadlines when the request starts. */
    now: number,
  ) {
    super();
    owner.deadlines.add(this, timeoutMs, now);
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The response arrived. */
  resolve(response: RemotingCommand): void {
    const map = this.map;
    let value: unknown = response;
    if (map !== undefined) {
      try {
        value = map(response);
      } catch (error) {
        return this.reject(error);
      }
    }
    deliver(this.sink, true, value);
  }

  /** The request failed (timeout, abort, write, close), or its map threw. */
  reject(error: unknown): void {
    // A write refused at once fails the request inside the call that made it; its caller hears of it afterwards.
    if (this.starting) failLater(this.sink, error);
    else deliver(this.sink, false, error);
  }

  /** The request's timeout passed. */
  expired(): void {
    this.owner.timedOut(this);
  }

  /** The caller's signal fired while the request was in flight. */
  signalAborted(): void {
    this.owner.aborted(this, this.signal!.reason);
  }

  /** The caller abandons the request (see {@link Cancelable}); nothing once it settled. */
  cancel(reason: unknown): void {
    if (!this.released) this.owner.aborted(this, reason);
  }

  release(): void {
    this.released = true;
    this.owner.deadlines.remove(this);
    unwatchAbort(this);
    this.ticket?.cancel();
  }
}

/**
 * Gives a sink its outcome. A sink that throws (a bug of its own) must not break the reading of the frames after
 * this one: its error is thrown again on a microtask, where it surfaces as an uncaught exception.
 */
function deliver(sink: RequestSink, ok: boolean, outcome: unknown): void {
  try {
    if (ok) sink.resolved(outcome);
    else sink.rejected(outcome);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** What a request that never started gives its caller to cancel (its sink is failed already, or about to be). */
export const NOT_STARTED: Cancelable = Object.freeze({ cancel(): void {} });

/** Fails `sink` on a microtask (a sink is never called back from inside the call that made its request). */
export function failLater(sink: RequestSink<never>, error: unknown): void {
  queueMicrotask(() => deliver(sink as RequestSink, false, error));
}
