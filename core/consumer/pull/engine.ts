import { exhaustMap, from, map, merge, type Observable, type SchedulerLike, Subject, timer } from 'rxjs';
import type { ClientInstance } from '../../client/client-instance.js';
import { Lifetime } from '../../client/lifetime.js';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import { type PayloadDecoding, type ReceivedMessage, toReceivedMessage } from '../../message/received-message.js';
import type { ConsumerData } from '../../ports/heartbeat.js';
import { stripNamespace } from '../push/message-copy.js';
import type { FlowThresholds } from '../push/flow-control.js';
import { pullSize } from '../push/flow-control.js';
import { initialOffset } from '../push/initial-offset.js';
import type { PauseSet } from '../push/pause-set.js';
import type { QueueSession } from '../push/queue-session.js';
import { QueueTable } from '../push/queue-table.js';
import { rebalanceLoop$, rebalanceTriggers$ } from '../push/rebalance.js';
import { brokerAddrLookup, consumerIdsOf } from '../push/routing.js';
import { PullConsumerError } from './errors.js';
import type { ReportPullEvent } from './events.js';
import type { FetchContext } from './fetch-loop.js';
import { OffsetBook } from './offset-book.js';
import type { ResolvedPullConsumerOptions } from './options.js';
import { batchOf, type PulledBatch, PullQueueLifecycle } from './queue-lifecycle.js';
import { ReadyBatches } from './ready-batches.js';
import { type Subscriptions, userQueue } from './subscriptions.js';

/** Everything the running parts of a pull consumer are built from. */
export interface EngineDeps {
  readonly options: ResolvedPullConsumerOptions;
  /** The group as the broker knows it (namespaced). */
  readonly group: string;
  readonly instance: ClientInstance;
  readonly scheduler: SchedulerLike;
  readonly subscriptions: Subscriptions;
  readonly pauses: PauseSet;
  readonly decoding: PayloadDecoding;
  readonly report: ReportPullEvent;
}

/** A queue is lost to a rebalance: commit its checkpoint (auto-commit) and forget its offsets. */
const LOSS_MODE = { drain: false, forget: true, unlock: false } as const;

/**
 * The running parts of a pull consumer, wired together: the queue table (push consumer's, with pull queue
 * lifecycles), one fetch loop per owned queue, the batches waiting for pollers, the offset book, the rebalance loop
 * (subscribe mode) and the auto-commit timer. Queues are as the broker knows them (namespaced topics).
 */
export class PullEngine {
  readonly book: OffsetBook;
  readonly ready = new ReadyBatches<PulledBatch>();
  readonly table: QueueTable;
  private readonly timers = new Lifetime();
  private readonly notify = new Subject<void>();
  private readonly changed = new Subject<void>();
  private rebalancing = false;
  private started = false;
  private committing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EngineDeps) {
    const { instance, options: o } = deps;
    this.book = new OffsetBook({
      group: deps.group,
      port: () => instance.port,
      masterAddr: (b) => instance.routes.masterAddr(b),
      addrOf: (q) => this.addrOf(q),
      requestTimeoutMs: o.requestTimeoutMs,
      report: deps.report,
    });
    const lifecycle = new PullQueueLifecycle({
      scheduler: deps.scheduler,
      subscriptionOf: (topic) => deps.subscriptions.subscriptionOf(topic),
      book: this.book,
      ready: this.ready,
      fetch: this.fetchContext(),
      autoCommit: o.autoCommit,
      report: deps.report,
    });
    this.table = new QueueTable(lifecycle, LOSS_MODE, deps.report);
  }

  /** The heartbeat entry: a CONSUME_ACTIVELY clustering consumer with its subscriptions (none when assigning). */
  consumerData(): ConsumerData {
    return {
      groupName: this.deps.group,
      consumeType: 'CONSUME_ACTIVELY',
      messageModel: 'CLUSTERING',
      consumeFromWhere: this.deps.options.consumeFromWhere,
      subscriptionDataSet: this.deps.subscriptions.all(),
      unitMode: false,
    };
  }

  /** Whether `start()` ran (subscription changes are applied at once from then on). */
  get isStarted(): boolean {
    return this.started;
  }

  /** Timers, loops and owned queues still alive (0 once stopped). */
  get liveResources(): number {
    return this.timers.live + this.table.sessions().length;
  }

  /** Starts following the subscriptions (rebalance or assignment) and the auto-commit timer; resolves once assigned queues are taken. */
  start(): Promise<void> {
    const { options: o, scheduler } = this.deps;
    this.started = true;
    const following = this.follow();
    if (o.autoCommit) {
      const tick$ = timer(o.autoCommitIntervalMs, o.autoCommitIntervalMs, scheduler);
      this.timers.track(tick$.pipe(exhaustMap(() => from(this.track(this.book.commitCheckpoints(this.table.queues()))))).subscribe());
    }
    return following;
  }

  /** After subscribe / unsubscribe / assign (routes known, heartbeat sent): applies the change; resolves once assigned queues are taken. */
  subscriptionsChanged(): Promise<void> {
    if (!this.started) return Promise.resolve();
    const following = this.follow();
    this.changed.next();
    return following;
  }

  /** NOTIFY_CONSUMER_IDS_CHANGED: rebalance now (subscribe mode). */
  rebalanceNow(): void {
    this.notify.next();
  }

  /** The next batch for a poller, handed out (offsets moved); completes empty when the consumer stops. */
  take$(): Observable<ReceivedMessage[]> {
    return this.ready.take$().pipe(map((batch) => this.handOut(batch)));
  }

  /** Every next batch, handed out as it comes. */
  stream$(): Observable<ReceivedMessage[]> {
    return this.ready.stream$().pipe(map((batch) => this.handOut(batch)));
  }

  /** The master address of a queue's broker, looking its route up when it is not known yet. */
  async addrOf(queue: MessageQueue): Promise<string> {
    const routes = this.deps.instance.routes;
    const known = routes.masterAddr(queue.brokerName);
    if (known !== undefined) return known;
    await routes.refresh(queue.topic);
    const addr = routes.masterAddr(queue.brokerName);
    if (addr === undefined) throw new PullConsumerError('broker-not-found', `no master address known for broker ${queue.brokerName}`, { queue });
    return addr;
  }

  /** Stops rebalancing, pulling and the timers, ends the pollers, and (auto-commit) commits what was polled. */
  async stop(): Promise<void> {
    this.timers.dispose();
    this.notify.complete();
    this.changed.complete();
    const owned = await this.table.detachAll();
    const abandoned = owned.map(({ session, loop }) => {
      session.stop(true);
      loop.unsubscribe();
      return session.pq.count;
    });
    this.ready.close();
    await this.committing;
    const queues = owned.map((o) => o.session.queue);
    const outcome = this.deps.options.autoCommit ? await this.book.commitPolled(queues) : undefined;
    const written = new Map(outcome?.written.map((w) => [queueKey(w.queue), w.offset]));
    queues.forEach((queue, i) => this.deps.report({ type: 'queue-released', queue, committedOffset: written.get(queueKey(queue)), abandoned: abandoned[i]! }));
  }

  /** Takes the batch's messages out of its queue's buffer and moves the polled offset past them. */
  private handOut(batch: PulledBatch): ReceivedMessage[] {
    const { session, messages } = batch;
    if (this.deps.options.autoCommit) this.book.checkpoint(this.table.queues());
    const next = session.remove(messages);
    // With nothing left buffered, everything below the next pull's offset was handed out or filtered away.
    const polled = session.pq.count === 0 ? Math.max(next, session.nextOffset) : next;
    if (polled >= 0) this.book.setPolled(session.queue, polled);
    return [...messages];
  }

  /** Applies the mode: starts the rebalance loop once subscribed, or takes the assigned queues (never rejects). */
  private follow(): Promise<void> {
    const { subscriptions } = this.deps;
    if (subscriptions.mode === 'subscribe' && !this.rebalancing) this.startRebalancing();
    if (subscriptions.mode !== 'assign') return Promise.resolve();
    return this.table.apply(subscriptions.assignedQueues(), 'subscription-changed').catch((error: unknown) => {
      this.deps.report({ type: 'rebalance-failed', topic: '*', reason: 'the assignment could not be applied', error });
    });
  }

  private startRebalancing(): void {
    const { deps } = this;
    const { instance, options: o } = deps;
    this.rebalancing = true;
    const triggers$ = rebalanceTriggers$({
      intervalMs: o.rebalanceIntervalMs,
      scheduler: deps.scheduler,
      notify$: this.notify,
      subscriptionChanged$: this.changed,
    });
    const ctx = {
      group: deps.group,
      clientId: instance.clientId,
      messageModel: 'CLUSTERING' as const,
      strategy: o.allocateStrategy,
      topics: () => deps.subscriptions.topics(),
      routeOf: async (topic: string) => instance.routes.current(topic) ?? (await instance.routes.refresh(topic)),
      consumerIds: consumerIdsOf(() => instance.port, deps.group, o.requestTimeoutMs),
      report: deps.report,
    };
    const apply = (allocated: readonly MessageQueue[], reason: Parameters<QueueTable['apply']>[1]) => this.table.apply(allocated, reason);
    this.timers.track(rebalanceLoop$(triggers$, ctx, () => this.table.queues(), apply).subscribe());
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.committing = work.catch(() => undefined);
    return work;
  }

  private fetchContext(): FetchContext {
    const { deps } = this;
    const { instance, options: o } = deps;
    const thresholds: FlowThresholds = {
      count: o.pullThresholdForQueue,
      bytes: o.pullThresholdBytesForQueue,
      span: o.consumeMaxSpan,
      batch: o.pullBatchSize,
    };
    const overAll = () => o.pullThresholdForAll - this.ready.count < Math.min(o.pullBatchSize, o.pullThresholdForAll);
    const pauseChanged$ = merge(deps.pauses.changed$, this.ready.roomMade$);
    return {
      group: deps.group,
      options: o,
      scheduler: deps.scheduler,
      port: () => instance.port,
      brokerAddr: brokerAddrLookup(instance.routes),
      gate: (session) => ({ thresholds, isPaused: () => deps.pauses.isPaused(session.queue) || overAll(), pauseChanged$, report: deps.report }),
      batchSize: (session) => Math.max(1, Math.min(pullSize(session.pq, thresholds), o.pullThresholdForAll - this.ready.count)),
      startOffset: (session) => this.startOffset(session),
      toMessage: (pulled, session) => stripNamespace(toReceivedMessage(pulled, userQueue(session.queue, o.namespace), deps.decoding), o.namespace),
      deliver: (session, messages) => this.ready.push(batchOf(session, messages)),
      caughtUp: (session, offset) => this.book.advancePolled(session.queue, offset),
      report: deps.report,
    };
  }

  /** Java `RebalanceLitePullImpl.computePullFromWhere`: the group's committed offset, else by `consumeFromWhere`. */
  private async startOffset(session: QueueSession): Promise<number> {
    const { instance, options: o } = this.deps;
    await this.addrOf(session.queue);
    const offset = await initialOffset(
      {
        store: this.book.store,
        consumeFromWhere: o.consumeFromWhere,
        consumeTimestamp: o.consumeTimestamp,
        port: () => instance.port,
        masterAddr: (b) => instance.routes.masterAddr(b),
        requestTimeoutMs: o.requestTimeoutMs,
      },
      session.queue,
    );
    const committed = this.book.polled(session.queue);
    if (committed !== undefined) this.book.noteWritten(session.queue, committed);
    return offset;
  }
}
