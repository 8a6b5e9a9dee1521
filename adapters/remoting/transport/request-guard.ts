import type { RemotingCommand } from '../protocol/command.js';
import { type AbortWatcher, type SignalWatch, unwatchAbort, watchAbort } from './abort-watch.js';
import type { Clock, TimerHandle } from './clock.js';
import type { PendingRequest } from './in-flight.js';
import type { WriteTicket } from './write-queue.js';

/** Largest delay a Node timer honours (longer ones fire after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** What ends a request early, as its connection handles it. */
export interface RequestOwner {
  readonly clock: Clock;
  /** The request's own timeout fired. */
  timedOut(call: GuardedRequest): void;
  /** The caller's abort signal fired. */
  aborted(call: GuardedRequest): void;
}

/**
 * One request in flight, as one object: how to settle it (the in-flight table's entry), its timeout timer, its
 * place among the watchers of its abort signal (`abort-watch.ts`: one listener per signal, not per request) and its
 * queued write. Built per request, so it holds everything that used to be separate closures and records.
 * `release` — called exactly once, when the request settles for any reason — disarms the timer, leaves the
 * signal's watchers and drops the write if it is still queued.
 */
export class GuardedRequest implements PendingRequest, AbortWatcher {
  /** The frame's place in the write queue (set once written or queued). */
  ticket: WriteTicket | undefined = undefined;
  watch: SignalWatch | undefined = undefined;
  watchPrev: AbortWatcher | undefined = undefined;
  watchNext: AbortWatcher | undefined = undefined;
  private readonly timer: TimerHandle;

  constructor(
    private readonly owner: RequestOwner,
    readonly code: number,
    readonly opaque: number,
    readonly timeoutMs: number,
    readonly signal: AbortSignal | undefined,
    readonly resolve: (response: RemotingCommand) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.timer = owner.clock.setTimeout(() => owner.timedOut(this), clampTimer(timeoutMs));
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The caller's signal fired while the request was in flight. */
  signalAborted(): void {
    this.owner.aborted(this);
  }

  release(): void {
    this.owner.clock.clearTimeout(this.timer);
    unwatchAbort(this);
    this.ticket?.cancel();
  }
}

function clampTimer(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_TIMER_MS) : MAX_TIMER_MS;
}
