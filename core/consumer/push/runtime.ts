import { exhaustMap, from, type Observable, Subject, timer } from 'rxjs';
import { Lifetime } from '../../client/lifetime.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { ConsumerData } from '../../ports/heartbeat.js';
import type { PulledMessage } from '../../ports/broker-port.js';
import { consumerRequestHandler } from './broker-requests.js';
import type { RebalanceReason } from './events.js';
import { observableOf } from './consume-call.js';
import { type ConsumeFn, withConsumeTimeout } from './handlers.js';
import type { LockKeeper } from './lock-keeper.js';
import type { OffsetStore } from './offset-store.js';
import type { PullLoopContext } from './pull-loop.js';
import { drainSessions, QueueLifecycleImpl } from './queue-lifecycle.js';
import { QueueTable } from './queue-table.js';
import { type AllocatorContext, rebalanceLoop$, rebalanceTriggers$ } from './rebalance.js';
import { brokerAddrLookup, consumerIdsOf } from './routing.js';
import { buildRunningInfo } from './running-info.js';
import {
  consumeOf,
  type Dispatcher,
  dispatcherOf,
  lockGate,
  lockKeeperOf,
  messageFactory,
  offsetStoreOf,
  type RuntimeDeps,
  thresholdsOf,
} from './runtime-contexts.js';
import { type ConsumerCounters, newCounters } from './stats.js';
import type { StreamBridge } from './stream-handler.js';

/** First lock renewal after start (Java `lockAll` first run). */
const FIRST_LOCK_RENEWAL_MS = 1_000;

/**
 * The running parts of a push consumer, wired together: offset store, queue table (take / release), pull loops,
 * dispatcher, locks, rebalance loop and timers. Built (without I/O) by the facade; `start()` registers with the
 * client instance and starts the timers; `stop()` drains and releases everything.
 */
export class ConsumerRuntime {
  readonly counters: ConsumerCounters = newCounters();
  readonly offsets: OffsetStore;
  readonly table: QueueTable;
  readonly locks: LockKeeper | undefined;
  readonly toMessage: (pulled: PulledMessage, queue: MessageQueue) => ReceivedMessage;
  startedAt = 0;
  private readonly dispatcher: Dispatcher;
  private readonly stream: StreamBridge | undefined;
  private readonly timedConsume: ConsumeFn;
  private readonly timers = new Lifetime();
  private readonly streamLife = new Lifetime();
  private readonly notify = new Subject<void>();
  private readonly subscriptionChanged = new Subject<void>();
  private readonly offsetReset = new Subject<void>();

  constructor(private readonly deps: RuntimeDeps) {
    const o = deps.options;
    this.offsets = offsetStoreOf(deps);
    this.toMessage = messageFactory(deps);
    const { consume, stream, unitSize } = consumeOf(deps);
    this.stream = stream;
    this.timedConsume = withConsumeTimeout(observableOf(consume), o.consumeTimeoutMs, deps.scheduler);
    const locks = o.orderly && o.messageModel === 'CLUSTERING' ? lockKeeperOf(deps, () => this.table.sessions(), (s) => this.dispatcher.submit(s, [])) : undefined;
    this.locks = locks;
    const dispatch = { consume, unitSize, streaming: stream !== undefined, offsets: this.offsets, counters: this.counters };
    this.dispatcher = dispatcherOf(deps, dispatch, locks !== undefined);
    const clustering = o.messageModel === 'CLUSTERING';
    const lossMode = { drain: deps.onQueueLoss === 'finish', forget: clustering, unlock: this.locks !== undefined };
    this.table = new QueueTable(new QueueLifecycleImpl(this.lifecycleContext()), lossMode, deps.report);
  }

  /** The heartbeat entry of this consumer. */
  consumerData(): ConsumerData {
    const o = this.deps.options;
    return {
      groupName: this.deps.group,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: o.messageModel,
      consumeFromWhere: o.consumeFromWhere,
      subscriptionDataSet: this.deps.subscriptions.all(),
      unitMode: false,
    };
  }

  /** Registers with the client instance, sends a heartbeat, then starts rebalancing, persisting and lock renewal. */
  async start(): Promise<void> {
    const { instance, group } = this.deps;
    await instance.start();
    try {
      instance.registerConsumer(group, { consumerData: () => this.consumerData(), handler: this.requestHandler() });
    } catch (error) {
      await instance.shutdown();
      throw error;
    }
    try {
      await this.offsets.load();
    } catch (error) {
      await instance.unregisterConsumer(group);
      await instance.shutdown();
      throw error;
    }
    this.startedAt = this.deps.scheduler.now();
    if (this.stream) this.streamLife.track(this.stream.start());
    await this.refreshRoutes();
    await instance.sendHeartbeat();
    this.startTimers();
  }

  /** After a subscribe / unsubscribe: fetch routes, heartbeat, rebalance. */
  async subscriptionsChanged(): Promise<void> {
    await this.refreshRoutes();
    await this.deps.instance.sendHeartbeat();
    this.subscriptionChanged.next();
  }

  /** RESET_CONSUMER_CLIENT_OFFSET: restarts the owned queues of `topic` listed in `offsets` from their new offsets. */
  resetOffsets(topic: string, offsets: readonly { queue: MessageQueue; offset: number }[]): void {
    const applied = offsets.filter((e) => e.queue.topic === topic && this.table.session(e.queue) !== undefined);
    for (const { queue, offset } of applied) this.restart(queue, offset);
    this.deps.report({ type: 'offset-reset', topic, offsets: applied });
    this.offsetReset.next();
  }

  /**
   * Stops rebalancing and pulling, lets running handlers finish (up to `shutdownDrainTimeoutMs`; a stream handler's
   * input completes so that its buffers flush), persists every offset, unlocks every queue, and unregisters.
   */
  async stop(): Promise<void> {
    const { deps } = this;
    this.timers.dispose();
    this.dispatcher.stop();
    this.stream?.complete();
    const owned = await this.table.detachAll();
    for (const { session, loop } of owned) {
      session.stop(false);
      loop.unsubscribe();
    }
    const sessions = owned.map((o) => o.session);
    await drainSessions(sessions, deps.options.shutdownDrainTimeoutMs, deps.scheduler);
    for (const s of sessions) s.pq.markDropped();
    const queues = sessions.map((s) => s.queue);
    await this.offsets.persist(queues);
    if (this.locks && queues.length > 0) await this.locks.unlock(queues, false);
    for (const s of sessions) {
      deps.report({ type: 'queue-released', queue: s.queue, committedOffset: this.offsets.readMemory(s.queue), abandoned: s.inFlight.value });
    }
    this.dispatcher.close();
    this.streamLife.dispose();
    await deps.instance.unregisterConsumer(deps.group);
    await deps.instance.shutdown();
  }

  /** Restarts a queue at an offset in the background; a failure is reported (the next rebalance takes the queue again). */
  private restart(queue: MessageQueue, offset: number): void {
    this.table.restart(queue, offset).catch((error: unknown) => {
      this.deps.report({ type: 'rebalance-failed', topic: queue.topic, reason: `restart of queue ${queue.brokerName}#${queue.queueId} failed`, error });
    });
  }

  private startTimers(): void {
    const { options: o, scheduler } = this.deps;
    const triggers$: Observable<RebalanceReason> = rebalanceTriggers$({
      intervalMs: o.rebalanceIntervalMs,
      scheduler,
      notify$: this.notify,
      subscriptionChanged$: this.subscriptionChanged,
      offsetReset$: this.offsetReset,
    });
    const apply = (allocated: readonly MessageQueue[], reason: RebalanceReason) => this.table.apply(allocated, reason);
    this.timers.track(rebalanceLoop$(triggers$, this.allocatorContext(), () => this.table.queues(), apply).subscribe());
    const persist$ = timer(o.persistOffsetIntervalMs, o.persistOffsetIntervalMs, scheduler);
    this.timers.track(persist$.pipe(exhaustMap(() => from(this.offsets.persist(this.table.queues())))).subscribe());
    if (this.locks) this.timers.track(this.locks.start(FIRST_LOCK_RENEWAL_MS, o.lockRenewIntervalMs));
  }

  private async refreshRoutes(): Promise<void> {
    const routes = this.deps.instance.routes;
    await Promise.all(this.deps.subscriptions.topics().map((t) => (routes.current(t) ? undefined : routes.refresh(t))));
  }

  private allocatorContext(): AllocatorContext {
    const { deps } = this;
    const { instance } = deps;
    return {
      group: deps.group,
      clientId: instance.clientId,
      messageModel: deps.options.messageModel,
      strategy: deps.options.allocateStrategy,
      topics: () => deps.subscriptions.topics(),
      routeOf: async (topic) => instance.routes.current(topic) ?? (await instance.routes.refresh(topic)),
      consumerIds: consumerIdsOf(() => instance.port, deps.group, deps.options.requestTimeoutMs),
      report: deps.report,
    };
  }

  private lifecycleContext(): ConstructorParameters<typeof QueueLifecycleImpl>[0] {
    const { deps } = this;
    const { instance, options: o } = deps;
    const masterAddr = (b: string) => instance.routes.masterAddr(b);
    return {
      scheduler: deps.scheduler,
      subscriptions: deps.subscriptions,
      offsets: this.offsets,
      initial: {
        store: this.offsets,
        consumeFromWhere: o.consumeFromWhere,
        consumeTimestamp: o.consumeTimestamp,
        port: () => instance.port,
        masterAddr,
        requestTimeoutMs: o.requestTimeoutMs,
      },
      locks: this.locks,
      pull: this.pullContext(),
      drainTimeoutMs: o.shutdownDrainTimeoutMs,
      report: deps.report,
    };
  }

  private pullContext(): PullLoopContext {
    const { deps } = this;
    const { instance, pauses, report } = deps;
    const thresholds = thresholdsOf(deps.options);
    return {
      group: deps.group,
      options: deps.options,
      scheduler: deps.scheduler,
      port: () => instance.port,
      brokerAddr: brokerAddrLookup(instance.routes),
      offsets: this.offsets,
      gate: (s) => ({ thresholds, isPaused: () => pauses.isPaused(s.queue), pauseChanged$: pauses.changed$, report }),
      toMessage: (pulled, s) => this.toMessage(pulled, s.queue),
      dispatch: (s, messages) => this.dispatcher.submit(s, messages),
      beforePull: this.locks ? lockGate(this.locks) : undefined,
      onOffsetMoved: (s) => this.restart(s.queue, s.nextOffset),
      report,
      counters: this.counters,
      postSubscription: deps.postSubscriptionWhenPull,
    };
  }

  private requestHandler() {
    const { deps } = this;
    return consumerRequestHandler({
      orderly: deps.options.orderly,
      now: () => deps.scheduler.now(),
      rebalanceNow: () => this.notify.next(),
      resetOffsets: (topic, offsets) => this.resetOffsets(topic, offsets),
      runningInfo: () =>
        buildRunningInfo({
          group: deps.group,
          options: deps.options,
          startedAt: this.startedAt,
          now: deps.scheduler.now(),
          subscriptions: deps.subscriptions.all(),
          sessions: this.table.sessions(),
          committedOffset: (s) => this.offsets.readMemory(s.queue),
          locked: (s) => (this.locks ? this.locks.isHeld(s) : false),
          counters: this.counters,
        }),
      toMessage: this.toMessage,
      consume: this.timedConsume,
    });
  }
}
