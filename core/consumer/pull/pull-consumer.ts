import { asyncScheduler, BehaviorSubject, defer, distinctUntilChanged, filter, firstValueFrom, map, type Observable, race, type SchedulerLike, Subject, switchMap, take, timer } from 'rxjs';
import type { ProcessIdentity } from '../../client/client-config.js';
import { ClientRegistry, type PortFactory } from '../../client/client-registry.js';
import { CodecRegistry } from '../../codec/codec-registry.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { ExpressionType } from '../../ports/heartbeat.js';
import { wrapNamespace } from '../../message/namespace.js';
import { PauseSet } from '../push/pause-set.js';
import { connectPullClient, type PullClient } from './connect.js';
import type { PullEngine } from './engine.js';
import { PullConsumerError } from './errors.js';
import type { PullConsumerEvent } from './events.js';
import { type PullConsumerState, PullLifecycle } from './lifecycle.js';
import { type PullConsumerOptions, type ResolvedPullConsumerOptions, resolvePullConsumerOptions } from './options.js';
import { sameQueues, Subscriptions, userQueue, wireQueue } from './subscriptions.js';

/** How a pull consumer reaches the world. */
export interface PullConsumerRuntime {
  /** Opens the adapter (the remoting client) for the client instance. */
  readonly portFactory: PortFactory;
  /** Shares client instances with other producers and consumers; default: a registry of this consumer's own. */
  readonly registry?: ClientRegistry;
  /** Payload codecs; `options.fallbackCodec` must name one of them. Default: the built-ins. */
  readonly codecs?: CodecRegistry;
  /** Timers and time (poll timeouts, auto-commit, rebalance, retries). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** For the default instance name; default this process. */
  readonly identity?: ProcessIdentity;
}

/**
 * A RocketMQ pull consumer (the Java `DefaultLitePullConsumer`): `assign` queues or `subscribe` to topics (the group's
 * clients share the queues), then `poll()` — or `poll$()` — batches that background long-polling pulls have buffered.
 * Buffers are bounded: a queue stops pulling while it holds `pullThresholdForQueue` messages (or
 * `pullThresholdBytesForQueue` bytes, or spans `consumeMaxSpan` offsets), every queue stops while the consumer holds
 * `pullThresholdForAll`, and pulling resumes as the application polls. Offsets are those of what was polled:
 * `commit()` writes them to the brokers; with `autoCommit` (default) they are written every `autoCommitIntervalMs` —
 * as they were when the last poll began, so a batch still being handled is never committed — and at shutdown.
 */
export class PullConsumer {
  readonly options: ResolvedPullConsumerOptions;
  private readonly runtime: PullConsumerRuntime;
  private readonly scheduler: SchedulerLike;
  private readonly registry: ClientRegistry;
  private readonly codecs: CodecRegistry;
  private readonly group: string;
  private readonly lifecycle = new PullLifecycle();
  private readonly events = new Subject<PullConsumerEvent>();
  private readonly subs: Subscriptions;
  private readonly pauses = new PauseSet();
  private readonly assigned = new BehaviorSubject<readonly MessageQueue[]>([]);
  private readonly engines = new BehaviorSubject<PullEngine | undefined>(undefined);
  private client: PullClient | undefined;

  /** Resolves and validates the options at once (throws `ValidationError` / `CodecError`). */
  constructor(options: PullConsumerOptions, runtime: PullConsumerRuntime) {
    this.runtime = runtime;
    this.scheduler = runtime.scheduler ?? asyncScheduler;
    this.options = resolvePullConsumerOptions(options, this.scheduler.now());
    this.registry = runtime.registry ?? new ClientRegistry();
    this.codecs = runtime.codecs ?? new CodecRegistry();
    this.codecs.get(this.options.fallbackCodec);
    this.group = wrapNamespace(this.options.namespace, this.options.group);
    this.subs = new Subscriptions(this.options.namespace, this.group, () => this.scheduler.now());
  }

  /** Rebalances, pull errors, flow control, commits, seeks (see {@link PullConsumerEvent}). Completes after shutdown. */
  get events$(): Observable<PullConsumerEvent> {
    return this.events.asObservable();
  }

  /** The queues this consumer pulls now and after every change (replays the latest; completes after shutdown). */
  get assignment$(): Observable<readonly MessageQueue[]> {
    return this.assigned.pipe(distinctUntilChanged(sameQueues));
  }

  /** The queues this consumer pulls now. */
  assignment(): MessageQueue[] {
    return [...this.assigned.value];
  }

  get state(): PullConsumerState {
    return this.lifecycle.state;
  }

  /** The client id of the shared client instance (after start). */
  get clientId(): string | undefined {
    return this.client?.instance.clientId;
  }

  /** Messages pulled and not polled yet, over every queue. */
  get bufferedCount(): number {
    return this.client?.engine.ready.count ?? 0;
  }

  /** Timers, fetch loops and owned queues still alive; 0 once shut down. */
  get liveResources(): number {
    return this.client?.engine.liveResources ?? 0;
  }

  /** Subscribes to a topic (TAG expression by default, `*` for every tag); the group's clients share its queues. */
  subscribe(topic: string, expression = '*', type: ExpressionType = 'TAG'): void {
    this.subs.subscribe(topic, expression, type);
    void this.applySubscriptions();
  }

  /** Stops subscribing to a topic; its queues are given up at the next rebalance (at once when running). */
  unsubscribe(topic: string): void {
    if (this.subs.unsubscribe(topic)) void this.applySubscriptions();
  }

  /**
   * Pulls exactly these queues (every tag), replacing any earlier assignment; not with `subscribe`. Throws for bad
   * queues at once; the Promise (which never rejects) resolves once a running consumer owns the queues.
   */
  assign(queues: readonly MessageQueue[]): Promise<void> {
    this.subs.assign(queues);
    return this.applySubscriptions();
  }

  /** Joins the shared client instance, registers the group, and starts pulling. Idempotent. */
  start(): Promise<void> {
    return this.lifecycle.start(() => this.open());
  }

  /**
   * Stops pulling and rebalancing, ends `poll$()` and waiting polls, commits what was polled (auto-commit),
   * unregisters the group and releases the client instance. Idempotent; concurrent calls share one shutdown.
   */
  shutdown(): Promise<void> {
    return this.lifecycle.shutdown(async () => {
      try {
        const client = this.client;
        if (client) {
          await client.engine.stop();
          await client.instance.unregisterConsumer(this.group);
          await client.instance.shutdown();
        }
      } finally {
        this.pauses.complete();
        this.engines.complete();
        this.assigned.complete();
        this.events.complete();
      }
    });
  }

  /**
   * Every batch pulled, as it comes (cold: nothing is taken until subscribed; several subscribers share the batches,
   * each batch going to one of them). Subscribing before `start()` waits for it; completes at shutdown.
   */
  poll$(): Observable<ReceivedMessage[]> {
    return defer(() => this.engines).pipe(
      filter((engine): engine is PullEngine => engine !== undefined),
      take(1),
      switchMap((engine) => engine.stream$()),
    );
  }

  /** The next batch (the messages of one pull of one queue, in offset order), or `[]` after `timeoutMs`. */
  poll(timeoutMs: number = this.options.pollTimeoutMs): Promise<ReceivedMessage[]> {
    let engine: PullEngine;
    try {
      engine = this.running('poll').engine;
      if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new PullConsumerError('invalid-argument', 'the poll timeout must be ≥ 0', { timeoutMs });
    } catch (error) {
      return Promise.reject(error);
    }
    const timedOut$ = timer(timeoutMs, this.scheduler).pipe(map((): ReceivedMessage[] => []));
    return firstValueFrom(race(engine.take$(), timedOut$), { defaultValue: [] });
  }

  /** The next poll of `queue` starts at `offset` (checked against the queue's min and max offsets). */
  seek(queue: MessageQueue, offset: number): Promise<void> {
    return this.withRunning('seek', (c) => c.ops.seek(wireQueue(queue, this.options.namespace), offset));
  }

  /** The next poll of `queue` starts at its first offset still stored. */
  seekToBegin(queue: MessageQueue): Promise<void> {
    return this.withRunning('seekToBegin', (c) => c.ops.seekTo(wireQueue(queue, this.options.namespace), 'begin'));
  }

  /** The next poll of `queue` starts after its last message (only new messages). */
  seekToEnd(queue: MessageQueue): Promise<void> {
    return this.withRunning('seekToEnd', (c) => c.ops.seekTo(wireQueue(queue, this.options.namespace), 'end'));
  }

  /**
   * Writes the offsets of what was polled (of every queue, or of `queues`; queues no longer assigned are skipped) to
   * the brokers and waits for them. Rejects with `commit-failed` naming the queues that could not be written.
   */
  commit(queues?: readonly MessageQueue[]): Promise<void> {
    return this.withRunning('commit', (c) => c.ops.commit(queues?.map((q) => wireQueue(q, this.options.namespace))));
  }

  /** The group's committed offset of `queue`, as its broker holds it (`undefined` when it has none). */
  committed(queue: MessageQueue): Promise<number | undefined> {
    return this.withRunning('committed', (c) => c.ops.committed(wireQueue(queue, this.options.namespace)));
  }

  /** The offset of the first message of `queue` stored at or after `timestamp` (ms). */
  offsetForTimestamp(queue: MessageQueue, timestamp: number): Promise<number> {
    return this.withRunning('offsetForTimestamp', (c) => c.ops.offsetForTimestamp(wireQueue(queue, this.options.namespace), timestamp));
  }

  /** The readable queues of a topic (from its route). */
  fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    return this.withRunning('fetchMessageQueues', (c) => c.ops.fetchMessageQueues(topic));
  }

  /**
   * A topic's readable queues now and whenever its route changes (Java `TopicMessageQueueChangeListener`; routes are
   * refreshed every `routeRefreshIntervalMs`). Needs a running consumer; completes at shutdown.
   */
  messageQueues$(topic: string): Observable<MessageQueue[]> {
    return defer(() => this.running('messageQueues$').ops.messageQueues$(topic));
  }

  /** Stops pulling these queues (what they buffered can still be polled) until `resume`. */
  pause(queues: readonly MessageQueue[]): void {
    for (const q of queues) this.pauses.pause(wireQueue(q, this.options.namespace));
  }

  resume(queues: readonly MessageQueue[]): void {
    for (const q of queues) this.pauses.resume(wireQueue(q, this.options.namespace));
  }

  private async open(): Promise<void> {
    const client = await connectPullClient({
      options: this.options,
      group: this.group,
      registry: this.registry,
      portFactory: this.runtime.portFactory,
      identity: this.runtime.identity,
      scheduler: this.scheduler,
      codecs: this.codecs,
      subscriptions: this.subs,
      pauses: this.pauses,
      report: (e) => this.events.next(e),
    });
    this.client = client;
    client.engine.table.assignment$.subscribe((queues) => this.assigned.next(queues.map((q) => userQueue(q, this.options.namespace))));
    await client.ops.refreshRoutes();
    await client.instance.sendHeartbeat();
    await client.engine.start();
    this.engines.next(client.engine);
  }

  /** While running: learn the new topics' routes, tell the brokers (heartbeat), then rebalance or take the queues. */
  private applySubscriptions(): Promise<void> {
    const client = this.client;
    if (!client?.engine.isStarted || !this.lifecycle.running) return Promise.resolve();
    const apply = async () => {
      await client.ops.refreshRoutes();
      await client.instance.sendHeartbeat();
      await client.engine.subscriptionsChanged();
    };
    return apply().catch((error: unknown) => {
      this.events.next({ type: 'rebalance-failed', topic: '*', reason: 'the subscription change could not be applied', error });
    });
  }

  private running(what: string): PullClient {
    this.lifecycle.assertRunning(what);
    return this.client!;
  }

  /** Runs `op` on the running consumer; every failure (not running included) is a rejection, never a throw. */
  private async withRunning<T>(what: string, op: (client: PullClient) => Promise<T>): Promise<T> {
    return op(this.running(what));
  }
}
