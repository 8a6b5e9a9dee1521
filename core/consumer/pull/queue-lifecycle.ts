import type { SchedulerLike, Subscription } from 'rxjs';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';
import type { QueueLifecycle, ReleaseMode } from '../push/queue-table.js';
import { QueueSession } from '../push/queue-session.js';
import type { ReportPullEvent } from './events.js';
import { type FetchContext, fetchLoop$ } from './fetch-loop.js';
import type { OffsetBook } from './offset-book.js';
import type { Batch, ReadyBatches } from './ready-batches.js';

/** A pulled batch of one queue session, waiting for a poller. */
export interface PulledBatch extends Batch {
  readonly session: QueueSession;
  readonly messages: readonly ReceivedMessage[];
}

/** What taking and giving up queues needs. */
export interface PullQueueContext {
  readonly scheduler: SchedulerLike;
  readonly subscriptionOf: (topic: string) => SubscriptionData;
  readonly book: OffsetBook;
  readonly ready: ReadyBatches<PulledBatch>;
  readonly fetch: FetchContext;
  /** Commit the checkpoint of a queue given up (auto-commit on). */
  readonly autoCommit: boolean;
  readonly report: ReportPullEvent;
}

/**
 * Taking a queue: a session whose fetch loop finds the start offset on its first turn (or starts at a sought
 * offset). Giving it up: stop its pulls, drop what it buffered (redelivered to whoever takes it next), and — when the
 * queue is lost rather than restarted at a new offset — commit its checkpoint (auto-commit) and forget its offsets,
 * like Java `RebalanceLitePullImpl.removeUnnecessaryMessageQueue`.
 */
export class PullQueueLifecycle implements QueueLifecycle {
  constructor(private readonly ctx: PullQueueContext) {}

  take(queue: MessageQueue, offset?: number): Promise<QueueSession> {
    const { ctx } = this;
    const session = new QueueSession(queue, () => ctx.subscriptionOf(queue.topic), offset ?? -1, () => ctx.scheduler.now());
    if (offset !== undefined) ctx.book.setPolled(queue, offset);
    return Promise.resolve(session);
  }

  run(session: QueueSession): Subscription {
    return fetchLoop$(this.ctx.fetch, session).subscribe();
  }

  async release(session: QueueSession, loop: Subscription, mode: ReleaseMode): Promise<void> {
    const { ctx } = this;
    session.stop(true);
    loop.unsubscribe();
    const abandoned = session.pq.count;
    ctx.ready.dropStale();
    session.pq.clear();
    if (!mode.forget) return;
    const outcome = ctx.autoCommit ? await ctx.book.commitCheckpoints([session.queue]) : undefined;
    ctx.book.forget(session.queue);
    ctx.report({ type: 'queue-released', queue: session.queue, committedOffset: outcome?.written[0]?.offset, abandoned });
  }
}

/** A batch of `session`, stale once the session stops (queue released or sought). */
export function batchOf(session: QueueSession, messages: readonly ReceivedMessage[]): PulledBatch {
  return { session, messages, stale: () => session.stopped };
}
