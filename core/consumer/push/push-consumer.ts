import { asyncScheduler, type Observable, type SchedulerLike, Subject } from 'rxjs';
import type { ClientInstance } from '../../client/client-instance.js';
import { CodecRegistry } from '../../codec/codec-registry.js';
import { resolveConsumerOptions } from '../../defaults.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ConsumerOptions, ResolvedConsumerOptions } from '../../options/option-types.js';
import type { LocalOffsetStorage } from '../../ports/broker-port.js';
import type { ExpressionType } from '../../ports/heartbeat.js';
import { validateTopic } from '../../validation/names.js';
import { ConsumerError } from './errors.js';
import type { ConsumerEvent } from './events.js';
import type { ConsumerHandler } from './handlers.js';
import { wrapNamespace } from '../../message/namespace.js';
import { PauseSet } from './pause-set.js';
import type { QueueSession } from './queue-session.js';
import { ConsumerRuntime } from './runtime.js';
import { type ConsumerStats, consumerStats, queueStats } from './stats.js';
import { SubscriptionTable } from './subscription-table.js';

/** How to build a push consumer. */
export interface PushConsumerConfig<T = unknown> {
  /** The shared client instance (route table, heartbeat, broker requests); `start`/`shutdown` are reference-counted. */
  readonly instance: ClientInstance;
  /** Consumer options (`group` required); merged over the defaults and validated. */
  readonly options: ConsumerOptions;
  /** What handles the messages: a function, `{ message }`, `{ batch }` or `{ stream }`. */
  readonly handler: ConsumerHandler<T>;
  /** Runs every timer (virtual time in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Payload codecs. Default: the built-ins. */
  readonly codecs?: CodecRegistry;
  /** Where a broadcasting consumer keeps its offsets (the adapter provides files). Required for broadcasting. */
  readonly localOffsets?: LocalOffsetStorage;
  /**
   * What happens to the running handlers of a queue given up at a rebalance: `finish` waits for them (up to
   * `shutdownDrainTimeoutMs`) before committing and unlocking; `abandon` commits what is done and lets the next owner
   * redeliver the rest (Java's concurrent behaviour). Default: `finish` for orderly consumers, else `abandon`.
   */
  readonly onQueueLoss?: 'finish' | 'abandon';
  /** Java `postSubscriptionWhenPull`: send the subscription in every pull. Default false. */
  readonly postSubscriptionWhenPull?: boolean;
}

type State = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * A push consumer with the semantics of the Java `DefaultMQPushConsumer` and real back-pressure: queues are assigned
 * by rebalancing (`assignment$`), each owned queue is long-polled by its own pull loop that waits for demand from the
 * handler side, messages are handled concurrently (bounded, FIFO start per queue) or orderly (one at a time per
 * queue, under a broker lock), failures are retried through `%RETRY%<group>` or locally and dead-lettered past
 * `maxReconsumeTimes`, and offsets are committed as the smallest offset still in flight.
 */
export class PushConsumer<T = unknown> {
  readonly options: ResolvedConsumerOptions;
  /** The namespaced group. */
  readonly group: string;
  private readonly events = new Subject<ConsumerEvent>();
  private readonly subscriptions: SubscriptionTable;
  private readonly pauses = new PauseSet();
  private readonly runtime: ConsumerRuntime;
  private readonly scheduler: SchedulerLike;
  private state: State = 'created';
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  /** Validates the options (throws `ValidationError` / `ConsumerError`); nothing is sent before `start()`. */
  constructor(config: PushConsumerConfig<T>) {
    this.scheduler = config.scheduler ?? asyncScheduler;
    this.options = resolveConsumerOptions(config.options, this.scheduler.now());
    this.group = wrapNamespace(this.options.namespace, this.options.group);
    const clustering = this.options.messageModel === 'CLUSTERING';
    this.subscriptions = new SubscriptionTable(this.group, clustering, () => this.scheduler.now());
    this.runtime = new ConsumerRuntime({
      instance: config.instance,
      options: this.options,
      group: this.group,
      handler: config.handler as ConsumerHandler,
      scheduler: this.scheduler,
      codecs: config.codecs ?? new CodecRegistry(),
      localOffsets: config.localOffsets,
      subscriptions: this.subscriptions,
      pauses: this.pauses,
      report: (e) => this.events.next(e),
      onQueueLoss: config.onQueueLoss ?? (this.options.orderly ? 'finish' : 'abandon'),
      postSubscriptionWhenPull: config.postSubscriptionWhenPull ?? false,
    });
  }

  /**
   * Subscribes to a topic with a tag expression (`*`, `a || b`) or an SQL92 expression (`type: 'SQL92'`, brokers with
   * `enablePropertyFilter`). Subscribing again replaces the expression. While running, the change is sent to the
   * brokers and a rebalance follows.
   */
  subscribe(topic: string, expression = '*', type: ExpressionType = 'TAG'): void {
    this.assertUsable();
    validateTopic(topic);
    this.subscriptions.set(wrapNamespace(this.options.namespace, topic), expression, type);
    this.changed();
  }

  /** Stops consuming a topic; its queues are released at the rebalance that follows. */
  unsubscribe(topic: string): void {
    if (this.subscriptions.delete(wrapNamespace(this.options.namespace, topic))) this.changed();
  }

  /** The queues this instance owns now and after each change (replays the latest; completes at shutdown). */
  get assignment$(): Observable<readonly MessageQueue[]> {
    return this.runtime.table.assignment$;
  }

  /** Rebalances, pull errors, flow control, retries, dead letters, commits … (completes at shutdown). */
  get events$(): Observable<ConsumerEvent> {
    return this.events.asObservable();
  }

  /** Registers with the brokers and starts consuming. Idempotent; concurrent callers share one start. */
  start(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    if (this.state === 'starting') return this.starting!;
    if (this.state !== 'created') return Promise.reject(this.shutDownError());
    this.state = 'starting';
    this.starting = this.runtime.start().then(
      () => {
        if (this.state === 'starting') this.state = 'running';
      },
      (error: unknown) => {
        this.state = 'stopped';
        this.events.complete();
        throw error;
      },
    );
    return this.starting;
  }

  /**
   * Stops pulling, waits for running handlers (up to `shutdownDrainTimeoutMs`), persists offsets, unlocks queues and
   * unregisters from the brokers. Idempotent; concurrent callers share one shutdown. `events$` completes after it.
   */
  shutdown(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state === 'created' || this.state === 'stopped') {
      this.state = 'stopped';
      this.events.complete();
      this.pauses.complete();
      return Promise.resolve();
    }
    const starting = this.starting;
    this.state = 'stopping';
    this.stopping = this.stopAfter(starting);
    return this.stopping;
  }

  /**
   * Stops pulling a topic or one queue. Messages already pulled are still handled, and so are those a long poll
   * already held by the broker brings back (as in Java); no new pull is sent until `resume`.
   */
  pause(target: string | MessageQueue): void {
    this.pauses.pause(typeof target === 'string' ? wrapNamespace(this.options.namespace, target) : target);
  }

  /** Resumes pulling a topic or one queue. */
  resume(target: string | MessageQueue): void {
    this.pauses.resume(typeof target === 'string' ? wrapNamespace(this.options.namespace, target) : target);
  }

  /** Per-queue and total counts of held and in-flight messages, plus running counters. */
  stats(): ConsumerStats {
    const { runtime } = this;
    const ctx = {
      committedOffset: (q: MessageQueue) => runtime.offsets.readMemory(q),
      isPaused: (q: MessageQueue) => this.pauses.isPaused(q),
      isLocked: (s: QueueSession) => runtime.locks?.isHeld(s) ?? false,
    };
    return consumerStats(runtime.table.sessions().map((s) => queueStats(s, ctx)), runtime.counters);
  }

  private async stopAfter(starting: Promise<void> | undefined): Promise<void> {
    const started = starting ? await starting.then(() => true, () => false) : false;
    try {
      if (started) await this.runtime.stop();
    } finally {
      this.state = 'stopped';
      this.pauses.complete();
      this.events.complete();
    }
  }

  private changed(): void {
    if (this.state !== 'running') return;
    this.runtime.subscriptionsChanged().catch((error: unknown) => this.events.next({ type: 'rebalance-failed', topic: '*', reason: 'subscription change', error }));
  }

  private assertUsable(): void {
    if (this.state === 'stopping' || this.state === 'stopped') throw this.shutDownError();
  }

  private shutDownError(): ConsumerError {
    return new ConsumerError('consumer-shut-down', `the consumer of group ${this.group} is shut down`, { group: this.group });
  }
}
