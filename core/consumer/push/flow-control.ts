import { defer, filter, map, merge, type Observable, of, Subscription, take, tap } from 'rxjs';
import type { OverThreshold, ProcessQueue } from '../process-queue.js';
import type { ReportConsumerEvent } from './events.js';
import type { QueueSession } from './queue-session.js';

/** A queue's pull thresholds (Java `pullThresholdForQueue`, `pullThresholdSizeForQueue`, `consumeConcurrentlyMaxSpan`). */
export interface FlowThresholds {
  /** Most messages held; never exceeded, since a pull asks for at most the room left. */
  readonly count: number;
  /** Pulls stop once this many body bytes are held (a pull may overshoot by one batch). */
  readonly bytes: number;
  /** Pulls stop while the cached offsets span more than this; undefined for orderly consumers. */
  readonly span: number | undefined;
  /** Messages asked for per pull (`pullBatchSize`). */
  readonly batch: number;
}

type Held = ProcessQueue<{ queueOffset: number; body: { length: number } }>;

/**
 * Why a queue may not pull now, or undefined when it may. A pull needs room for a whole batch (or for the whole
 * count threshold when it is smaller than a batch): a queue at 990 of 1000 with batches of 32 waits until handlers
 * bring it down to 968, then asks for 32, so the count never exceeds the threshold and pulls stay full-sized.
 */
export function blockedBy(pq: Held, t: FlowThresholds): OverThreshold | undefined {
  if (t.count - pq.count < Math.min(t.batch, t.count)) return 'count';
  if (pq.bytes >= t.bytes) return 'bytes';
  if (t.span !== undefined && pq.span > t.span) return 'span';
  return undefined;
}

/** How many messages the next pull asks for: the batch size, or less when the queue has less room. */
export function pullSize(pq: Held, t: FlowThresholds): number {
  return Math.max(1, Math.min(t.batch, t.count - pq.count));
}

/** What the demand gate watches besides the process queue. */
export interface DemandGate {
  readonly thresholds: FlowThresholds;
  /** Whether the user paused this queue (or its topic). */
  isPaused(): boolean;
  /** Emits when pause state changes. */
  readonly pauseChanged$: Observable<unknown>;
  readonly report: ReportConsumerEvent;
}

/**
 * Emits once (and completes) as soon as the queue may pull: it is not paused and its process queue is under every
 * threshold. This is demand from the handler side: while the queue is over a threshold nothing is pulled, and the
 * gate re-checks each time a handler finishes (`session.drained`), not on a timer. Transitions into and out of
 * flow control are reported as `flow-control` events.
 */
export function waitForDemand$(session: QueueSession, gate: DemandGate): Observable<void> {
  return defer(() =>
    merge(of(undefined), session.drained, gate.pauseChanged$).pipe(
      map(() => (session.stopped || gate.isPaused() ? 'hold' : blockedBy(session.pq, gate.thresholds))),
      tap((blocked) => noteFlowControl(session, blocked === 'hold' ? session.flowControl : blocked, gate.report)),
      filter((blocked) => blocked === undefined),
      take(1),
      map(() => undefined),
    ),
  );
}

/**
 * {@link waitForDemand$} as plain callbacks, for a queue's pull loop: `whenReady` calls back at once when the queue
 * may pull, else watches `session.drained` and the pause changes (only while waiting) and calls back on the first
 * one after which it may. Flow-control transitions are reported the same way.
 */
export class PullDemand {
  private ready: (() => void) | undefined;
  private watching: Subscription | undefined;
  private readonly recheck = (): void => {
    if (this.ready === undefined || !this.mayPull()) return;
    const ready = this.ready;
    this.cancel();
    ready();
  };

  constructor(
    private readonly session: QueueSession,
    private readonly gate: DemandGate,
  ) {}

  /** Calls `ready` once (synchronously when the queue may pull now); replaces a callback still waiting. */
  whenReady(ready: () => void): void {
    if (this.mayPull()) {
      this.cancel();
      ready();
      return;
    }
    this.ready = ready;
    if (this.watching !== undefined) return;
    const watching = new Subscription();
    this.watching = watching;
    watching.add(this.session.drained.subscribe(this.recheck));
    watching.add(this.gate.pauseChanged$.subscribe(this.recheck));
  }

  /** Stops waiting (the callback is not called). */
  cancel(): void {
    this.ready = undefined;
    const watching = this.watching;
    this.watching = undefined;
    watching?.unsubscribe();
  }

  private mayPull(): boolean {
    const { session, gate } = this;
    const blocked = session.stopped || gate.isPaused() ? 'hold' : blockedBy(session.pq, gate.thresholds);
    noteFlowControl(session, blocked === 'hold' ? session.flowControl : blocked, gate.report);
    return blocked === undefined;
  }
}

function noteFlowControl(session: QueueSession, blocked: OverThreshold | undefined, report: ReportConsumerEvent): void {
  const was = session.flowControl;
  if (was === blocked) return;
  session.flowControl = blocked;
  if (blocked !== undefined) report({ type: 'flow-control', queue: session.queue, reason: blocked, paused: true });
  else if (was !== undefined) report({ type: 'flow-control', queue: session.queue, reason: was, paused: false });
}
