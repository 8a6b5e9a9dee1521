import { catchError, concatMap, defer, ignoreElements, map, NEVER, type Observable, of, repeat, type SchedulerLike, timer } from 'rxjs';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { BrokerPort, PulledMessage, PullResponse } from '../../ports/broker-port.js';
import type { ResolvedConsumerOptions } from '../../options/option-types.js';
import { isBrokerResponseError } from '../../ports/errors.js';
import { matchesTag } from '../subscription.js';
import { fromAbortable } from './abortable.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import { type DemandGate, pullSize, waitForDemand$ } from './flow-control.js';
import type { OffsetStore } from './offset-store.js';
import { buildPullRequest } from './pull-request.js';
import type { QueueSession } from './queue-session.js';
import type { ConsumerCounters } from './stats.js';

/** How long the Java client waits after PULL_OFFSET_MOVED before storing the corrected offset. */
export const OFFSET_MOVED_DELAY_MS = 10_000;

/** Where to pull a queue from: the address of the suggested broker id of the queue's broker, or the master's. */
export type BrokerAddrLookup = (queue: MessageQueue, brokerId: number) => { readonly addr: string; readonly brokerId: number } | undefined;

/** Everything a queue's pull loop depends on. */
export interface PullLoopContext {
  readonly group: string;
  readonly options: Pick<
    ResolvedConsumerOptions,
    | 'pullBatchSize'
    | 'brokerSuspendMaxTimeMs'
    | 'pullTimeoutMs'
    | 'pullDelayOnErrorMs'
    | 'pullDelayOnBrokerFlowControlMs'
    | 'pullIntervalMs'
    | 'messageModel'
  >;
  readonly scheduler: SchedulerLike;
  readonly port: () => Pick<BrokerPort, 'pull'>;
  readonly brokerAddr: BrokerAddrLookup;
  readonly offsets: OffsetStore;
  /** The queue's demand gate; asked once when its loop starts. */
  readonly gate: (session: QueueSession) => DemandGate;
  /** Builds the consumer's view of a pulled message. */
  readonly toMessage: (pulled: PulledMessage, session: QueueSession) => ReceivedMessage;
  /** Hands cached messages to the dispatcher. */
  readonly dispatch: (session: QueueSession, messages: readonly ReceivedMessage[]) => void;
  /** Orderly: emits whether the queue is locked (locking it if needed); a `false` delays the pull. */
  readonly beforePull?: (session: QueueSession) => Observable<boolean>;
  /** PULL_OFFSET_MOVED: called 10 s later with the corrected offset already in the store; restarts the queue. */
  readonly onOffsetMoved: (session: QueueSession) => void;
  readonly report: ReportConsumerEvent;
  readonly counters: ConsumerCounters;
  /** Java `postSubscriptionWhenPull`. */
  readonly postSubscription: boolean;
}

type Next = number | 'stop';

/** The broker's FLOW_CONTROL (215) answer to a pull: the Java client pulls again after 20 ms, not 3 s. */
const FLOW_CONTROL = 215;

function isBrokerFlowControl(error: unknown): boolean {
  return isBrokerResponseError(error) && error.code === FLOW_CONTROL;
}

/**
 * One queue's pull loop (Java `PullMessageService` + `PullCallback`), as a cold Observable that never completes:
 * wait for demand (not paused, process queue under its thresholds) → (orderly) make sure the queue is locked →
 * long-polling PULL_MESSAGE to the suggested broker → cache and dispatch what came → again. Errors are reported and
 * the pull is retried after `pullDelayOnErrorMs` (`pullDelayOnBrokerFlowControlMs` for the broker's FLOW_CONTROL). Unsubscribing aborts the pull in flight.
 */
export function pullLoop$(ctx: PullLoopContext, session: QueueSession): Observable<never> {
  const errorDelay = Math.max(1, ctx.options.pullDelayOnErrorMs);
  const gate = ctx.gate(session);
  const step$ = defer(() => {
    if (session.stopped) return NEVER;
    return waitForDemand$(session, gate).pipe(
      concatMap(() => (ctx.beforePull ? ctx.beforePull(session) : of(true))),
      concatMap((ready): Observable<Next> => (ready ? pullOnce$(ctx, session, gate) : of(errorDelay))),
      catchError((error: unknown) => {
        const retryInMs = isBrokerFlowControl(error) ? Math.max(1, ctx.options.pullDelayOnBrokerFlowControlMs) : errorDelay;
        ctx.counters.pullErrors++;
        ctx.report({ type: 'pull-error', queue: session.queue, error, retryInMs });
        return of<Next>(retryInMs);
      }),
      concatMap((next) => (next === 'stop' ? NEVER : next > 0 ? timer(next, ctx.scheduler) : of(0))),
    );
  });
  return step$.pipe(repeat(), ignoreElements());
}

function pullOnce$(ctx: PullLoopContext, session: QueueSession, gate: DemandGate): Observable<Next> {
  return defer(() => {
    const { queue } = session;
    const target = ctx.brokerAddr(queue, session.brokerId);
    if (!target) throw new ConsumerError('broker-not-found', `no address known for broker ${queue.brokerName}`, { queue });
    const request = buildPullRequest({
      group: ctx.group,
      queue,
      offset: session.nextOffset,
      maxMsgNums: pullSize(session.pq, gate.thresholds),
      commitOffset: ctx.options.messageModel === 'CLUSTERING' ? ctx.offsets.readMemory(queue) : undefined,
      fromSlave: target.brokerId !== 0,
      subscription: session.subscription,
      postSubscription: ctx.postSubscription,
      suspendTimeoutMillis: ctx.options.brokerSuspendMaxTimeMs,
    });
    session.pq.markPulled();
    ctx.counters.pulls++;
    const startedAt = ctx.scheduler.now();
    const pull = (signal: AbortSignal) => ctx.port().pull(target.addr, request, { timeoutMs: ctx.options.pullTimeoutMs, signal });
    return fromAbortable(pull, session.pullControllers).pipe(
      concatMap((response) => {
        ctx.counters.pullTimeMs += ctx.scheduler.now() - startedAt;
        return onResponse(ctx, session, response, request.queueOffset);
      }),
    );
  });
}

/** Java `PullCallback.onSuccess`: what each status does to the next offset and when the next pull goes out. */
function onResponse(ctx: PullLoopContext, session: QueueSession, response: PullResponse, requested: number): Observable<Next> {
  if (session.stopped) return of('stop');
  session.brokerId = response.suggestWhichBrokerId;
  switch (response.status) {
    case 'FOUND':
      return of(onFound(ctx, session, response));
    case 'NO_NEW_MSG':
    case 'NO_MATCHED_MSG':
      session.nextOffset = response.nextBeginOffset;
      if (session.pq.count === 0) ctx.offsets.update(session.queue, response.nextBeginOffset, true);
      return of(0);
    case 'OFFSET_ILLEGAL':
      return onOffsetIllegal(ctx, session, response, requested);
  }
}

function onFound(ctx: PullLoopContext, session: QueueSession, response: PullResponse): Next {
  session.nextOffset = response.nextBeginOffset;
  const sub = session.subscription;
  const wanted = response.messages.filter((m) => sub === undefined || matchesTag(sub, m.properties['TAGS']));
  if (wanted.length === 0) return 0;
  const messages = wanted.map((m) => ctx.toMessage(m, session));
  ctx.counters.pulledMessages += messages.length;
  session.put(messages);
  ctx.counters.peakQueueCount = Math.max(ctx.counters.peakQueueCount, session.pq.count);
  ctx.counters.peakQueueBytes = Math.max(ctx.counters.peakQueueBytes, session.pq.bytes);
  ctx.dispatch(session, messages);
  return ctx.options.pullIntervalMs;
}

function onOffsetIllegal(ctx: PullLoopContext, session: QueueSession, response: PullResponse, requested: number): Observable<Next> {
  const next = response.nextBeginOffset;
  ctx.report({ type: 'offset-moved', queue: session.queue, requestedOffset: requested, nextOffset: next });
  session.nextOffset = next;
  session.stop(true);
  return timer(OFFSET_MOVED_DELAY_MS, ctx.scheduler).pipe(
    map((): Next => {
      ctx.offsets.update(session.queue, next, false);
      ctx.onOffsetMoved(session);
      return 'stop';
    }),
  );
}
