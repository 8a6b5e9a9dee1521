import { concatMap, from, map, type Observable, of, toArray } from 'rxjs';
import type { ReceivedMessage } from '../../message/received-message.js';
import { decideOnFailure } from '../retry-policy.js';
import type { DispatchContext } from './dispatch-concurrent.js';
import { sendBack$ } from './failure.js';
import type { QueueSession } from './queue-session.js';

/** What settling a concurrent unit's failures needs of its dispatcher. */
export interface UnitFailureContext {
  readonly ctx: DispatchContext;
  /** Removes handled messages from their process queue and commits the queue's offset. */
  commit(session: QueueSession, handled: readonly ReceivedMessage[]): void;
  /** Hands messages to the dispatcher again after `delayMs` (unless their queue stopped meanwhile). */
  resubmitLater(session: QueueSession, messages: readonly ReceivedMessage[], delayMs: number): void;
}

/**
 * The failed part of a concurrent unit (every message from index `succeeded` on), as an Observable that completes
 * once it is settled: failed messages are sent back (clustering) — or retried locally after
 * `sendBackFailedRetryDelayMs` when that fails — or given up (broadcasting); the handled ones and those that left
 * this process are committed.
 */
export function settleFailures$(f: UnitFailureContext, session: QueueSession, delivered: readonly ReceivedMessage[], succeeded: number): Observable<unknown> {
  const done = delivered.slice(0, succeeded);
  const failed = delivered.slice(succeeded);
  if (succeeded > 0) f.ctx.report({ type: 'handler-failed', queue: session.queue, msgIds: failed.map((m) => m.msgId), error: undefined });
  return from(failed).pipe(
    concatMap((m) => fail$(f.ctx, session, m).pipe(map((handled) => ({ m, handled })))),
    toArray(),
    map((results) => {
      f.commit(session, [...done, ...results.filter((r) => r.handled).map((r) => r.m)]);
      retryLocally(f, session, results.filter((r) => !r.handled).map((r) => r.m));
    }),
  );
}

/** Emits whether the failed message left this process (sent back, dead-lettered or dropped). */
function fail$(ctx: DispatchContext, session: QueueSession, message: ReceivedMessage): Observable<boolean> {
  const decision = decideOnFailure(message.reconsumeTimes, ctx.policy);
  if (decision.action === 'drop') {
    ctx.report({ type: 'message-dropped', queue: session.queue, msgId: message.msgId, reason: decision.reason });
    return of(true);
  }
  if (decision.action !== 'send-back') return of(false);
  const input = { message, reconsumeTimes: message.reconsumeTimes, delayLevel: decision.delayLevel };
  return sendBack$(ctx.failure, input).pipe(
    map((ok) => {
      if (ok) noteSentBack(ctx, session, message, decision.deadLetter);
      return ok;
    }),
  );
}

function noteSentBack(ctx: DispatchContext, session: QueueSession, message: ReceivedMessage, deadLetter: boolean): void {
  const { queue } = session;
  if (deadLetter) {
    ctx.counters.deadLettered++;
    ctx.report({ type: 'dead-letter', queue, msgId: message.msgId, reconsumeTimes: message.reconsumeTimes });
    return;
  }
  ctx.counters.sentBack++;
  ctx.report({ type: 'retry', queue, msgId: message.msgId, reconsumeTimes: message.reconsumeTimes + 1, via: 'send-back' });
}

function retryLocally(f: UnitFailureContext, session: QueueSession, messages: readonly ReceivedMessage[]): void {
  if (messages.length === 0) return;
  const { ctx } = f;
  const delayMs = ctx.policy.sendBackFailedRetryDelayMs;
  for (const m of messages) {
    const reconsumeTimes = session.recordLocalFailure(m);
    ctx.counters.localRetries++;
    ctx.report({ type: 'retry', queue: session.queue, msgId: m.msgId, reconsumeTimes, via: 'local', delayMs });
  }
  f.resubmitLater(session, messages, delayMs);
}
