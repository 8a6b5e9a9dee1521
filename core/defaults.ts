/**
 * Every default of rocketmq-rx in one place. Values are the Java client's (4.9.x) unless marked
 * "rocketmq-rx"; the `resolve*Options` functions merge user options over them and validate eagerly.
 */
import { resolveWithSchema } from './options/option-schema.js';
import { CLIENT_RULES, CONSUMER_RULES, PRODUCER_RULES } from './options/option-rules.js';
import type {
  ClientOptions,
  ConsumerOptions,
  ProducerOptions,
  ResolvedClientOptions,
  ResolvedConsumerOptions,
  ResolvedProducerOptions,
} from './options/option-types.js';
import { allocateAveragely } from './strategies/allocate/averagely.js';
import { TEMPLATE_TOPIC } from './message/namespace.js';
import { validateGroup } from './validation/names.js';
import { ValidationError } from './validation/validation-error.js';

const MiB = 1024 * 1024;

/** Java's placeholder group names, which a real producer / consumer must not use as its own. */
export const DEFAULT_PRODUCER_GROUP = 'DEFAULT_PRODUCER';
export const DEFAULT_CONSUMER_GROUP = 'DEFAULT_CONSUMER';
/** CONSUME_FROM_TIMESTAMP starts this long before the consumer's options were resolved by default. */
export const CONSUME_TIMESTAMP_LOOKBACK_MS = 30 * 60 * 1000;

/** Java `ClientConfig` defaults. */
export const CLIENT_DEFAULTS: ResolvedClientOptions = Object.freeze({
  nameServer: undefined,
  instanceName: 'DEFAULT',
  namespace: undefined,
  clientIp: undefined,
  unitName: undefined,
  routeRefreshIntervalMs: 30_000,
  heartbeatIntervalMs: 30_000,
  requestTimeoutMs: 3_000,
  vipChannel: false,
  tls: false,
  language: 'JAVA',
  version: 401,
  serialization: 'JSON',
  credentials: undefined,
});

/** Java `DefaultMQProducer` defaults, plus rocketmq-rx back-pressure limits. */
export const PRODUCER_DEFAULTS: ResolvedProducerOptions = Object.freeze({
  ...CLIENT_DEFAULTS,
  group: DEFAULT_PRODUCER_GROUP,
  sendTimeoutMs: 3_000,
  retryTimesWhenSendFailed: 2,
  retryTimesWhenSendAsyncFailed: 2,
  retryAnotherBroker: true,
  retryAnotherBrokerWhenNotStoreOk: false,
  compressBodyOverBytes: 4_096,
  compressLevel: 5,
  maxMessageSize: 4 * MiB,
  createTopicKey: TEMPLATE_TOPIC,
  defaultTopicQueueNums: 4,
  sendLatencyFaultEnable: false,
  /** rocketmq-rx, not Java. */
  maxInflightSends: 1024,
  /** rocketmq-rx, not Java. */
  maxInflightBytes: 64 * MiB,
  codec: 'msgpack',
  autoBatch: false,
  /** Java `ProduceAccumulator` holdMs. */
  batchMaxDelayMs: 10,
  /** Java `ProduceAccumulator` holdSize. */
  batchMaxBytes: 32 * 1024,
  /** Java `ProduceAccumulator` totalHoldSize. */
  totalBatchMaxBytes: 32 * MiB,
});

/** Java `DefaultMQPushConsumer` defaults (without `group`, which is required, and the start timestamp). */
export const CONSUMER_DEFAULTS: Omit<ResolvedConsumerOptions, 'group' | 'consumeTimestamp'> = Object.freeze({
  ...CLIENT_DEFAULTS,
  messageModel: 'CLUSTERING',
  consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
  allocateStrategy: allocateAveragely,
  orderly: false,
  pullBatchSize: 32,
  consumeBatchSize: 1,
  pullThresholdForQueue: 1_000,
  pullThresholdBytesForQueue: 100 * MiB,
  consumeConcurrentlyMaxSpan: 2_000,
  pullIntervalMs: 0,
  brokerSuspendMaxTimeMs: 15_000,
  pullTimeoutMs: 30_000,
  consumeConcurrency: 20,
  consumeTimeoutMs: 15 * 60 * 1000,
  /** Java: −1 → 16 for concurrent consumers and unlimited for orderly ones; rocketmq-rx: 16 for both. */
  maxReconsumeTimes: 16,
  delayLevelWhenNextConsume: 0,
  suspendCurrentQueueTimeMs: 1_000,
  sendBackFailedRetryDelayMs: 5_000,
  rebalanceIntervalMs: 20_000,
  lockRenewIntervalMs: 20_000,
  lockExpiryMs: 30_000,
  maxTimeConsumeContinuouslyMs: 60_000,
  persistOffsetIntervalMs: 5_000,
  pullDelayOnErrorMs: 3_000,
  pullDelayOnFlowControlMs: 50,
  pullDelayOnBrokerFlowControlMs: 20,
  pullDelayOnSuspendMs: 1_000,
  pullMaxIdleTimeMs: 120_000,
  /** rocketmq-rx, not Java (Java waits 0 ms by default). */
  shutdownDrainTimeoutMs: 30_000,
  fallbackCodec: 'raw',
});

function optionError(field: string, value: unknown, reason: string): ValidationError {
  return new ValidationError('invalid-option', field, value, reason);
}

/** Merges client options over {@link CLIENT_DEFAULTS}; throws `ValidationError('invalid-option')`. */
export function resolveClientOptions(partial?: ClientOptions): ResolvedClientOptions {
  return resolveWithSchema('client', partial, CLIENT_DEFAULTS, CLIENT_RULES);
}

/** Merges producer options over {@link PRODUCER_DEFAULTS}; throws `ValidationError`. */
export function resolveProducerOptions(partial?: ProducerOptions): ResolvedProducerOptions {
  const o = resolveWithSchema('producer', partial, PRODUCER_DEFAULTS, PRODUCER_RULES);
  validateGroup(o.group, 'producer.group');
  return o;
}

/**
 * Merges consumer options over {@link CONSUMER_DEFAULTS}; `group` is required. `now` (ms) anchors the
 * default `consumeTimestamp`. Throws `ValidationError` naming the option and the reason.
 */
export function resolveConsumerOptions(partial: ConsumerOptions, now: number = Date.now()): ResolvedConsumerOptions {
  const defaults = { ...CONSUMER_DEFAULTS, group: undefined, consumeTimestamp: now - CONSUME_TIMESTAMP_LOOKBACK_MS };
  const o = resolveWithSchema('consumer', partial, defaults as unknown as ResolvedConsumerOptions, CONSUMER_RULES);
  validateGroup(o.group, 'consumer.group');
  if (o.group === DEFAULT_CONSUMER_GROUP) {
    throw optionError('consumer.group', o.group, `must not be ${DEFAULT_CONSUMER_GROUP}, choose your own group`);
  }
  if (o.brokerSuspendMaxTimeMs >= o.pullTimeoutMs) {
    throw optionError('consumer.pullTimeoutMs', o.pullTimeoutMs, 'must be longer than brokerSuspendMaxTimeMs');
  }
  if (o.lockRenewIntervalMs >= o.lockExpiryMs) {
    throw optionError('consumer.lockRenewIntervalMs', o.lockRenewIntervalMs, 'must be shorter than lockExpiryMs');
  }
  return o;
}

export type {
  ClientOptions,
  ConsumerOptions,
  ProducerOptions,
  ResolvedClientOptions,
  ResolvedConsumerOptions,
  ResolvedProducerOptions,
} from './options/option-types.js';
