import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_AUTO_COMMIT_INTERVAL_MS, PULL_CONSUMER_DEFAULTS, resolvePullConsumerOptions } from '../../../../core/consumer/pull/options.js';
import { PullConsumer } from '../../../../core/consumer/pull/pull-consumer.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { PulledMessage } from '../../../../core/ports/broker-port.js';
import { allocateAveragely } from '../../../../core/strategies/allocate/averagely.js';
import { brokerError, transportError } from '../../fakes/fake-port.js';
import { A, B, makeConsumer, memoryBroker, qa } from './harness.js';

const MiB = 1024 * 1024;

describe('pull consumer options', () => {
  it('default to the Java DefaultLitePullConsumer values', () => {
    expect(PULL_CONSUMER_DEFAULTS).toMatchObject({
      consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
      pullBatchSize: 10,
      pullThresholdForAll: 10_000,
      pullThresholdForQueue: 1_000,
      pullThresholdBytesForQueue: 100 * MiB,
      consumeMaxSpan: 2_000,
      pollTimeoutMs: 5_000,
      autoCommit: true,
      autoCommitIntervalMs: 5_000,
      brokerSuspendMaxTimeMs: 20_000,
      pullTimeoutMs: 30_000,
      pullDelayOnErrorMs: 1_000,
      rebalanceIntervalMs: 20_000,
      fallbackCodec: 'raw',
      heartbeatIntervalMs: 30_000,
    });
    expect(PULL_CONSUMER_DEFAULTS.allocateStrategy).toBe(allocateAveragely);
    expect(Object.isFrozen(PULL_CONSUMER_DEFAULTS)).toBe(true);
    expect(resolvePullConsumerOptions({ group: 'G' }, 10_000_000).consumeTimestamp).toBe(10_000_000 - 30 * 60_000);
  });

  it('are validated eagerly, naming the option', () => {
    const bad = (options: object, field: string) =>
      expect(() => resolvePullConsumerOptions({ group: 'G', ...options })).toThrow(expect.objectContaining({ kind: 'invalid-option', field }));
    bad({ autoCommitIntervalMs: MIN_AUTO_COMMIT_INTERVAL_MS - 1 }, 'pullConsumer.autoCommitIntervalMs');
    bad({ pullBatchSize: 0 }, 'pullConsumer.pullBatchSize');
    bad({ pullTimeoutMs: 20_000 }, 'pullConsumer.pullTimeoutMs');
    bad({ group: 'DEFAULT_CONSUMER' }, 'pullConsumer.group');
    bad({ pollInterval: 3 }, 'pullConsumer.pollInterval');
    expect(() => resolvePullConsumerOptions({ group: 'bad group' })).toThrow(expect.objectContaining({ kind: 'invalid-group' }));
    const port = memoryBroker().port();
    expect(() => new PullConsumer({ group: 'G', fallbackCodec: 'nope' }, { portFactory: () => port })).toThrow(
      expect.objectContaining({ kind: 'unknown-codec' }),
    );
  });
});

describe('PullConsumer lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shutdown stops everything: pulls aborted, pollers ended, offsets committed, group unregistered, no timer left', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 15);
    const { consumer, port, registry, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0), qa(1)]);
    await consumer.start();
    await consumer.start();
    expect(consumer.state).toBe('running');
    expect((await consumer.poll()).length).toBe(10);
    let waiting: ReceivedMessage[] | undefined;
    let streamDone = false;
    let eventsDone = false;
    let assignmentDone = false;
    consumer.events$.subscribe({ complete: () => (eventsDone = true) });
    consumer.assignment$.subscribe({ complete: () => (assignmentDone = true) });
    await consumer.poll(); // 10..14
    await vi.advanceTimersByTimeAsync(0);
    expect(broker.parkedCount).toBe(2);
    void consumer.poll(60_000).then((b) => (waiting = b));
    consumer.poll$().subscribe({ complete: () => (streamDone = true) });
    expect(consumer.liveResources).toBeGreaterThan(0);

    const stops = [consumer.shutdown(), consumer.shutdown()];
    expect(stops[0]).toBe(stops[1]);
    await Promise.all(stops);
    expect(consumer.state).toBe('stopped');
    expect(waiting).toEqual([]);
    expect(streamDone && eventsDone && assignmentDone).toBe(true);
    expect(broker.parkedCount).toBe(0);
    expect(broker.committedOf('G', qa(0))).toBe(15);
    expect(events.filter((e) => e.type === 'queue-released')).toEqual([
      { type: 'queue-released', queue: qa(0), committedOffset: 15, abandoned: 0 },
      { type: 'queue-released', queue: qa(1), committedOffset: undefined, abandoned: 0 },
    ]);
    expect(port.callsOf('unregisterClient').map((c) => `${c.addr} ${JSON.stringify(c.args[1])}`).sort()).toEqual(
      [
        `${A.addr} {"producerGroup":"CLIENT_INNER_PRODUCER"}`,
        `${A.addr} {"consumerGroup":"G"}`,
        `${B.addr} {"producerGroup":"CLIENT_INNER_PRODUCER"}`,
        `${B.addr} {"consumerGroup":"G"}`,
      ].sort(),
    );
    expect(port.closed).toBe(true);
    expect(consumer.liveResources).toBe(0);
    expect(registry.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const pulls = broker.pulls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(broker.pulls.length).toBe(pulls);
    expect(events.at(-1)?.type).not.toBe('pull-error');
    await expect(consumer.start()).rejects.toMatchObject({ kind: 'consumer-shut-down' });
  });

  it('shutdown without start is a no-op; a shutdown during start waits for it', async () => {
    const broker = memoryBroker();
    const idle = makeConsumer(broker);
    await idle.consumer.shutdown();
    expect(idle.consumer.state).toBe('stopped');
    expect(idle.port.calls).toHaveLength(0);

    const { consumer, port } = makeConsumer(broker);
    consumer.assign([qa(0)]);
    const starting = consumer.start();
    const stopping = consumer.shutdown();
    await Promise.all([starting, stopping]);
    expect(consumer.state).toBe('stopped');
    expect(port.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed pull is reported and tried again after 1 s', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 3);
    broker.pullFailures.push(transportError('request-timeout'), brokerError(26, 'subscription not latest'));
    const { consumer, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(broker.pulls).toHaveLength(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'pull-error', queue: qa(0), retryInMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(broker.pulls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.pulls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await consumer.poll()).map((m) => m.queueOffset)).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.type === 'pull-error')).toHaveLength(2);
    await consumer.shutdown();
  });

  it('a start offset that cannot be read is tried again; the queue pulls once the broker answers', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 2);
    broker.setCommitted('G', qa(0), 1);
    const { consumer, port, events } = makeConsumer(broker);
    const query = port.overrides.queryConsumerOffset!;
    port.overrides.queryConsumerOffset = () => Promise.reject(transportError('connection-closed'));
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toContainEqual(expect.objectContaining({ type: 'pull-error', queue: qa(0) }));
    expect(broker.pulls).toHaveLength(0);
    port.overrides.queryConsumerOffset = query;
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await consumer.poll()).map((m) => m.queueOffset)).toEqual([1]);
    await consumer.shutdown();
  });

  it('answers broker requests: running info as CONSUME_ACTIVELY, no direct consumption', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 4);
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    const info = port.handlers!.consumerRunningInfo('G')!;
    expect(info.properties).toMatchObject({ consumerGroup: 'G', PROP_CONSUME_TYPE: 'CONSUME_ACTIVELY', pullBatchSize: '10' });
    expect(info.mqTable).toEqual([{ queue: qa(0), info: expect.objectContaining({ cachedMsgCount: 4, cachedMsgMinOffset: 0, cachedMsgMaxOffset: 3 }) }]);
    await expect(port.handlers!.consumeMessageDirectly('G', {} as PulledMessage)).rejects.toMatchObject({ kind: 'unsupported' });
    await consumer.shutdown();
  });

  it('a RESET_CONSUMER_CLIENT_OFFSET moves the owned queues of the topic', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 10);
    const { consumer, port, events } = makeConsumer(broker);
    consumer.assign([qa(0)]);
    await consumer.start();
    port.handlers!.resetOffset({ topic: 'T', group: 'G', timestamp: 0, isForce: true, offsets: [{ queue: qa(0), offset: 7 }] });
    await vi.advanceTimersByTimeAsync(0);
    expect((await consumer.poll()).map((m) => m.queueOffset)).toEqual([7, 8, 9]);
    expect(events).toContainEqual({ type: 'offset-reset', topic: 'T', offsets: [{ queue: qa(0), offset: 7 }] });
    await consumer.shutdown();
  });
});
