import { catchError, concatMap, defer, from, ignoreElements, map, NEVER, type Observable, of, repeat, type SchedulerLike, timer } from 'rxjs';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { BrokerPort, PulledMessage, PullResponse } from '../../ports/broker-port.js';
import { filtersByTag, matchesTag } from '../subscription.js';
import { fromAbortable } from '../push/abortable.js';
import { type DemandGate, waitForDemand$ } from '../push/flow-control.js';
import type { QueueSession } from '../push/queue-session.js';
import type { BrokerAddrLookup } from '../push/pull-loop.js';
import { PullConsumerError } from './errors.js';
import type { ReportPullEvent } from './events.js';
import { buildLitePullRequest } from './lite-pull-request.js';
import type { ResolvedPullConsumerOptions } from './options.js';

/** Everything a queue's fetch loop depends on. */
export interface FetchContext {
  /** The group as the broker knows it. */
  readonly group: string;
  readonly options: Pick<ResolvedPullConsumerOptions, 'brokerSuspendMaxTimeMs' | 'pullTimeoutMs' | 'pullDelayOnErrorMs'>;
  readonly scheduler: SchedulerLike;
  readonly port: () => Pick<BrokerPort, 'pull'>;
  readonly brokerAddr: BrokerAddrLookup;
  /** When the queue may pull: not paused, its buffer and the consumer's under their thresholds (asked once per loop). */
  readonly gate: (session: QueueSession) => DemandGate;
  /** How many messages the next pull may ask for (≥ 1). */
  readonly batchSize: (session: QueueSession) => number;
  /** The offset a queue taken without one starts from (committed offset, else by `consumeFromWhere`). */
  readonly startOffset: (session: QueueSession) => Promise<number>;
  /** The consumer's view of a pulled message. */
  readonly toMessage: (pulled: PulledMessage, session: QueueSession) => ReceivedMessage;
  /** Hands a pulled batch (already in the session's buffer) to the pollers. */
  readonly deliver: (session: QueueSession, messages: readonly ReceivedMessage[]) => void;
  /** The queue is read up to `offset` and nothing of it is buffered: what was polled now reaches `offset`. */
  readonly caughtUp: (session: QueueSession, offset: number) => void;
  readonly report: ReportPullEvent;
}

/**
 * One queue's background pulls (Java `DefaultLitePullConsumerImpl.PullTaskImpl`), as a cold Observable that never
 * completes: wait for demand → find the start offset the first time → long-polling lite pull → buffer what came →
 * again. Demand is real: while the queue is paused or a buffer is over its threshold nothing is pulled, and the gate
 * looks again when the pollers take messages, not on a timer. Failures are reported as `pull-error` and the pull is
 * tried again after `pullDelayOnErrorMs`. Unsubscribing aborts the pull in flight.
 */
export function fetchLoop$(ctx: FetchContext, session: QueueSession): Observable<never> {
  const errorDelay = Math.max(1, ctx.options.pullDelayOnErrorMs);
  const gate = ctx.gate(session);
  const step$ = defer(() => {
    if (session.stopped) return NEVER;
    return waitForDemand$(session, gate).pipe(
      concatMap(() => (session.nextOffset >= 0 ? of(session.nextOffset) : from(findStart(ctx, session)))),
      concatMap(() => pullOnce$(ctx, session)),
      catchError((error: unknown) => {
        ctx.report({ type: 'pull-error', queue: session.queue, error, retryInMs: errorDelay });
        return of(errorDelay);
      }),
      concatMap((delayMs) => (delayMs > 0 ? timer(delayMs, ctx.scheduler) : of(0))),
    );
  });
  return step$.pipe(repeat(), ignoreElements());
}

async function findStart(ctx: FetchContext, session: QueueSession): Promise<number> {
  const offset = await ctx.startOffset(session);
  if (!session.stopped) {
    session.nextOffset = offset;
    ctx.report({ type: 'queue-added', queue: session.queue, offset });
  }
  return offset;
}

function pullOnce$(ctx: FetchContext, session: QueueSession): Observable<number> {
  return defer(() => {
    const { queue } = session;
    const target = ctx.brokerAddr(queue, session.brokerId);
    if (!target) throw new PullConsumerError('broker-not-found', `no address known for broker ${queue.brokerName}`, { queue });
    const request = buildLitePullRequest({
      group: ctx.group,
      queue,
      offset: session.nextOffset,
      maxMsgNums: ctx.batchSize(session),
      subscription: session.subscription!,
      suspendTimeoutMillis: ctx.options.brokerSuspendMaxTimeMs,
    });
    session.pq.markPulled();
    const pull = (signal: AbortSignal) => ctx.port().pull(target.addr, request, { timeoutMs: ctx.options.pullTimeoutMs, signal });
    return fromAbortable(pull, session.pullControllers).pipe(
      map((response) => onResponse(ctx, session, response, request.queueOffset)),
    );
  });
}

/** What each status does to the next offset; returns the delay before the next pull. */
function onResponse(ctx: FetchContext, session: QueueSession, response: PullResponse, requested: number): number {
  if (session.stopped) return 0;
  session.brokerId = response.suggestWhichBrokerId;
  session.nextOffset = response.nextBeginOffset;
  switch (response.status) {
    case 'FOUND':
      onFound(ctx, session, response);
      return 0;
    case 'NO_NEW_MSG':
    case 'NO_MATCHED_MSG':
      if (session.pq.count === 0) ctx.caughtUp(session, response.nextBeginOffset);
      return 0;
    case 'OFFSET_ILLEGAL':
      ctx.report({ type: 'offset-moved', queue: session.queue, requestedOffset: requested, nextOffset: response.nextBeginOffset });
      // A broker that keeps answering the same offset would otherwise be asked again at once, forever.
      return response.nextBeginOffset === requested ? Math.max(1, ctx.options.pullDelayOnErrorMs) : 0;
  }
}

function onFound(ctx: FetchContext, session: QueueSession, response: PullResponse): void {
  const sub = session.subscription;
  const filter = sub !== undefined && filtersByTag(sub);
  // The broker filtered by tag hash already, so nearly every message is kept: it is built once and its tag read then.
  const pulled = response.messages.map((m) => ctx.toMessage(m, session));
  const messages = filter ? pulled.filter((m) => matchesTag(sub, m.tags)) : pulled;
  if (messages.length === 0) {
    if (session.pq.count === 0) ctx.caughtUp(session, response.nextBeginOffset);
    return;
  }
  session.put(messages);
  ctx.deliver(session, messages);
}
