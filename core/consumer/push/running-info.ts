import type { ConsumerRunningInfoData } from '../../ports/broker-port.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';
import type { ResolvedConsumerOptions } from '../../options/option-types.js';
import type { QueueSession } from './queue-session.js';
import type { ConsumerCounters } from './stats.js';

const MiB = 1024 * 1024;

/** What GET_CONSUMER_RUNNING_INFO reports. */
export interface RunningInfoInput {
  readonly group: string;
  readonly options: ResolvedConsumerOptions;
  readonly startedAt: number;
  readonly now: number;
  readonly subscriptions: readonly SubscriptionData[];
  readonly sessions: readonly QueueSession[];
  readonly committedOffset: (session: QueueSession) => number | undefined;
  readonly locked: (session: QueueSession) => boolean;
  readonly counters: ConsumerCounters;
}

/** The consumer's configuration under the Java property names admin tools show, plus the `PROP_*` entries. */
function properties(input: RunningInfoInput): Record<string, string> {
  const o = input.options;
  return {
    consumerGroup: input.group,
    messageModel: o.messageModel,
    consumeFromWhere: o.consumeFromWhere,
    consumeTimestamp: String(o.consumeTimestamp),
    pullBatchSize: String(o.pullBatchSize),
    consumeMessageBatchMaxSize: String(o.consumeBatchSize),
    pullThresholdForQueue: String(o.pullThresholdForQueue),
    pullThresholdSizeForQueue: String(Math.round(o.pullThresholdBytesForQueue / MiB)),
    consumeConcurrentlyMaxSpan: String(o.consumeConcurrentlyMaxSpan),
    pullInterval: String(o.pullIntervalMs),
    consumeTimeout: String(Math.round(o.consumeTimeoutMs / 60_000)),
    maxReconsumeTimes: String(o.maxReconsumeTimes),
    suspendCurrentQueueTimeMillis: String(o.suspendCurrentQueueTimeMs),
    consumeThreadMin: String(o.consumeConcurrency),
    consumeThreadMax: String(o.consumeConcurrency),
    PROP_NAMESERVER_ADDR: o.nameServer ? `${o.nameServer.split(';').filter(Boolean).join(';')};` : '',
    PROP_THREADPOOL_CORE_SIZE: String(o.consumeConcurrency),
    PROP_CONSUMEORDERLY: String(o.orderly),
    PROP_CONSUME_TYPE: 'CONSUME_PASSIVELY',
    PROP_CONSUMER_START_TIMESTAMP: String(input.startedAt),
  };
}

/** The lock part of a `ProcessQueueInfo` (an orderly push consumer's broker lock). */
export interface QueueLockInfo {
  readonly locked: boolean;
  readonly lastLockTimestamp: number;
}

const NO_LOCK: QueueLockInfo = { locked: false, lastLockTimestamp: 0 };

/**
 * Java `ProcessQueueInfo` of one owned queue, for push and pull consumers alike: its cached messages, the offset it
 * would commit (`-1` if none) and its lock (a pull consumer holds none).
 */
export function processQueueInfo(session: QueueSession, commitOffset: number | undefined, lock: QueueLockInfo = NO_LOCK): Record<string, number | boolean> {
  const pq = session.pq;
  const cached = pq.cachedMessages();
  return {
    commitOffset: commitOffset ?? -1,
    cachedMsgMinOffset: cached[0]?.queueOffset ?? 0,
    cachedMsgMaxOffset: cached[cached.length - 1]?.queueOffset ?? 0,
    cachedMsgCount: pq.count,
    cachedMsgSizeInMiB: Math.floor(pq.bytes / MiB),
    transactionMsgMinOffset: 0,
    transactionMsgMaxOffset: 0,
    transactionMsgCount: 0,
    locked: lock.locked,
    tryUnlockTimes: 0,
    lastLockTimestamp: lock.lastLockTimestamp,
    droped: pq.dropped,
    lastPullTimestamp: pq.lastPullAt,
    lastConsumeTimestamp: pq.lastConsumeAt,
  };
}

/** The `ProcessQueueInfo` of a push consumer's queue: committed offset and orderly lock from `input`. */
function pushQueueInfo(session: QueueSession, input: RunningInfoInput): Record<string, number | boolean> {
  return processQueueInfo(session, input.committedOffset(session), { locked: input.locked(session), lastLockTimestamp: session.pq.lastLockAt });
}

/**
 * Java `ConsumerStatus` figures per topic. rocketmq-rx keeps consumer-wide totals, so every topic shows the same
 * lifetime averages: round-trip and handler times in ms, rates per second since start.
 */
function status(input: RunningInfoInput): Record<string, number> {
  const c = input.counters;
  const seconds = Math.max(1, (input.now - input.startedAt) / 1000);
  return {
    pullRT: c.pulls === 0 ? 0 : c.pullTimeMs / c.pulls,
    pullTPS: c.pulledMessages / seconds,
    consumeRT: c.consumedOk + c.consumedFailed === 0 ? 0 : c.consumeTimeMs / (c.consumedOk + c.consumedFailed),
    consumeOKTPS: c.consumedOk / seconds,
    consumeFailedTPS: c.consumedFailed / seconds,
    consumeFailedMsgs: c.consumedFailed,
  };
}

/** Builds the answer to GET_CONSUMER_RUNNING_INFO (shared/protocol §5.6); the adapter serializes it. */
export function buildRunningInfo(input: RunningInfoInput): ConsumerRunningInfoData {
  const figures = status(input);
  return {
    properties: properties(input),
    subscriptionSet: input.subscriptions.map((s) => ({ ...s })),
    mqTable: input.sessions.map((s) => ({ queue: s.queue, info: pushQueueInfo(s, input) })),
    statusTable: Object.fromEntries(input.subscriptions.map((s) => [s.topic, { ...figures }])),
  };
}
