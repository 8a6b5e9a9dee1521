import { combineLatest, filter, firstValueFrom, race, type SchedulerLike, type Subscription, timer } from 'rxjs';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReportConsumerEvent } from './events.js';
import { type InitialOffsetContext, initialOffset } from './initial-offset.js';
import type { LockKeeper } from './lock-keeper.js';
import type { OffsetStore } from './offset-store.js';
import { type PullLoopContext, pullLoop$ } from './pull-loop.js';
import type { QueueLifecycle, ReleaseMode } from './queue-table.js';
import { QueueSession } from './queue-session.js';
import type { SubscriptionTable } from './subscription-table.js';

/** What taking and giving up queues needs. */
export interface QueueLifecycleContext {
  readonly scheduler: SchedulerLike;
  readonly subscriptions: SubscriptionTable;
  readonly offsets: OffsetStore;
  readonly initial: InitialOffsetContext;
  /** Orderly clustering only. */
  readonly locks: LockKeeper | undefined;
  readonly pull: PullLoopContext;
  /** Bound of the wait for running handlers when a queue is released with `drain`. */
  readonly drainTimeoutMs: number;
  readonly report: ReportConsumerEvent;
}

/**
 * Waits until none of the sessions has a handler running, or `timeoutMs` passed; returns how many messages are
 * still being handled (abandoned).
 */
export async function drainSessions(sessions: readonly QueueSession[], timeoutMs: number, scheduler: SchedulerLike): Promise<number> {
  const inFlight = () => sessions.reduce((n, s) => n + s.inFlight.value, 0);
  if (inFlight() === 0) return 0;
  const idle$ = combineLatest(sessions.map((s) => s.inFlight.value$)).pipe(filter((counts) => counts.every((n) => n === 0)));
  await firstValueFrom(race(idle$, timer(timeoutMs, scheduler)), { defaultValue: undefined });
  return inFlight();
}

/**
 * Taking a queue (Java `RebalanceImpl.updateProcessQueueTableInRebalance`): lock it first when orderly (a queue not
 * locked is not taken this round), find its start offset, start its pull loop. Giving it up: stop pulling, wait for or
 * abandon its running handlers, persist its offset, forget it, unlock it.
 */
export class QueueLifecycleImpl implements QueueLifecycle {
  constructor(private readonly ctx: QueueLifecycleContext) {}

  async take(queue: MessageQueue, offset?: number): Promise<QueueSession | undefined> {
    const { ctx } = this;
    const subscriptionOf = () => ctx.subscriptions.get(queue.topic);
    const session = new QueueSession(queue, subscriptionOf, offset ?? -1, () => ctx.scheduler.now());
    if (ctx.locks && !(await firstValueFrom(ctx.locks.lock$(session)))) return undefined;
    try {
      const start = offset ?? (await initialOffset(ctx.initial, queue));
      if (offset !== undefined) {
        ctx.offsets.update(queue, offset, false);
        await ctx.offsets.persist([queue]);
      }
      session.nextOffset = start;
      ctx.report({ type: 'queue-added', queue, offset: start });
      return session;
    } catch (error) {
      ctx.report({ type: 'rebalance-failed', topic: queue.topic, reason: `no start offset for queue ${queue.brokerName}#${queue.queueId}`, error });
      if (ctx.locks) await ctx.locks.unlock([queue], true);
      return undefined;
    }
  }

  run(session: QueueSession): Subscription {
    return pullLoop$(this.ctx.pull, session).subscribe();
  }

  async release(session: QueueSession, loop: Subscription, mode: ReleaseMode): Promise<void> {
    const { ctx } = this;
    session.stop(false);
    loop.unsubscribe();
    const abandoned = mode.drain ? await drainSessions([session], ctx.drainTimeoutMs, ctx.scheduler) : session.inFlight.value;
    session.pq.markDropped();
    const committedOffset = ctx.offsets.readMemory(session.queue);
    await ctx.offsets.persist([session.queue]);
    if (mode.forget) ctx.offsets.remove(session.queue);
    if (mode.unlock && ctx.locks) await ctx.locks.unlock([session.queue], true);
    ctx.report({ type: 'queue-released', queue: session.queue, committedOffset, abandoned });
  }
}
