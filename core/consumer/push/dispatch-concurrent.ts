import { concatMap, from, map, type Observable, of, type SchedulerLike, Subscription, timer, toArray } from 'rxjs';
import { Lifetime } from '../../client/lifetime.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import { decideOnFailure, type RetryPolicy } from '../retry-policy.js';
import type { ReportConsumerEvent } from './events.js';
import { type FailureContext, sendBack$ } from './failure.js';
import { Fifo } from './fifo.js';
import type { ConsumeFn } from './handlers.js';
import type { OffsetStore } from './offset-store.js';
import type { QueueSession } from './queue-session.js';
import type { ConsumerCounters } from './stats.js';

/** What a dispatcher needs. */
export interface DispatchContext {
  /** The handler as a consume function (concurrent: already bounded by the consume timeout). */
  readonly consume: ConsumeFn;
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

interface Unit {
  readonly session: QueueSession;
  /** The messages as cached (process-queue identity). */
  readonly messages: readonly ReceivedMessage[];
}

/** Splits messages into units of at most `size`, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Java `ConsumeMessageConcurrentlyService` as a plain scheduler loop: units wait in one FIFO and start in submission
 * order (so FIFO within each queue), at most `concurrency` run at once across queues; a unit answered synchronously
 * frees its slot at once and the loop goes on (no recursion). A unit's outcome: handled messages leave the process
 * queue and its committable offset goes to the offset store; failed ones are sent back (clustering) — or retried
 * locally after `sendBackFailedRetryDelayMs` when that fails — or given up (broadcasting). Units of a stopped queue
 * that have not started are skipped (their messages are redelivered to the next owner).
 */
export class ConcurrentDispatcher {
  private readonly waiting = new Fifo<Unit>();
  /** Running units, each released (and its in-flight count given back) by unsubscribing it. */
  private readonly running = new Set<Subscription>();
  private readonly lifetime = new Lifetime();
  private accepting = true;
  private pumping = false;

  constructor(private readonly ctx: DispatchContext) {}

  /** Queues newly cached messages of a queue for handling. */
  submit(session: QueueSession, messages: readonly ReceivedMessage[]): void {
    if (!this.accepting) return;
    const size = this.ctx.unitSize;
    if (size === 1) for (const m of messages) this.waiting.push({ session, messages: [m] });
    else for (const messagesOfUnit of chunk(messages, size)) this.waiting.push({ session, messages: messagesOfUnit });
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
    for (const run of [...this.running]) run.unsubscribe();
    this.lifetime.dispose();
  }

  /** Starts waiting units while there are free slots; re-entrant calls (a unit ending inside a start) return. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.running.size < this.ctx.concurrency && this.waiting.size > 0) this.start(this.waiting.shift()!);
    } finally {
      this.pumping = false;
    }
  }

  private start(unit: Unit): void {
    const { session } = unit;
    if (!this.accepting || session.stopped) return;
    const delivered = unit.messages.map((m) => this.ctx.deliver(session, m));
    const startedAt = this.ctx.scheduler.now();
    const handler: { source?: Subscription } = {};
    // Ending a unit releases its handler first (e.g. the consume timer), then its slot.
    const run = new Subscription(() => {
      handler.source?.unsubscribe();
      this.running.delete(run);
      session.addInFlight(-delivered.length);
      this.pump();
    });
    this.running.add(run);
    session.addInFlight(delivered.length);
    let answered = false;
    const settle = (succeeded: number): void => {
      if (answered) return;
      answered = true;
      this.ctx.counters.consumeTimeMs += this.ctx.scheduler.now() - startedAt;
      this.settleUnit(run, session, delivered, succeeded);
    };
    const source = this.ctx.consume(delivered).subscribe({
      next: settle,
      error: (error: unknown) => {
        this.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: delivered.map((m) => m.msgId), error });
        settle(0);
      },
      complete: () => {
        if (!answered) run.unsubscribe();
      },
    });
    if (run.closed) source.unsubscribe();
    else handler.source = source;
  }

  /** Settles a unit's outcome; the unit ends (its slot is freed) once that is done. */
  private settleUnit(run: Subscription, session: QueueSession, delivered: readonly ReceivedMessage[], succeeded: number): void {
    const failed = (error: unknown): void => {
      this.ctx.report({ type: 'dispatch-failed', queue: session.queue, error });
      run.unsubscribe();
    };
    let outcome$: Observable<unknown> | undefined;
    try {
      outcome$ = this.settle$(session, delivered, succeeded);
    } catch (error) {
      failed(error);
      return;
    }
    if (outcome$ === undefined) run.unsubscribe();
    else run.add(outcome$.subscribe({ error: failed, complete: () => run.unsubscribe() }));
  }

  /** Commits what succeeded; for failures, an Observable of their handling (undefined when nothing failed). */
  private settle$(session: QueueSession, delivered: readonly ReceivedMessage[], succeeded: number): Observable<unknown> | undefined {
    const done = delivered.slice(0, succeeded);
    const failed = delivered.slice(succeeded);
    this.ctx.counters.consumedOk += done.length;
    this.ctx.counters.consumedFailed += failed.length;
    if (failed.length === 0) {
      this.commit(session, done);
      return undefined;
    }
    if (succeeded > 0) this.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: failed.map((m) => m.msgId), error: undefined });
    return from(failed).pipe(
      concatMap((m) => this.fail$(session, m).pipe(map((handled) => ({ m, handled })))),
      toArray(),
      map((results) => {
        this.commit(session, [...done, ...results.filter((r) => r.handled).map((r) => r.m)]);
        this.retryLocally(session, results.filter((r) => !r.handled).map((r) => r.m));
      }),
    );
  }

  /** Emits whether the failed message left this process (sent back, dead-lettered or dropped). */
  private fail$(session: QueueSession, message: ReceivedMessage): Observable<boolean> {
    const decision = decideOnFailure(message.reconsumeTimes, this.ctx.policy);
    if (decision.action === 'drop') {
      this.ctx.report({ type: 'message-dropped', queue: session.queue, msgId: message.msgId, reason: decision.reason });
      return of(true);
    }
    if (decision.action !== 'send-back') return of(false);
    const input = { message, reconsumeTimes: message.reconsumeTimes, delayLevel: decision.delayLevel };
    return sendBack$(this.ctx.failure, input).pipe(
      map((ok) => {
        if (ok) this.noteSentBack(session, message, decision.deadLetter);
        return ok;
      }),
    );
  }

  private noteSentBack(session: QueueSession, message: ReceivedMessage, deadLetter: boolean): void {
    const { queue } = session;
    if (deadLetter) {
      this.ctx.counters.deadLettered++;
      this.ctx.report({ type: 'dead-letter', queue, msgId: message.msgId, reconsumeTimes: message.reconsumeTimes });
      return;
    }
    this.ctx.counters.sentBack++;
    this.ctx.report({ type: 'retry', queue, msgId: message.msgId, reconsumeTimes: message.reconsumeTimes + 1, via: 'send-back' });
  }

  private commit(session: QueueSession, handled: readonly ReceivedMessage[]): void {
    if (handled.length === 0) return;
    const offset = session.remove(handled);
    if (!session.pq.dropped && offset >= 0) this.ctx.offsets.update(session.queue, offset, true);
  }

  private retryLocally(session: QueueSession, messages: readonly ReceivedMessage[]): void {
    if (messages.length === 0) return;
    const delayMs = this.ctx.policy.sendBackFailedRetryDelayMs;
    for (const m of messages) {
      const reconsumeTimes = session.recordLocalFailure(m);
      this.ctx.counters.localRetries++;
      this.ctx.report({ type: 'retry', queue: session.queue, msgId: m.msgId, reconsumeTimes, via: 'local', delayMs });
    }
    this.lifetime.track(
      timer(delayMs, this.ctx.scheduler).subscribe(() => {
        if (!session.stopped) this.submit(session, messages);
      }),
    );
  }
}
