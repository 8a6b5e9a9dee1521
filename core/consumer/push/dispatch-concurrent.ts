import { catchError, concatMap, defer, EMPTY, finalize, from, map, mergeMap, type Observable, of, type SchedulerLike, Subject, timer, toArray } from 'rxjs';
import { Lifetime } from '../../client/lifetime.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import { decideOnFailure, type RetryPolicy } from '../retry-policy.js';
import type { ReportConsumerEvent } from './events.js';
import { type FailureContext, sendBack$ } from './failure.js';
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
 * Java `ConsumeMessageConcurrentlyService` as one `mergeMap` with a concurrency bound: units start in submission
 * order (so FIFO within each queue), at most `concurrency` run at once across queues. A unit's outcome: handled
 * messages leave the process queue and its committable offset goes to the offset store; failed ones are sent back
 * (clustering) — or retried locally after `sendBackFailedRetryDelayMs` when that fails — or given up (broadcasting).
 * Units of a stopped queue that have not started are skipped (their messages are redelivered to the next owner).
 */
export class ConcurrentDispatcher {
  private readonly units = new Subject<Unit>();
  private readonly lifetime = new Lifetime();
  private accepting = true;

  constructor(private readonly ctx: DispatchContext) {
    this.lifetime.track(this.units.pipe(mergeMap((unit) => this.run$(unit), ctx.concurrency)).subscribe());
  }

  /** Queues newly cached messages of a queue for handling. */
  submit(session: QueueSession, messages: readonly ReceivedMessage[]): void {
    if (!this.accepting) return;
    for (const messagesOfUnit of chunk(messages, this.ctx.unitSize)) this.units.next({ session, messages: messagesOfUnit });
  }

  /** Starts no more units (nor local retries that come due); units already running finish. */
  stop(): void {
    this.accepting = false;
  }

  /** Abandons everything (after the drain). */
  close(): void {
    this.accepting = false;
    this.lifetime.dispose();
  }

  private run$(unit: Unit): Observable<unknown> {
    return defer(() => {
      const { session } = unit;
      if (!this.accepting || session.stopped) return EMPTY;
      const delivered = unit.messages.map((m) => this.ctx.deliver(session, m));
      const startedAt = this.ctx.scheduler.now();
      session.addInFlight(delivered.length);
      return this.ctx.consume(delivered).pipe(
        catchError((error: unknown) => {
          this.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: delivered.map((m) => m.msgId), error });
          return of(0);
        }),
        concatMap((succeeded) => {
          this.ctx.counters.consumeTimeMs += this.ctx.scheduler.now() - startedAt;
          return this.settle$(session, delivered, succeeded);
        }),
        catchError((error: unknown) => {
          this.ctx.report({ type: 'dispatch-failed', queue: session.queue, error });
          return EMPTY;
        }),
        finalize(() => session.addInFlight(-delivered.length)),
      );
    });
  }

  private settle$(session: QueueSession, delivered: readonly ReceivedMessage[], succeeded: number): Observable<unknown> {
    const done = delivered.slice(0, succeeded);
    const failed = delivered.slice(succeeded);
    this.ctx.counters.consumedOk += done.length;
    this.ctx.counters.consumedFailed += failed.length;
    if (failed.length === 0) {
      this.commit(session, done);
      return EMPTY;
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
