import { catchError, concatMap, defer, EMPTY, expand, filter, finalize, from, map, mergeMap, type Observable, of, Subject, timer, toArray } from 'rxjs';
import { Lifetime } from '../../client/lifetime.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import { decideOnFailure } from '../retry-policy.js';
import type { DispatchContext } from './dispatch-concurrent.js';
import { observableOf } from './consume-call.js';
import { sendBack$ } from './failure.js';
import type { ConsumeFn } from './handlers.js';
import type { QueueSession } from './queue-session.js';

/** What the orderly dispatcher needs besides a concurrent one's context (`consumeTimeoutMs` is not used here). */
export interface OrderlyDispatchContext extends DispatchContext {
  /** Clustering: a queue is consumed only while its broker lock is held and not expired. */
  readonly needsLock: boolean;
  readonly lockExpiryMs: number;
  /** A queue's turn ends after this long, to let other queues have the slots (Java `maxTimeConsumeContinuously`). */
  readonly maxTimeConsumeContinuouslyMs: number;
  /** How long to wait before looking again at a queue whose lock is not held. */
  readonly relockDelayMs: number;
}

interface KeyState {
  /** The newest session of the queue (a queue taken again gets a new session). */
  session: QueueSession;
  running: boolean;
  queued: boolean;
  /** After a failure: no turn before the suspension ends. */
  suspended: boolean;
  /** The lock was not held at the last turn: no new turn until a lock is gained or the relock delay passed. */
  awaitingLock: boolean;
}

/**
 * Java `ConsumeMessageOrderlyService`: at most one unit of a queue is handled at a time — keyed by the queue, not by
 * the session, so a queue released and taken again is still handled one unit at a time — and at most `concurrency`
 * queues are handled at once. A failed unit is put back and the queue is suspended for `suspendCurrentQueueTimeMs`
 * before the same messages are delivered again, in order, with their reconsume count raised; past
 * `maxReconsumeTimes` a message goes to `%DLQ%<group>` (CONSUMER_SEND_MSG_BACK with delay level −1) and the queue
 * moves on. There is no consume timeout in orderly mode: abandoning a running handler would let two messages of one
 * queue run at once.
 */
export class OrderlyDispatcher {
  private readonly turns = new Subject<string>();
  private readonly keys = new Map<string, KeyState>();
  private readonly lifetime = new Lifetime();
  private accepting = true;
  /** The handler as an Observable per unit (no consume timeout in orderly mode). */
  private readonly consume$: ConsumeFn;

  constructor(private readonly ctx: OrderlyDispatchContext) {
    this.consume$ = observableOf(ctx.consume);
    this.lifetime.track(this.turns.pipe(mergeMap((key) => this.turn$(key), ctx.concurrency)).subscribe());
  }

  /**
   * Newly cached messages (or a new lock) of a queue: gives the queue a turn unless it is running, queued or
   * suspended after a failure.
   */
  submit(session: QueueSession, _messages: readonly ReceivedMessage[] = []): void {
    if (!this.accepting) return;
    let state = this.keys.get(session.key);
    if (!state) {
      state = { session, running: false, queued: false, suspended: false, awaitingLock: false };
      this.keys.set(session.key, state);
    }
    state.session = session;
    state.awaitingLock = false;
    if (state.running || state.queued || state.suspended) return;
    state.queued = true;
    this.turns.next(session.key);
  }

  /** Starts no more units; a unit running finishes. */
  stop(): void {
    this.accepting = false;
  }

  close(): void {
    this.accepting = false;
    this.lifetime.dispose();
  }

  private turn$(key: string): Observable<unknown> {
    return defer(() => {
      const state = this.keys.get(key)!;
      state.queued = false;
      const session = state.session;
      if (!this.accepting || session.stopped) return EMPTY;
      state.running = true;
      const startedAt = this.ctx.scheduler.now();
      // Concurrency 1: the next unit starts only once the previous one has completed and been torn down, so even
      // a handler's own finalizers have run before the next message of the queue is delivered.
      return of(undefined).pipe(
        expand(() => this.step$(state, session, startedAt), 1),
        finalize(() => this.afterTurn(key, state)),
      );
    });
  }

  private afterTurn(key: string, state: KeyState): void {
    state.running = false;
    const next = state.session;
    if (next.stopped && !state.suspended) {
      this.keys.delete(key);
      return;
    }
    if (!state.suspended && !state.awaitingLock && next.pq.hasCached) this.submit(next);
  }

  /** One unit; emits to go on with the next one, completes empty to end the turn. */
  private step$(state: KeyState, session: QueueSession, startedAt: number): Observable<void> {
    return defer(() => {
      if (!this.accepting || session.stopped || state.session !== session) return EMPTY;
      if (this.ctx.needsLock && !this.lockHeld(session)) {
        state.awaitingLock = true;
        this.later(session, this.ctx.relockDelayMs, false);
        return EMPTY;
      }
      if (this.ctx.scheduler.now() - startedAt > this.ctx.maxTimeConsumeContinuouslyMs) return EMPTY;
      const taken = session.pq.takeMessages(this.ctx.unitSize);
      if (taken.length === 0) return EMPTY;
      const delivered = taken.map((m) => this.ctx.deliver(session, m));
      session.addInFlight(delivered.length);
      return this.consume$(delivered).pipe(
        catchError((error: unknown) => {
          this.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: delivered.map((m) => m.msgId), error });
          return of(0);
        }),
        concatMap((succeeded) => this.settle$(state, session, delivered, succeeded)),
        catchError((error: unknown) => {
          this.ctx.report({ type: 'dispatch-failed', queue: session.queue, error });
          return of(false);
        }),
        finalize(() => session.addInFlight(-delivered.length)),
        filter((goOn) => goOn),
        map(() => undefined),
      );
    });
  }

  private lockHeld(session: QueueSession): boolean {
    return session.pq.locked && !session.pq.isLockExpired(this.ctx.lockExpiryMs);
  }

  /** Emits whether the turn goes on. */
  private settle$(state: KeyState, session: QueueSession, delivered: readonly ReceivedMessage[], succeeded: number): Observable<boolean> {
    const failed = delivered.slice(succeeded);
    this.ctx.counters.consumedOk += succeeded;
    this.ctx.counters.consumedFailed += failed.length;
    if (failed.length === 0) {
      this.commit(session, delivered);
      return of(true);
    }
    if (succeeded > 0) this.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: failed.map((m) => m.msgId), error: undefined });
    return from(failed).pipe(
      concatMap((m) => this.giveUp$(session, m).pipe(map((gone) => ({ m, gone })))),
      toArray(),
      map((results) => {
        const again = results.filter((r) => !r.gone).map((r) => r.m);
        session.pq.makeMessagesToConsumeAgain(again);
        this.noteLocalRetries(session, again);
        this.commit(session, delivered.filter((m) => !again.includes(m)));
        if (again.length === 0) return true;
        state.suspended = true;
        this.later(session, this.ctx.policy.suspendCurrentQueueTimeMs, true);
        return false;
      }),
    );
  }

  /** Emits whether a failed message leaves the queue: dead-lettered (clustering) or dropped (broadcasting) past the maximum. */
  private giveUp$(session: QueueSession, message: ReceivedMessage): Observable<boolean> {
    const decision = decideOnFailure(message.reconsumeTimes, this.ctx.policy);
    if (decision.action === 'drop') {
      this.ctx.report({ type: 'message-dropped', queue: session.queue, msgId: message.msgId, reason: decision.reason });
      return of(true);
    }
    if (decision.action !== 'dead-letter') return of(false);
    return sendBack$(this.ctx.failure, { message, reconsumeTimes: message.reconsumeTimes, delayLevel: -1 }).pipe(
      map((ok) => {
        if (ok) {
          this.ctx.counters.deadLettered++;
          this.ctx.report({ type: 'dead-letter', queue: session.queue, msgId: message.msgId, reconsumeTimes: message.reconsumeTimes });
        }
        return ok;
      }),
    );
  }

  private noteLocalRetries(session: QueueSession, messages: readonly ReceivedMessage[]): void {
    const delayMs = this.ctx.policy.suspendCurrentQueueTimeMs;
    for (const m of messages) {
      const reconsumeTimes = session.recordLocalFailure(m);
      this.ctx.counters.localRetries++;
      this.ctx.report({ type: 'retry', queue: session.queue, msgId: m.msgId, reconsumeTimes, via: 'local', delayMs });
    }
  }

  private commit(session: QueueSession, handled: readonly ReceivedMessage[]): void {
    const offset = session.commitConsumed(handled);
    if (!session.pq.dropped && offset >= 0) this.ctx.offsets.update(session.queue, offset, true);
  }

  /** Looks at the queue again after `delayMs` (ending a suspension when `resume`). */
  private later(session: QueueSession, delayMs: number, resume: boolean): void {
    this.lifetime.track(
      timer(delayMs, this.ctx.scheduler).subscribe(() => {
        const state = this.keys.get(session.key);
        if (!state) return;
        if (resume) state.suspended = false;
        if (state.session.stopped) {
          if (!state.running && !state.queued) this.keys.delete(session.key);
          return;
        }
        this.submit(state.session);
      }),
    );
  }
}
