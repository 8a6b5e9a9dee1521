import { describe, expect, it } from 'vitest';
import {
  CLIENT_DEFAULTS,
  CONSUME_TIMESTAMP_LOOKBACK_MS,
  CONSUMER_DEFAULTS,
  PRODUCER_DEFAULTS,
  resolveClientOptions,
  resolveConsumerOptions,
  resolveProducerOptions,
} from '../../core/defaults.js';
import { allocateAveragely } from '../../core/strategies/allocate/averagely.js';
import { allocateConsistentHash } from '../../core/strategies/allocate/consistent-hash.js';
import { ValidationError } from '../../core/validation/validation-error.js';

const MiB = 1024 * 1024;

describe('defaults are the Java client values', () => {
  it('client', () => {
    expect(CLIENT_DEFAULTS).toMatchObject({
      routeRefreshIntervalMs: 30_000, heartbeatIntervalMs: 30_000, requestTimeoutMs: 3_000, instanceName: 'DEFAULT',
      namespace: undefined, vipChannel: false, language: 'JAVA', version: 401, serialization: 'JSON',
    });
  });

  it('producer', () => {
    expect(PRODUCER_DEFAULTS).toMatchObject({
      group: 'DEFAULT_PRODUCER', sendTimeoutMs: 3_000, retryTimesWhenSendFailed: 2, retryTimesWhenSendAsyncFailed: 2,
      compressBodyOverBytes: 4096, compressLevel: 5, maxMessageSize: 4 * MiB, createTopicKey: 'TBW102',
      defaultTopicQueueNums: 4, retryAnotherBroker: true, sendLatencyFaultEnable: false,
      maxInflightSends: 1024, maxInflightBytes: 64 * MiB, codec: 'msgpack',
    });
  });

  it('consumer', () => {
    expect(CONSUMER_DEFAULTS).toMatchObject({
      messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET', pullBatchSize: 32, consumeBatchSize: 1,
      pullThresholdForQueue: 1000, pullThresholdBytesForQueue: 100 * MiB, consumeConcurrentlyMaxSpan: 2000,
      brokerSuspendMaxTimeMs: 15_000, pullTimeoutMs: 30_000, consumeConcurrency: 20, consumeTimeoutMs: 15 * 60_000,
      maxReconsumeTimes: 16, suspendCurrentQueueTimeMs: 1000, sendBackFailedRetryDelayMs: 5000, rebalanceIntervalMs: 20_000,
      lockRenewIntervalMs: 20_000, lockExpiryMs: 30_000, persistOffsetIntervalMs: 5000, pullDelayOnErrorMs: 3000,
      pullDelayOnFlowControlMs: 50, pullDelayOnBrokerFlowControlMs: 20, fallbackCodec: 'raw',
    });
    expect(CONSUMER_DEFAULTS.allocateStrategy).toBe(allocateAveragely);
    expect(CONSUME_TIMESTAMP_LOOKBACK_MS).toBe(30 * 60_000);
  });

  it('are frozen', () => {
    expect(Object.isFrozen(CLIENT_DEFAULTS) && Object.isFrozen(PRODUCER_DEFAULTS) && Object.isFrozen(CONSUMER_DEFAULTS)).toBe(true);
  });
});

describe('resolve*Options', () => {
  it('merge over the defaults; undefined keeps the default', () => {
    const p = resolveProducerOptions({ group: 'P', sendTimeoutMs: 500, compressLevel: undefined });
    expect(p).toMatchObject({ ...PRODUCER_DEFAULTS, group: 'P', sendTimeoutMs: 500 });
    expect(resolveClientOptions()).toEqual(CLIENT_DEFAULTS);
    expect(resolveClientOptions({ nameServer: '127.0.0.1:9876;10.0.0.2:9876', namespace: 'ns1' })).toMatchObject({
      nameServer: '127.0.0.1:9876;10.0.0.2:9876',
      namespace: 'ns1',
    });
  });

  it('anchor the consumer start timestamp on `now`', () => {
    const c = resolveConsumerOptions({ group: 'G', orderly: true, allocateStrategy: allocateConsistentHash() }, 10_000_000);
    expect(c.consumeTimestamp).toBe(10_000_000 - 30 * 60_000);
    expect(c).toMatchObject({ group: 'G', orderly: true, maxReconsumeTimes: 16 });
  });

  function rejection(fn: () => unknown): ValidationError {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return err as ValidationError;
    }
    throw new Error('expected a rejection');
  }

  it.each([
    ['unknown key', () => resolveProducerOptions({ sendTimeout: 1 } as never), 'producer.sendTimeout', 'is not a producer option'],
    ['wrong type', () => resolveProducerOptions({ sendTimeoutMs: '3000' } as never), 'producer.sendTimeoutMs', 'must be an integer'],
    ['non-integer', () => resolveProducerOptions({ sendTimeoutMs: 1.5 }), 'producer.sendTimeoutMs', 'must be an integer'],
    ['zero timeout', () => resolveProducerOptions({ sendTimeoutMs: 0 }), 'producer.sendTimeoutMs', 'must be in [1,'],
    ['compress level', () => resolveProducerOptions({ compressLevel: 10 }), 'producer.compressLevel', 'must be in [-1, 9]'],
    ['negative retries', () => resolveProducerOptions({ retryTimesWhenSendFailed: -1 }), 'producer.retryTimesWhenSendFailed', 'must be in'],
    ['bad enum', () => resolveClientOptions({ serialization: 'XML' } as never), 'client.serialization', 'must be one of JSON, ROCKETMQ'],
    ['bad name server', () => resolveClientOptions({ nameServer: 'localhost' }), 'client.nameServer', 'host:port'],
    ['bad namespace', () => resolveClientOptions({ namespace: 'a%b' }), 'client.namespace', 'made of'],
    ['bad boolean', () => resolveClientOptions({ vipChannel: 'no' } as never), 'client.vipChannel', 'must be a boolean'],
    ['bad credentials', () => resolveClientOptions({ credentials: { accessKey: '', secretKey: 's' } }), 'client.credentials', 'accessKey'],
    ['not an object', () => resolveClientOptions(42 as never), 'client', 'must be an object'],
    ['missing group', () => resolveConsumerOptions({} as never), 'consumer.group', 'is required'],
    ['DEFAULT_CONSUMER', () => resolveConsumerOptions({ group: 'DEFAULT_CONSUMER' }), 'consumer.group', 'must not be DEFAULT_CONSUMER'],
    ['pull batch 0', () => resolveConsumerOptions({ group: 'G', pullBatchSize: 0 }), 'consumer.pullBatchSize', 'must be in [1, 1024]'],
    ['pull batch 1025', () => resolveConsumerOptions({ group: 'G', pullBatchSize: 1025 }), 'consumer.pullBatchSize', 'must be in [1, 1024]'],
    ['threshold', () => resolveConsumerOptions({ group: 'G', pullThresholdForQueue: 65536 }), 'consumer.pullThresholdForQueue', '65535'],
    ['concurrency', () => resolveConsumerOptions({ group: 'G', consumeConcurrency: 1001 }), 'consumer.consumeConcurrency', '1000'],
    ['strategy', () => resolveConsumerOptions({ group: 'G', allocateStrategy: 'AVG' } as never), 'consumer.allocateStrategy', 'must be a function'],
    ['model', () => resolveConsumerOptions({ group: 'G', messageModel: 'clustering' } as never), 'consumer.messageModel', 'must be one of'],
    ['pull timeout ≤ suspend', () => resolveConsumerOptions({ group: 'G', pullTimeoutMs: 15_000 }), 'consumer.pullTimeoutMs', 'longer than brokerSuspendMaxTimeMs'],
    ['lock renew ≥ expiry', () => resolveConsumerOptions({ group: 'G', lockRenewIntervalMs: 30_000 }), 'consumer.lockRenewIntervalMs', 'shorter than lockExpiryMs'],
  ])('reject %s with invalid-option naming the option and why', (_name, fn, field, reason) => {
    const err = rejection(fn);
    expect(err.kind).toBe('invalid-option');
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
    expect(err.message).toContain(reason);
  });

  it('reject a malformed group with invalid-group', () => {
    expect(rejection(() => resolveProducerOptions({ group: 'bad group' }))).toMatchObject({ kind: 'invalid-group', field: 'producer.group' });
    expect(rejection(() => resolveConsumerOptions({ group: '' }))).toMatchObject({ kind: 'invalid-group', field: 'consumer.group' });
  });

  it('return frozen objects', () => {
    expect(Object.isFrozen(resolveConsumerOptions({ group: 'G' }))).toBe(true);
  });
});
