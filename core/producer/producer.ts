import { asyncScheduler, firstValueFrom, type Observable, type SchedulerLike, Subject } from 'rxjs';
import { clientInstanceConfig, type ProcessIdentity } from '../client/client-config.js';
import type { ClientInstance } from '../client/client-instance.js';
import { ClientRegistry, type PortFactory } from '../client/client-registry.js';
import { Lifetime } from '../client/lifetime.js';
import { CodecRegistry } from '../codec/codec-registry.js';
import { resolveProducerOptions } from '../defaults.js';
import type { Message } from '../message/message.js';
import type { ProducerOptions, ResolvedProducerOptions } from '../options/option-types.js';
import { LatencyFaultTable } from '../strategies/select/latency-fault-table.js';
import type { QueueSelector } from '../strategies/select/queue-selector.js';
import { roundRobinSelector } from '../strategies/select/round-robin.js';
import { SendError } from './errors.js';
import { type AutoBatcher, autoBatcherFor, canAutoBatch } from './auto-batch.js';
import { BATCH_ITEM, batchBytes, prepareBatch } from './batch.js';
import type { DeliveryTimeMode } from './delivery-time.js';
import type { ProducerEvent } from './events.js';
import { InFlightLimiter } from './in-flight-limiter.js';
import { Lifecycle, type ProducerState } from './lifecycle.js';
import { wrapNamespace } from '../message/namespace.js';
import { type MessageQueueSelectorFn, orderlyPick } from './orderly.js';
import { type PrepareContext, prepareMessage } from './prepare.js';
import { batchPlan, type PickQueue, SendPipeline, type SendPlan } from './send-pipeline.js';
import type { SendResult, TransactionSendResult } from './send-result.js';
import { type Outgoing, SendCore } from './send-core.js';
import { type LocalTransaction, type TransactionCheckListener, TransactionCoordinator } from './transaction.js';

/** How a producer reaches the world, and behaviour that is code rather than options. */
export interface ProducerRuntime {
  /** Opens the adapter (the remoting client) for the client instance. */
  readonly portFactory: PortFactory;
  /** Shares client instances with other producers and consumers; default: a registry of this producer's own. */
  readonly registry?: ClientRegistry;
  /** Payload codecs; `options.codec` must name one of them. Default: the built-ins. */
  readonly codecs?: CodecRegistry;
  /** Timers and time (send timeouts, refresh, heartbeat). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Answers the broker's transaction check-backs. */
  readonly checkListener?: TransactionCheckListener;
  /** How `deliveryTimestamp` is sent (default `delay-level`, for 4.9.x brokers). */
  readonly deliveryTimeMode?: DeliveryTimeMode;
  /** Queue choice of plain sends; default round robin (with fault avoidance when `sendLatencyFaultEnable`). */
  readonly selector?: QueueSelector;
  /** For the default instance name; default this process. */
  readonly identity?: ProcessIdentity;
}

/** Per-call settings of a send. */
export interface SendOptions {
  /** Timeout of each attempt (default `sendTimeoutMs`). */
  readonly timeoutMs?: number;
  /** Aborts the send (the Promise rejects with `send-aborted`). */
  readonly signal?: AbortSignal;
}

/** The settings of a send given none (shared: read-only). */
const NO_OPTIONS: SendOptions = Object.freeze({});

/**
 * A RocketMQ producer (the Java `DefaultMQProducer` + `TransactionMQProducer`) as cold Observables with Promise
 * twins. Nothing leaves the process until a send is subscribed; unsubscribing abandons it. Sends are bounded in
 * flight by count and bytes (`maxInflightSends`, `maxInflightBytes`).
 */
export class Producer {
  readonly options: ResolvedProducerOptions;
  private readonly runtime: ProducerRuntime;
  private readonly scheduler: SchedulerLike;
  private readonly registry: ClientRegistry;
  private readonly codecs: CodecRegistry;
  private readonly lifecycle = new Lifecycle();
  private readonly lifetime = new Lifetime();
  private readonly events = new Subject<ProducerEvent>();
  private readonly limiter: InFlightLimiter;
  private readonly core: SendCore;
  /** Gathers plain sends into batches when `autoBatch` is on. */
  private readonly batcher: AutoBatcher | undefined;
  /** The plan shared by sends without a sharding key or a timeout of their own (see `defaultPlan`). */
  private unkeyedPlan: SendPlan | undefined;
  /** The last auto batch key made, with the values it was made from. */
  private lastBatchKey: { readonly topic: string; readonly wait: boolean; readonly timeoutMs: number; readonly key: string } | undefined;
  private readonly prepareContext: PrepareContext;
  private readonly selector: QueueSelector;
  private readonly faultTable: LatencyFaultTable | undefined;
  private checkListener: TransactionCheckListener | undefined;
  private client: { instance: ClientInstance; pipeline: SendPipeline; tx: TransactionCoordinator } | undefined;

  /** Resolves and validates the options at once (throws `ValidationError` / `CodecError`). */
  constructor(options: ProducerOptions = {}, runtime: ProducerRuntime) {
    this.options = resolveProducerOptions(options);
    this.runtime = runtime;
    this.scheduler = runtime.scheduler ?? asyncScheduler;
    this.registry = runtime.registry ?? new ClientRegistry();
    this.checkListener = runtime.checkListener;
    this.limiter = new InFlightLimiter(this.options.maxInflightSends, this.options.maxInflightBytes);
    this.batcher = this.options.autoBatch ? autoBatcherFor(this.options, this.scheduler, () => this.started().pipeline) : undefined;
    this.core = new SendCore({ lifecycle: this.lifecycle, limiter: this.limiter, pipeline: () => this.started().pipeline, batcher: this.batcher });
    this.codecs = runtime.codecs ?? new CodecRegistry();
    const codec = this.codecs.get(this.options.codec);
    const o = this.options;
    this.prepareContext = {
      codec,
      maxMessageSize: o.maxMessageSize,
      compressOverBytes: o.compressBodyOverBytes,
      compressLevel: o.compressLevel,
      deliveryTimeMode: runtime.deliveryTimeMode ?? 'delay-level',
      nextUniqueId: () => this.started().instance.port.nextUniqueId(),
      now: () => this.scheduler.now(),
      wireTopic: o.namespace ? (topic) => wrapNamespace(o.namespace, topic, [o.createTopicKey]) : (topic) => topic,
    };
    this.faultTable = o.sendLatencyFaultEnable ? new LatencyFaultTable({ now: () => this.scheduler.now() }) : undefined;
    this.selector = runtime.selector ?? roundRobinSelector(this.faultTable ? { faultTable: this.faultTable } : {});
  }

  /** Send retries, broker faults, transaction checks. Completes after shutdown. */
  get events$(): Observable<ProducerEvent> {
    return this.events.asObservable();
  }

  get state(): ProducerState {
    return this.lifecycle.state;
  }

  /** Sends admitted and not settled (waiting for room included). */
  get pendingSends(): number {
    return this.lifecycle.activeCount;
  }

  /** Subscriptions this producer still owns (transaction checks) plus sends in flight; 0 once shut down. */
  get liveResources(): number {
    return this.lifetime.live + this.lifecycle.activeCount + this.limiter.inFlight + this.limiter.waiting;
  }

  /** The client id of the shared client instance (after start). */
  get clientId(): string | undefined {
    return this.client?.instance.clientId;
  }

  /** Sets (or replaces) the listener that answers the broker's transaction check-backs. */
  setTransactionCheckListener(listener: TransactionCheckListener | undefined): void {
    this.checkListener = listener;
  }

  /** Joins the shared client instance and registers the group. Idempotent; concurrent calls share one start. */
  start(): Promise<void> {
    return this.lifecycle.start(async () => {
      const config = clientInstanceConfig(this.options, this.scheduler, this.runtime.identity);
      const instance = this.registry.acquire(config, this.runtime.portFactory);
      const group = wrapNamespace(this.options.namespace, this.options.group);
      const report = (e: ProducerEvent) => this.events.next(e);
      const tx = new TransactionCoordinator({
        group,
        instance,
        codecs: this.codecs,
        report,
        track: (sub) => this.lifetime.track(sub),
        checkListener: () => this.checkListener,
      });
      instance.registerProducer(group, { checkTransactionState: (req) => tx.check(req) });
      try {
        await instance.start();
      } catch (error) {
        await instance.unregisterProducer(group);
        throw error;
      }
      const pipeline = new SendPipeline({ group, options: this.options, instance, scheduler: this.scheduler, faultTable: this.faultTable, report });
      this.client = { instance, pipeline, tx };
      void instance.sendHeartbeat();
    });
  }

  /**
   * Stops taking sends, sends the pending auto batches, waits for the sends in flight, unregisters the group from
   * every broker and releases the client instance. Idempotent; concurrent calls share one shutdown.
   */
  shutdown(): Promise<void> {
    this.batcher?.close();
    return this.lifecycle.shutdown(async () => {
      this.lifetime.dispose();
      const client = this.client;
      try {
        if (client) {
          await client.instance.unregisterProducer(wrapNamespace(this.options.namespace, this.options.group));
          await client.instance.shutdown();
        }
      } finally {
        this.events.complete();
      }
    });
  }

  /**
   * A cold Observable of the send result; nothing is sent until it is subscribed. Retries on another broker. With
   * `autoBatch`, it may go out in one SEND_BATCH_MESSAGE with other sends of its topic (its result is still its own).
   */
  send$(message: Message, opts: SendOptions = NO_OPTIONS): Observable<SendResult> {
    return this.core.send$(message.topic, opts.signal, () => this.plain(message, opts));
  }

  send(message: Message, opts: SendOptions = NO_OPTIONS): Promise<SendResult> {
    return this.core.send(message.topic, opts.signal, () => this.plain(message, opts));
  }

  /** Sends without waiting for the broker (one attempt); resolves once the request is handed to the connection. */
  sendOneway(message: Message, opts: SendOptions = NO_OPTIONS): Promise<void> {
    return this.core.oneway(message.topic, opts.signal, () => this.single(message, this.defaultPlan(message, opts)));
  }

  /** Several messages of one topic in one request (SEND_BATCH_MESSAGE); `msgId` lists every message's id. */
  sendBatch$(messages: readonly Message[], opts: SendOptions = NO_OPTIONS): Observable<SendResult> {
    return this.core.send$(messages[0]?.topic ?? '', opts.signal, () => this.batch(messages, opts));
  }

  sendBatch(messages: readonly Message[], opts: SendOptions = NO_OPTIONS): Promise<SendResult> {
    return this.core.send(messages[0]?.topic ?? '', opts.signal, () => this.batch(messages, opts));
  }

  /**
   * A send that keeps per-key order: the queue comes from hashing the sharding key (the argument, else the
   * message's `shardingKey`) or from a selector. One attempt, never retried on another queue (see `orderly.ts`).
   */
  sendOrderly$<A = unknown>(message: Message, keyOrSelector?: string | MessageQueueSelectorFn<A>, arg?: A, opts: SendOptions = NO_OPTIONS): Observable<SendResult> {
    return this.core.send$(message.topic, opts.signal, () => this.single(message, { ...this.plan(opts, orderlyPick(message, keyOrSelector, arg as A)), maxAttempts: 1 }));
  }

  sendOrderly<A = unknown>(message: Message, keyOrSelector?: string | MessageQueueSelectorFn<A>, arg?: A, opts: SendOptions = NO_OPTIONS): Promise<SendResult> {
    return this.core.send(message.topic, opts.signal, () => this.single(message, { ...this.plan(opts, orderlyPick(message, keyOrSelector, arg as A)), maxAttempts: 1 }));
  }

  /**
   * A transactional send: the half message is stored, `localTx` runs (value, Promise or Observable of
   * `COMMIT` / `ROLLBACK` / `UNKNOWN`; a throw means `UNKNOWN`), then END_TRANSACTION commits or rolls back.
   * With `UNKNOWN` the broker later asks the check listener.
   */
  sendInTransaction$<T, A = unknown>(message: Message<T>, localTx: LocalTransaction<T, A>, arg?: A, opts: SendOptions = NO_OPTIONS): Observable<TransactionSendResult> {
    return this.core.sendThen$(
      message.topic,
      opts.signal,
      () => this.half(message, opts),
      (sent) => this.started().tx.complete$(message, arg, sent, localTx),
    );
  }

  sendInTransaction<T, A = unknown>(message: Message<T>, localTx: LocalTransaction<T, A>, arg?: A, opts?: SendOptions): Promise<TransactionSendResult> {
    return firstValueFrom(this.sendInTransaction$(message, localTx, arg, opts));
  }

  /** A plain send: on its own, or (with `autoBatch`, if the message may be batched) for the auto batcher. */
  private plain(message: Message, opts: SendOptions): Outgoing {
    const plan = this.defaultPlan(message, opts);
    if (!this.batcher || !canAutoBatch(message)) return this.single(message, plan);
    const prepared = prepareMessage(message, this.prepareContext, BATCH_ITEM);
    return { prepared, plan, bytes: prepared.body.length, autoBatchKey: this.autoBatchKey(prepared.topic, message.waitStoreMsgOk, plan.timeoutMs) };
  }

  /** The auto batcher's key for these values: the last one made again while they repeat (no new string per send). */
  private autoBatchKey(topic: string, wait: boolean, timeoutMs: number): string {
    const last = this.lastBatchKey;
    if (last !== undefined && last.topic === topic && last.wait === wait && last.timeoutMs === timeoutMs) return last.key;
    const key = `${topic}|${wait}|${timeoutMs}`;
    this.lastBatchKey = { topic, wait, timeoutMs, key };
    return key;
  }

  private single(message: Message, plan: SendPlan): Outgoing {
    const prepared = prepareMessage(message, this.prepareContext);
    return { prepared, plan, bytes: prepared.body.length };
  }

  /** The half message of a transaction (TRAN_MSG, PGROUP, sysFlag PREPARED), sent like a plain one. */
  private half(message: Message, opts: SendOptions): Outgoing {
    const prepared = prepareMessage(message, this.prepareContext, this.started().tx.halfMessage());
    return { prepared, plan: this.defaultPlan(message, opts), bytes: prepared.body.length };
  }

  private batch(messages: readonly Message[], opts: SendOptions): Outgoing {
    const batch = prepareBatch(messages, this.prepareContext);
    const plan = batchPlan(this.defaultPlan(batch.envelope.message, opts), batch.items, batch.msgId);
    return { prepared: batch.envelope, plan, bytes: batchBytes(batch) };
  }

  private plan(opts: SendOptions, pick: PickQueue): SendPlan {
    return { timeoutMs: opts.timeoutMs ?? this.options.sendTimeoutMs, maxAttempts: 1 + this.options.retryTimesWhenSendFailed, pick };
  }

  /** The plan of a default-queue send; read-only, so those without a sharding key or own timeout share one. */
  private defaultPlan(message: Message, opts: SendOptions): SendPlan {
    if (message.shardingKey !== undefined || opts.timeoutMs !== undefined) return this.plan(opts, this.defaultPick(message));
    return (this.unkeyedPlan ??= this.plan(NO_OPTIONS, (queues, lastBrokerName) => this.selector(queues, { lastBrokerName, shardingKey: undefined })));
  }

  private defaultPick(message: Message): PickQueue {
    return (queues, lastBrokerName) => this.selector(queues, { lastBrokerName, shardingKey: message.shardingKey });
  }

  private started(): NonNullable<Producer['client']> {
    if (!this.client) throw new SendError('producer-not-started', 'the producer is not started; call start() first');
    return this.client;
  }
}
