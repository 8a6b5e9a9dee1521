import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { MessageStore, TopicConfigRecord } from '../store/message-store.js';
import { createCore, type BrokerCore } from './broker-core.js';
import type { ClientChannel } from './channel.js';
import type { ConsumerListResult, HeartbeatInput, UnregisterInput } from './client-types.js';
import { systemScheduler, type EngineScheduler } from './clock.js';
import { resolveBrokerConfig, type BrokerConfig, type ResolvedBrokerConfig } from './config.js';
import { emitSafely, type EngineEventSink } from './events.js';
import { rebuildKeyIndex } from './key-index-loader.js';
import { checkLockBody, type LockBatchRequest, type LockBatchResult } from './lock-types.js';
import type { OffsetResult, QueueRef, TimestampResult } from './offset-service.js';
import { DONE, failure, systemError, type Done, type Failure } from './outcome.js';
import type { PullOutcome, PullRequest } from './pull-types.js';
import { resetOffset, type ResetOffsetRequest, type ResetOffsetResult } from './reset-offset.js';
import type { QueryMessageRequest, QueryMessageResult, QueryNotFound, ViewMessageResult } from './query-service.js';
import type { BrokerRegistration } from './route-table.js';
import type { BrokerRegistrar } from './registrar.js';
import { sendBack, type SendBackRequest } from './send-back.js';
import type { SendOutcome, SendRequest } from './send-types.js';
import type { SubscriptionGroupConfig } from './subscription-groups.js';
import { updateAndCreateTopic, type CreateTopicRequest } from './topic-admin.js';
import type { EndTransactionOutcome } from './transaction-service.js';
import type { EndTransactionRequest } from './transaction-types.js';
import { BrokerTasks } from './broker-tasks.js';

export interface BrokerOptions {
  store: MessageStore;
  config?: Partial<BrokerConfig>;
  /** Clock and timers (default: real time). */
  scheduler?: EngineScheduler;
  /** Random source for queue choice and check-back channel choice (default `Math.random`). */
  random?: () => number;
  onEvent?: EngineEventSink;
  registrar?: BrokerRegistrar;
}

type State = 'new' | 'starting' | 'running' | 'closing' | 'closed';
type GuardFailure = Failure<typeof ResponseCode.SERVICE_NOT_AVAILABLE | typeof ResponseCode.SYSTEM_ERROR>;

/**
 * A RocketMQ broker's logic without sockets: typed methods that return the response code, remark and fields a 4.9.8
 * broker answers with. `start()` opens the store and starts the timers (delay delivery, transaction check, client
 * expiry, name-server registration); a start that fails after the store opened closes the broker (and its store) and
 * rethrows. `close()` releases every timer, answers nothing to parked pulls, and closes the store. Calls outside
 * start..close get SERVICE_NOT_AVAILABLE; unexpected exceptions become SYSTEM_ERROR.
 */
export class Broker {
  readonly config: ResolvedBrokerConfig;
  private readonly core: BrokerCore;
  private readonly tasks: BrokerTasks;
  private state: State = 'new';
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BrokerOptions) {
    this.config = resolveBrokerConfig(options.config);
    const scheduler = options.scheduler ?? systemScheduler;
    this.core = createCore({
      store: options.store,
      config: this.config,
      scheduler,
      random: options.random ?? Math.random,
      onEvent: options.onEvent,
      onTopicCreated: (topic) => this.tasks.topicCreated(topic),
    });
    this.tasks = new BrokerTasks(this.core, this.config, options, () => this.registration());
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    await this.options.store.open();
    try {
      await this.core.topics.load();
      this.core.groups.load();
      this.core.halves.load();
      this.core.schedule.load();
      rebuildKeyIndex(this.options.store, this.core.index);
      this.state = 'running';
      this.core.schedule.start();
      await this.tasks.start();
    } catch (error) {
      await this.close().catch((closeError: unknown) => emitSafely(this.options.onEvent, { type: 'error', where: 'start', error: closeError }));
      throw error;
    }
  }

  /** Idempotent; concurrent callers share one close. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** SEND_MESSAGE, or a batch when `req.batch` is true (the header flag a SEND_BATCH_MESSAGE frame carries). */
  send(req: SendRequest, from: ClientChannel): Promise<SendOutcome> {
    return this.guard('send', () => (req.batch === true ? this.core.send.sendBatch(req, from) : this.core.send.send(req, from)));
  }

  /** PULL_MESSAGE; `undefined` means "answer nothing" (the channel closed while the pull was parked). */
  pull(req: PullRequest, from: ClientChannel): Promise<PullOutcome | undefined> {
    return this.guard('pull', () => this.core.pull.pull(req, from));
  }

  heartbeat(data: HeartbeatInput, from: ClientChannel): Promise<Done | Failure> {
    return this.guard('heartbeat', () => this.core.clients.heartbeat(data, from));
  }

  unregisterClient(req: UnregisterInput, from: ClientChannel): Promise<Done | Failure> {
    return this.guard('unregister-client', () => this.core.clients.unregister(req, from));
  }

  consumerList(req: { consumerGroup: string }): Promise<ConsumerListResult | Failure> {
    return this.guard('consumer-list', () => this.core.clients.consumerList(req.consumerGroup));
  }

  /** The server calls this when a client connection closes: registrations dropped, parked pulls cancelled. */
  channelClosed(channel: ClientChannel): void {
    this.core.hold.cancelChannel(channel);
    if (this.state === 'running') this.core.clients.channelClosed(channel);
  }

  lockBatch(req: LockBatchRequest): Promise<LockBatchResult | Failure> {
    return this.guard('lock-batch', () => {
      const bad = checkLockBody(req);
      if (bad !== undefined) return failure(ResponseCode.SYSTEM_ERROR, bad);
      return { code: ResponseCode.SUCCESS, lockOKMQSet: this.core.locks.lockBatch(req.consumerGroup, req.clientId, req.mqSet) };
    });
  }

  unlockBatch(req: LockBatchRequest): Promise<Done | Failure> {
    return this.guard('unlock-batch', () => {
      const bad = checkLockBody(req);
      if (bad !== undefined) return failure(ResponseCode.SYSTEM_ERROR, bad);
      this.core.locks.unlockBatch(req.consumerGroup, req.clientId, req.mqSet);
      return DONE;
    });
  }

  consumerSendBack(req: SendBackRequest): Promise<Done | Failure> {
    const { store } = this.options;
    const { topics, groups, writer } = this.core;
    return this.guard('consumer-send-back', () => sendBack({ store, topics, groups, writer, random: this.options.random ?? Math.random }, req));
  }

  /** END_TRANSACTION; `undefined` = no response (state UNKNOWN, as the Java broker does). */
  endTransaction(req: EndTransactionRequest): Promise<EndTransactionOutcome> {
    return this.guard('end-transaction', () => this.core.transactions.end(req));
  }

  queryConsumerOffset(req: QueueRef & { consumerGroup: string }): Promise<OffsetResult | Failure> {
    return this.guard('query-consumer-offset', () => this.core.offsets.queryConsumerOffset(req));
  }

  updateConsumerOffset(req: QueueRef & { consumerGroup: string; commitOffset: number }): Promise<Done | Failure> {
    return this.guard('update-consumer-offset', () => this.core.offsets.updateConsumerOffset(req));
  }

  maxOffset(req: QueueRef): Promise<OffsetResult | Failure> {
    return this.guard('max-offset', () => this.core.offsets.maxOffset(req));
  }

  minOffset(req: QueueRef): Promise<OffsetResult | Failure> {
    return this.guard('min-offset', () => this.core.offsets.minOffset(req));
  }

  searchOffset(req: QueueRef & { timestamp: number }): Promise<OffsetResult | Failure> {
    return this.guard('search-offset', () => this.core.offsets.searchOffset(req));
  }

  earliestStoreTime(req: QueueRef): Promise<TimestampResult | Failure> {
    return this.guard('earliest-store-time', () => this.core.offsets.earliestStoreTime(req));
  }

  /** INVOKE_BROKER_TO_RESET_OFFSET: commits the group's offsets of `topic` for a time and pushes them to its consumers. */
  resetOffset(req: ResetOffsetRequest): Promise<ResetOffsetResult | Failure> {
    const { store, onEvent } = this.options;
    const { topics, consumers } = this.core;
    return this.guard('reset-offset', () => resetOffset({ store, topics, consumers, brokerName: this.config.brokerName, onEvent }, req));
  }

  queryMessage(req: QueryMessageRequest): Promise<QueryMessageResult | QueryNotFound | Failure> {
    return this.guard('query-message', () => this.core.query.queryMessage(req));
  }

  viewMessage(req: { offset: number }): Promise<ViewMessageResult | Failure> {
    return this.guard('view-message', () => this.core.query.viewMessage(req));
  }

  updateAndCreateTopic(req: CreateTopicRequest): Promise<Done | Failure> {
    return this.guard('update-and-create-topic', () => updateAndCreateTopic(this.core.topics, this.config, req));
  }

  /** Creates a topic with `defaultQueueNums` queues (or the given count), perm 6, unless it exists. */
  createTopic(topic: string, queueNums = this.config.defaultQueueNums): Promise<Done | Failure> {
    return this.updateAndCreateTopic({ topic, readQueueNums: queueNums, writeQueueNums: queueNums, perm: 6 });
  }

  /** Creates or replaces a subscription group (how a group is prepared when auto-creation is off). */
  updateSubscriptionGroup(cfg: Partial<SubscriptionGroupConfig> & { groupName: string }): Promise<Done | Failure> {
    return this.guard('update-subscription-group', async () => {
      await this.core.groups.update({ ...this.core.groups.defaults(cfg.groupName), ...cfg });
      return DONE;
    });
  }

  topicConfig(topic: string): TopicConfigRecord | undefined {
    return this.core.topics.get(topic);
  }

  /** What this broker registers with a name server. */
  registration(): BrokerRegistration {
    const { brokerName, brokerAddr, clusterName, brokerId } = this.config;
    return { clusterName, brokerName, brokerAddr, brokerId, dataVersion: this.core.topics.dataVersion, topicConfigs: this.core.topics.all() };
  }

  /** Unresolved half messages, and those discarded after the maximum number of checks. */
  transactionStats(): { pending: number; discarded: number } {
    return { pending: this.core.halves.list().length, discarded: this.core.checker.discarded };
  }

  /** Parked pulls right now (long polling). */
  get parkedPulls(): number {
    return this.core.hold.size;
  }

  private async guard<T>(where: string, fn: () => T | Promise<T>): Promise<T | GuardFailure> {
    if (this.state !== 'running') return failure(ResponseCode.SERVICE_NOT_AVAILABLE, `the broker ${this.config.brokerName} is not running`);
    try {
      return await fn();
    } catch (error) {
      emitSafely(this.options.onEvent, { type: 'error', where, error });
      return systemError(error);
    }
  }

  private async shutdown(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.state = 'closing';
    await this.tasks.stop(wasRunning);
    this.core.hold.close();
    await this.core.schedule.close();
    this.core.timers.clearAll();
    await this.options.store.close();
    this.state = 'closed';
  }
}
