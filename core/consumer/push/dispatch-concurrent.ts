import { type SchedulerLike, type Subscription, timer, type Unsubscribable } from 'rxjs';
import { Lifetime } from '../../client/lifetime.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { RetryPolicy } from '../retry-policy.js';
import { type ConsumeAnswer, type ConsumeCall, type ConsumeUnit, unitLength, unitMessages } from './consume-call.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import type { FailureContext } from './failure.js';
import { Fifo } from './fifo.js';
import type { OffsetStore } from './offset-store.js';
import type { QueueSession } from './queue-session.js';
import type { ConsumerCounters } from './stats.js';
import { settleFailures$ } from './unit-failures.js';

/** What a dispatcher needs. */
export interface DispatchContext {
  /** The handler as a consume call (no timeout: the concurrent dispatcher bounds it by `consumeTimeoutMs`). */
  readonly consume: ConsumeCall;
  /** Concurrent dispatch: a unit not answered after this long fails with `consume-timeout` (timer armed only when the handler goes async). */
  readonly consumeTimeoutMs: number;
  /** Messages per handler call: 1, or `consumeBatchSize` for a batch handler. */
  readonly unitSize: number;
  /** Units handled at once across all queues (Java consume threads); `Infinity` for stream handlers. */
  readonly concurrency: number;
  readonly policy: RetryPolicy;
  readonly failure: FailureContext;
  readonly offsets: OffsetStore;
  readonly scheduler: SchedulerLike;
  readonly report: ReportConsumerEvent;
  readonly counters: ConsumerCounters;
  /** The user's view of a cached message (local reconsume count, namespace removed). */
  readonly deliver: (session: QueueSession, message: ReceivedMessage) => ReceivedMessage;
}

/** Splits messages into units of at most `size`, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One unit from submission to its end: it waits, runs (the answer its consume call reports to), settles, ends. One
 * object per unit (per message for one-message handlers); the handler's resources, the consume timer and the
 * settling of failures hang off it only when there are any.
 */
class Run implements ConsumeAnswer {
  /** The unit as the user gets it (set when it starts). */
  delivered: ConsumeUnit;
  startedAt = 0;
  answered = false;
  ended = false;
  /** The handler still running (a pending Promise or Observable). */
  call: Unsubscribable | undefined = undefined;
  /** The consume timer, the settling of failures. */
  timer: Subscription | undefined = undefined;
  outcome: Subscription | undefined = undefined;
  /** Neighbours in the dispatcher's list of running units. */
  prev: Run | undefined = undefined;
  next: Run | undefined = undefined;

  constructor(
    readonly owner: ConcurrentDispatcher,
    readonly session: QueueSession,
    /** The messages as cached (process-queue identity). */
    readonly unit: ConsumeUnit,
  ) {
    this.delivered = unit;
  }

  done(succeeded: number): void {
    this.owner.answered(this, succeeded);
  }

  fail(error: unknown): void {
    this.owner.failed(this, error);
  }
}

/**
 * Java `ConsumeMessageConcurrentlyService` as a plain scheduler loop: units wait in one FIFO and start in submission
 * order (so FIFO within each queue), at most `concurrency` run at once across queues; a unit answered synchronously
 * frees its slot at once and the loop goes on (no recursion). A unit's outcome: handled messages leave the process
 * queue and its committable offset goes to the offset store; failed ones are sent back (clustering) — or retried
 * locally after `sendBackFailedRetryDelayMs` when that fails — or given up (broadcasting). Units of a stopped queue
 * that have not started are skipped (their messages are redelivered to the next owner). A unit still unanswered
 * `consumeTimeoutMs` after its start fails with `ConsumerError('consume-timeout')`.
 */
export class ConcurrentDispatcher {
  private readonly waiting = new Fifo<Run>();
  /** Running units: a list through the units themselves (nothing allocated per start and end). */
  private runningHead: Run | undefined;
  private runningCount = 0;
  private readonly lifetime = new Lifetime();
  private accepting = true;
  private pumping = false;
  /** The unit answered last and when: a unit that answered synchronously in a pump pass gives the next its start time. */
  private lastAnswered: Run | undefined;
  private lastAnsweredAt = 0;

  constructor(private readonly ctx: DispatchContext) {}

  /** Queues newly cached messages of a queue for handling. */
  submit(session: QueueSession, messages: readonly ReceivedMessage[]): void {
    if (!this.accepting) return;
    const size = this.ctx.unitSize;
    if (size === 1) for (const m of messages) this.waiting.push(new Run(this, session, m));
    else for (const messagesOfUnit of chunk(messages, size)) this.waiting.push(new Run(this, session, messagesOfUnit));
    this.pump();
  }

  /** Starts no more units (nor local retries that come due); units already running finish. */
  stop(): void {
    this.accepting = false;
  }

  /** Abandons everything (after the drain). */
  close(): void {
    this.accepting = false;
    this.waiting.clear();
    while (this.runningHead !== undefined) this.end(this.runningHead);
    this.lifetime.dispose();
  }

  /** Starts waiting units while there are free slots; re-entrant calls (a unit ending inside a start) return. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      let clock: number | undefined;
      while (this.runningCount < this.ctx.concurrency && this.waiting.size > 0) {
        const run = this.waiting.shift()!;
        this.start(run, clock);
        clock = run.answered && this.lastAnswered === run ? this.lastAnsweredAt : undefined;
      }
    } finally {
      this.lastAnswered = undefined;
      this.pumping = false;
    }
  }

  /** Starts a unit; `clock` is a reading of the scheduler's clock still current (the previous unit's answer), if any. */
  private start(run: Run, clock: number | undefined): void {
    const { session } = run;
    if (!this.accepting || session.stopped) return;
    let broken = false;
    let error: unknown;
    try {
      run.delivered = this.deliver(session, run.unit);
    } catch (thrown) {
      // The user's view could not be made: the unit fails as a whole (retried, then dead-lettered), never stalls.
      run.delivered = run.unit;
      broken = true;
      error = thrown;
    }
    run.startedAt = clock ?? this.ctx.scheduler.now();
    this.link(run);
    session.addInFlight(unitLength(run.unit));
    let call: Unsubscribable | undefined;
    try {
      if (!broken) call = this.ctx.consume(run.delivered, run);
    } catch (thrown) {
      // A consume call must answer rather than throw; one that throws anyway fails its unit like a handler would.
      broken = true;
      error = thrown;
    }
    if (broken) {
      this.failed(run, error);
      return;
    }
    if (call !== undefined) {
      if (run.ended) call.unsubscribe();
      else run.call = call;
    }
    if (!run.answered && !run.ended) run.timer = this.ctx.scheduler.schedule(() => this.timeout(run), this.ctx.consumeTimeoutMs);
  }

  private deliver(session: QueueSession, unit: ConsumeUnit): ConsumeUnit {
    const { deliver } = this.ctx;
    return Array.isArray(unit) ? (unit as readonly ReceivedMessage[]).map((m) => deliver(session, m)) : deliver(session, unit as ReceivedMessage);
  }

  private timeout(run: Run): void {
    run.call?.unsubscribe();
    run.call = undefined;
    const { consumeTimeoutMs: timeoutMs } = this.ctx;
    const msgIds = unitMessages(run.delivered).map((m) => m.msgId);
    this.failed(run, new ConsumerError('consume-timeout', `handler did not finish within ${timeoutMs} ms`, { timeoutMs, msgIds }));
  }

  /** @internal The unit's handler answered: `succeeded` leading messages were handled. */
  answered(run: Run, succeeded: number): void {
    if (run.answered || run.ended) return;
    run.answered = true;
    run.timer?.unsubscribe();
    const now = this.ctx.scheduler.now();
    this.lastAnswered = run;
    this.lastAnsweredAt = now;
    this.ctx.counters.consumeTimeMs += now - run.startedAt;
    this.settle(run, succeeded);
  }

  /** @internal The unit's handler failed (threw, rejected, errored, timed out): none of its messages was handled. */
  failed(run: Run, error: unknown): void {
    if (run.answered || run.ended) return;
    this.ctx.report({ type: 'handler-failed', queue: run.session.queue, msgIds: unitMessages(run.delivered).map((m) => m.msgId), error });
    this.answered(run, 0);
  }

  /** Commits what succeeded; failures are settled (sent back, retried, dropped) before the unit ends. */
  private settle(run: Run, succeeded: number): void {
    const { session, delivered } = run;
    const size = unitLength(delivered);
    const { counters } = this.ctx;
    try {
      if (succeeded >= size) {
        counters.consumedOk += size;
        this.commit(session, delivered, this.lastAnsweredAt);
        this.end(run);
        return;
      }
      const messages = unitMessages(delivered);
      counters.consumedOk += succeeded;
      counters.consumedFailed += size - succeeded;
      const outcome$ = settleFailures$(this.failureContext(), session, messages, succeeded);
      run.outcome = outcome$.subscribe({ error: (error: unknown) => this.dispatchFailed(run, error), complete: () => this.end(run) });
      if (run.ended) run.outcome.unsubscribe();
    } catch (error) {
      this.dispatchFailed(run, error);
    }
  }

  private failureContext() {
    return {
      ctx: this.ctx,
      commit: (session: QueueSession, handled: readonly ReceivedMessage[]) => this.commit(session, handled),
      resubmitLater: (session: QueueSession, messages: readonly ReceivedMessage[], delayMs: number) => this.resubmitLater(session, messages, delayMs),
    };
  }

  /**
   * Settling a unit failed (its commit or its failure handling threw): the unit ends, and its messages go round again
   * after `sendBackFailedRetryDelayMs`, so none is left in the process queue holding its offset back for good (one
   * already committed is handled twice at worst, as at-least-once allows).
   */
  private dispatchFailed(run: Run, error: unknown): void {
    this.ctx.report({ type: 'dispatch-failed', queue: run.session.queue, error });
    this.end(run);
    this.resubmitLater(run.session, unitMessages(run.unit), this.ctx.policy.sendBackFailedRetryDelayMs);
  }

  /** Ends a unit: releases its handler, timer and settling, then its slot. Idempotent. */
  private end(run: Run): void {
    if (run.ended) return;
    run.ended = true;
    run.call?.unsubscribe();
    run.timer?.unsubscribe();
    run.outcome?.unsubscribe();
    this.unlink(run);
    run.session.addInFlight(-unitLength(run.unit));
    this.pump();
  }

  private link(run: Run): void {
    run.next = this.runningHead;
    if (this.runningHead !== undefined) this.runningHead.prev = run;
    this.runningHead = run;
    this.runningCount++;
  }

  private unlink(run: Run): void {
    if (run.prev !== undefined) run.prev.next = run.next;
    else this.runningHead = run.next;
    if (run.next !== undefined) run.next.prev = run.prev;
    run.prev = run.next = undefined;
    this.runningCount--;
  }

  /** `at`: when the messages were handled, if the caller has that reading of the clock at hand. */
  private commit(session: QueueSession, handled: ConsumeUnit, at?: number): void {
    if (Array.isArray(handled) && handled.length === 0) return;
    const offset = session.remove(handled, at);
    if (!session.pq.dropped && offset >= 0) this.ctx.offsets.update(session.queue, offset, true);
  }

  private resubmitLater(session: QueueSession, messages: readonly ReceivedMessage[], delayMs: number): void {
    this.lifetime.track(
      timer(delayMs, this.ctx.scheduler).subscribe(() => {
        if (!session.stopped) this.submit(session, messages);
      }),
    );
  }
}
