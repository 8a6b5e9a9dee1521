import { Deadline, type Deadlines } from '../../../core/util/deadlines.js';
import type { RemotingCommand } from '../protocol/command.js';
import { type AbortWatcher, type SignalWatch, unwatchAbort, watchAbort } from './abort-watch.js';
import type { PendingRequest } from './in-flight.js';
import type { WriteTicket } from './write-queue.js';

/** What ends a request early, as its connection handles it. */
export interface RequestOwner {
  /** The connection's request timeouts (one timer per timeout value, not one per request). */
  readonly deadlines: Deadlines;
  /** The request's own timeout fired. */
  timedOut(call: GuardedRequest): void;
  /** The caller's abort signal fired. */
  aborted(call: GuardedRequest): void;
}

/**
 * One request in flight, as one object: how to settle it (the in-flight table's entry), its timeout (a deadline), its
 * place among the watchers of its abort signal (`abort-watch.ts`: one listener per signal, not per request) and its
 * queued write. Built per request, so it holds everything that used to be separate closures and records.
 * `release` — called exactly once, when the request settles for any reason — removes the deadline, leaves the
 * signal's watchers and drops the write if it is still queued.
 */
export class GuardedRequest extends Deadline implements PendingRequest, AbortWatcher {
  /** The frame's place in the write queue (set once written or queued). */
  ticket: WriteTicket | undefined = undefined;
  watch: SignalWatch | undefined = undefined;
  watchPrev: AbortWatcher | undefined = undefined;
  watchNext: AbortWatcher | undefined = undefined;

  constructor(
    private readonly owner: RequestOwner,
    readonly code: number,
    readonly opaque: number,
    readonly timeoutMs: number,
    readonly signal: AbortSignal | undefined,
    private readonly fulfil: (value: unknown) => void,
    readonly reject: (error: Error) => void,
    /** Turns the response into the caller's value (a throw rejects), where a `.then` would cost a Promise more. */
    private readonly map: ((response: RemotingCommand) => unknown) | undefined,
  ) {
    super();
    owner.deadlines.add(this, timeoutMs);
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The response arrived. */
  resolve(response: RemotingCommand): void {
    const map = this.map;
    if (map === undefined) return this.fulfil(response);
    let value: unknown;
    try {
      value = map(response);
    } catch (error) {
      return this.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.fulfil(value);
  }

  /** The request's timeout passed. */
  expired(): void {
    this.owner.timedOut(this);
  }

  /** The caller's signal fired while the request was in flight. */
  signalAborted(): void {
    this.owner.aborted(this);
  }

  release(): void {
    this.owner.deadlines.remove(this);
    unwatchAbort(this);
    this.ticket?.cancel();
  }
}
