import { Observable, type SchedulerLike, take, type Unsubscribable } from 'rxjs';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { BrokerPort, PulledMessage, PullResponse } from '../../ports/broker-port.js';
import type { ResolvedConsumerOptions } from '../../options/option-types.js';
import { isBrokerResponseError } from '../../ports/errors.js';
import { filtersByTag, matchesTag } from '../subscription.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import { type DemandGate, PullDemand, pullSize } from './flow-control.js';
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

/** What a pull's answer leads to: pull again after this many ms (0: at once), or stop (the queue is being released). */
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
 * the pull is retried after `pullDelayOnErrorMs` (`pullDelayOnBrokerFlowControlMs` for the broker's FLOW_CONTROL).
 * Unsubscribing aborts the pull in flight. Inside, the loop is plain callbacks (no Observable per pull).
 */
export function pullLoop$(ctx: PullLoopContext, session: QueueSession): Observable<never> {
  return new Observable<never>(() => {
    const loop = new PullLoop(ctx, session);
    loop.step();
    return () => loop.dispose();
  });
}

class PullLoop {
  private readonly gate: DemandGate;
  private readonly errorDelay: number;
  private readonly demand: PullDemand;
  private disposed = false;
  /** What the loop waits on now (a timer, a lock), released on dispose. */
  private waiting: Unsubscribable | undefined;
  /** The controller of the pull in flight. */
  private inFlight: AbortController | undefined;
  private readonly onPulled = (response: PullResponse): void => this.pulled(response);
  private readonly onPullFailed = (error: unknown): void => this.pullFailed(error);
  private readonly onDemand = (): void => this.afterDemand();
  private readonly again = (): void => this.step();
  /** The offset the pull in flight asked for, and when it went out. */
  private requested = 0;
  private startedAt = 0;

  constructor(
    private readonly ctx: PullLoopContext,
    private readonly session: QueueSession,
  ) {
    this.gate = ctx.gate(session);
    this.errorDelay = Math.max(1, ctx.options.pullDelayOnErrorMs);
    this.demand = new PullDemand(session, this.gate);
  }

  /** One round: wait for demand, then (orderly) the lock, then pull. */
  step(): void {
    this.waiting = undefined;
    if (this.disposed || this.session.stopped) return;
    this.demand.whenReady(this.onDemand);
  }

  dispose(): void {
    this.disposed = true;
    this.demand.cancel();
    this.waiting?.unsubscribe();
    this.waiting = undefined;
    const controller = this.inFlight;
    this.inFlight = undefined;
    controller?.abort(new ConsumerError('pull-abandoned', 'the pull was abandoned by the consumer'));
  }

  private afterDemand(): void {
    if (this.disposed) return;
    const { beforePull } = this.ctx;
    if (beforePull === undefined) return this.pull();
    let answered = false;
    // Only the first answer counts; take(1) also lets go of a gate that would keep emitting.
    const sub = beforePull(this.session).pipe(take(1)).subscribe({
      next: (ready) => {
        if (answered) return;
        answered = true;
        this.waiting = undefined;
        if (ready) this.pull();
        else this.after(this.errorDelay);
      },
      error: (error: unknown) => {
        answered = true;
        this.waiting = undefined;
        this.failed(error);
      },
      complete: () => {
        if (answered) return;
        answered = true;
        this.waiting = undefined;
        this.after(this.errorDelay); // no answer: as "not locked"
      },
    });
    if (!answered) this.waiting = sub;
  }

  private pull(): void {
    const { ctx, session } = this;
    try {
      const { queue } = session;
      const target = ctx.brokerAddr(queue, session.brokerId);
      if (!target) throw new ConsumerError('broker-not-found', `no address known for broker ${queue.brokerName}`, { queue });
      const request = buildPullRequest({
        group: ctx.group,
        queue,
        offset: session.nextOffset,
        maxMsgNums: pullSize(session.pq, this.gate.thresholds),
        commitOffset: ctx.options.messageModel === 'CLUSTERING' ? ctx.offsets.readMemory(queue) : undefined,
        fromSlave: target.brokerId !== 0,
        subscription: session.subscription,
        postSubscription: ctx.postSubscription,
        suspendTimeoutMillis: ctx.options.brokerSuspendMaxTimeMs,
      });
      session.pq.markPulled();
      ctx.counters.pulls++;
      const controller = session.pullControllers.take();
      this.requested = request.queueOffset;
      this.startedAt = ctx.scheduler.now();
      const pending = ctx.port().pull(target.addr, request, { timeoutMs: ctx.options.pullTimeoutMs, signal: controller.signal });
      this.inFlight = controller;
      pending.then(this.onPulled, this.onPullFailed);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Gives the pull's controller back (unless it fired); false when the loop was disposed meanwhile. */
  private settled(): boolean {
    const controller = this.inFlight;
    this.inFlight = undefined;
    if (controller === undefined) return false;
    this.session.pullControllers.give(controller);
    return !this.disposed;
  }

  private pulled(response: PullResponse): void {
    if (!this.settled()) return;
    let next: Next;
    try {
      this.ctx.counters.pullTimeMs += this.ctx.scheduler.now() - this.startedAt;
      next = onResponse(this.ctx, this.session, response, this.requested, (delayMs, then) => this.later(delayMs, then));
    } catch (error) {
      return this.failed(error);
    }
    this.next(next);
  }

  private pullFailed(error: unknown): void {
    if (this.settled()) this.failed(error);
  }

  /** Reports a failed round and tries again after the error delay (the broker's FLOW_CONTROL: its own delay). */
  private failed(error: unknown): void {
    if (this.disposed) return;
    const { ctx } = this;
    const retryInMs = isBrokerFlowControl(error) ? Math.max(1, ctx.options.pullDelayOnBrokerFlowControlMs) : this.errorDelay;
    ctx.counters.pullErrors++;
    ctx.report({ type: 'pull-error', queue: this.session.queue, error, retryInMs });
    this.after(retryInMs);
  }

  private next(next: Next): void {
    if (next === 'stop') return;
    if (next > 0) this.after(next);
    else this.step();
  }

  private after(delayMs: number): void {
    this.later(delayMs, this.again);
  }

  private later(delayMs: number, then: () => void): void {
    if (this.disposed) return;
    this.waiting = this.ctx.scheduler.schedule(then, delayMs);
  }
}

/** Java `PullCallback.onSuccess`: what each status does to the next offset and when the next pull goes out. */
function onResponse(ctx: PullLoopContext, session: QueueSession, response: PullResponse, requested: number, later: Later): Next {
  if (session.stopped) return 'stop';
  session.brokerId = response.suggestWhichBrokerId;
  switch (response.status) {
    case 'FOUND':
      return onFound(ctx, session, response);
    case 'NO_NEW_MSG':
    case 'NO_MATCHED_MSG':
      session.nextOffset = response.nextBeginOffset;
      if (session.pq.count === 0) ctx.offsets.update(session.queue, response.nextBeginOffset, true);
      return 0;
    case 'OFFSET_ILLEGAL':
      return onOffsetIllegal(ctx, session, response, requested, later);
  }
}

/** Runs `then` after `delayMs` (released with the loop). */
type Later = (delayMs: number, then: () => void) => void;

function onFound(ctx: PullLoopContext, session: QueueSession, response: PullResponse): Next {
  session.nextOffset = response.nextBeginOffset;
  const sub = session.subscription;
  const filter = sub !== undefined && filtersByTag(sub);
  const pulled = response.messages;
  const messages: ReceivedMessage[] = [];
  // The broker filtered by tag hash already, so nearly every message is kept: it is built once and its tag read then.
  for (let i = 0; i < pulled.length; i++) {
    const message = ctx.toMessage(pulled[i]!, session);
    if (!filter || matchesTag(sub, message.tags)) messages.push(message);
  }
  if (messages.length === 0) return 0;
  ctx.counters.pulledMessages += messages.length;
  session.put(messages);
  ctx.counters.peakQueueCount = Math.max(ctx.counters.peakQueueCount, session.pq.count);
  ctx.counters.peakQueueBytes = Math.max(ctx.counters.peakQueueBytes, session.pq.bytes);
  ctx.dispatch(session, messages);
  return ctx.options.pullIntervalMs;
}

function onOffsetIllegal(ctx: PullLoopContext, session: QueueSession, response: PullResponse, requested: number, later: Later): Next {
  const next = response.nextBeginOffset;
  ctx.report({ type: 'offset-moved', queue: session.queue, requestedOffset: requested, nextOffset: next });
  session.nextOffset = next;
  session.stop(true);
  later(OFFSET_MOVED_DELAY_MS, () => {
    ctx.offsets.update(session.queue, next, false);
    ctx.onOffsetMoved(session);
  });
  return 'stop';
}
