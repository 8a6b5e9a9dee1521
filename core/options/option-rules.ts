import type { Credentials, ResolvedClientOptions, ResolvedConsumerOptions, ResolvedProducerOptions } from './option-types.js';
import type { OptionRule, OptionSchema } from './option-schema.js';

const INT32_MAX = 0x7fffffff;
const ms = (min = 1): OptionRule => ({ type: 'int', min, max: INT32_MAX });
const int = (min: number, max: number): OptionRule => ({ type: 'int', min, max });
const bool: OptionRule = { type: 'boolean' };
const NAME_RE = /^[a-zA-Z0-9_-]+$/;

function isCredentials(v: unknown): v is Credentials {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const okToken = c.securityToken === undefined || typeof c.securityToken === 'string';
  return typeof c.accessKey === 'string' && c.accessKey !== '' && typeof c.secretKey === 'string' && c.secretKey !== '' && okToken;
}

/** Checks of the shared client options. */
export const CLIENT_RULES: OptionSchema<ResolvedClientOptions> = {
  nameServer: {
    type: 'string',
    optional: true,
    pattern: /^[^;\s]+:\d{1,5}(;[^;\s]+:\d{1,5})*;?$/,
    describe: 'host:port pairs separated by ";"',
  },
  instanceName: { type: 'string', pattern: /^[^@\s]+$/, describe: 'a non-empty name without "@" or spaces' },
  namespace: { type: 'string', optional: true, pattern: NAME_RE, describe: `made of ${NAME_RE.source}` },
  clientIp: { type: 'string', optional: true, pattern: /^[0-9A-Fa-f.:]+$/, describe: 'an IPv4 or IPv6 address' },
  unitName: { type: 'string', optional: true, pattern: /^[^@\s]+$/, describe: 'a non-empty name without "@" or spaces' },
  routeRefreshIntervalMs: ms(),
  heartbeatIntervalMs: ms(),
  requestTimeoutMs: ms(),
  vipChannel: bool,
  tls: bool,
  language: {
    type: 'enum',
    values: ['JAVA', 'CPP', 'DOTNET', 'PYTHON', 'DELPHI', 'ERLANG', 'RUBY', 'OTHER', 'HTTP', 'GO', 'PHP', 'OMS', 'RUST'],
  },
  version: int(0, 1000),
  serialization: { type: 'enum', values: ['JSON', 'ROCKETMQ'] },
  credentials: { type: 'custom', optional: true, expected: '{ accessKey, secretKey, securityToken? } with non-empty keys', check: isCredentials },
};

/** Checks of the producer options. */
export const PRODUCER_RULES: OptionSchema<ResolvedProducerOptions> = {
  ...CLIENT_RULES,
  group: { type: 'string' },
  sendTimeoutMs: ms(),
  retryTimesWhenSendFailed: int(0, 100),
  retryTimesWhenSendAsyncFailed: int(0, 100),
  retryAnotherBroker: bool,
  retryAnotherBrokerWhenNotStoreOk: bool,
  compressBodyOverBytes: ms(0),
  compressLevel: int(-1, 9),
  maxMessageSize: int(1, 1024 * 1024 * 1024),
  createTopicKey: { type: 'string', pattern: /^[%|a-zA-Z0-9_-]{1,127}$/, describe: 'a valid topic name' },
  defaultTopicQueueNums: int(1, 1024),
  sendLatencyFaultEnable: bool,
  maxInflightSends: int(1, 1_000_000),
  maxInflightBytes: int(1, Number.MAX_SAFE_INTEGER),
  codec: { type: 'string', pattern: /^[A-Za-z0-9._+-]{1,64}$/, describe: 'a codec name' },
  autoBatch: bool,
  batchMaxDelayMs: int(1, 30_000),
  batchMaxBytes: int(1, 2 * 1024 * 1024),
  totalBatchMaxBytes: int(1, Number.MAX_SAFE_INTEGER),
};

/** Checks of the push consumer options. */
export const CONSUMER_RULES: OptionSchema<ResolvedConsumerOptions> = {
  ...CLIENT_RULES,
  group: { type: 'string' },
  messageModel: { type: 'enum', values: ['CLUSTERING', 'BROADCASTING'] },
  consumeFromWhere: {
    type: 'enum',
    values: ['CONSUME_FROM_LAST_OFFSET', 'CONSUME_FROM_FIRST_OFFSET', 'CONSUME_FROM_TIMESTAMP'],
  },
  consumeTimestamp: int(0, Number.MAX_SAFE_INTEGER),
  allocateStrategy: { type: 'function' },
  orderly: bool,
  pullBatchSize: int(1, 1024),
  consumeBatchSize: int(1, 1024),
  pullThresholdForQueue: int(1, 65535),
  pullThresholdBytesForQueue: int(1, 1024 * 1024 * 1024),
  consumeConcurrentlyMaxSpan: int(1, 65535),
  pullIntervalMs: int(0, 65535),
  brokerSuspendMaxTimeMs: ms(),
  pullTimeoutMs: ms(),
  consumeConcurrency: int(1, 1000),
  consumeTimeoutMs: ms(),
  maxReconsumeTimes: int(0, INT32_MAX),
  delayLevelWhenNextConsume: int(-1, 18),
  suspendCurrentQueueTimeMs: ms(0),
  sendBackFailedRetryDelayMs: ms(0),
  rebalanceIntervalMs: ms(),
  lockRenewIntervalMs: ms(),
  lockExpiryMs: ms(),
  maxTimeConsumeContinuouslyMs: ms(),
  persistOffsetIntervalMs: ms(),
  pullDelayOnErrorMs: ms(0),
  pullDelayOnFlowControlMs: ms(0),
  pullDelayOnBrokerFlowControlMs: ms(0),
  pullDelayOnSuspendMs: ms(0),
  pullMaxIdleTimeMs: ms(),
  shutdownDrainTimeoutMs: ms(0),
  fallbackCodec: { type: 'string', pattern: /^[A-Za-z0-9._+-]{1,64}$/, describe: 'a codec name' },
};
