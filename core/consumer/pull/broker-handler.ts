import type { ConsumerRequestHandler } from '../../client/broker-requests.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { ConsumerRunningInfoData } from '../../ports/broker-port.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';
import type { QueueSession } from '../push/queue-session.js';
import { processQueueInfo } from '../push/running-info.js';
import { PullConsumerError } from './errors.js';
import type { ResolvedPullConsumerOptions } from './options.js';

const MiB = 1024 * 1024;

/** What the answers to broker-pushed requests need from a pull consumer. */
export interface PullBrokerRequestContext {
  readonly group: string;
  readonly options: ResolvedPullConsumerOptions;
  readonly startedAt: number;
  readonly subscriptions: () => readonly SubscriptionData[];
  readonly sessions: () => readonly QueueSession[];
  readonly polledOffset: (queue: MessageQueue) => number | undefined;
  /** NOTIFY_CONSUMER_IDS_CHANGED. */
  rebalanceNow(): void;
  /** RESET_CONSUMER_CLIENT_OFFSET: the owned queues of `topic` go on from these offsets. */
  resetOffsets(topic: string, offsets: readonly { queue: MessageQueue; offset: number }[]): void;
}

/**
 * A pull consumer's answers to broker-pushed requests (shared/protocol §4.15): rebalance on
 * NOTIFY_CONSUMER_IDS_CHANGED, go on from reset offsets, running info with `PROP_CONSUME_TYPE` CONSUME_ACTIVELY. It
 * has no handler, so CONSUME_MESSAGE_DIRECTLY is refused (as the Java client does for lite pull consumers).
 */
export function pullRequestHandler(ctx: PullBrokerRequestContext): ConsumerRequestHandler {
  return {
    notifyConsumerIdsChanged: () => ctx.rebalanceNow(),
    resetOffset: (req) => ctx.resetOffsets(req.topic, req.offsets),
    runningInfo: () => runningInfo(ctx),
    consumeMessageDirectly: () =>
      Promise.reject(new PullConsumerError('unsupported', 'a pull consumer has no handler to consume a message directly', { group: ctx.group })),
  };
}

function runningInfo(ctx: PullBrokerRequestContext): ConsumerRunningInfoData {
  const o = ctx.options;
  const properties: Record<string, string> = {
    consumerGroup: ctx.group,
    messageModel: 'CLUSTERING',
    consumeFromWhere: o.consumeFromWhere,
    consumeTimestamp: String(o.consumeTimestamp),
    pullBatchSize: String(o.pullBatchSize),
    pullThresholdForAll: String(o.pullThresholdForAll),
    pullThresholdForQueue: String(o.pullThresholdForQueue),
    pullThresholdSizeForQueue: String(Math.round(o.pullThresholdBytesForQueue / MiB)),
    consumeMaxSpan: String(o.consumeMaxSpan),
    pollTimeoutMillis: String(o.pollTimeoutMs),
    autoCommit: String(o.autoCommit),
    autoCommitIntervalMillis: String(o.autoCommitIntervalMs),
    brokerSuspendMaxTimeMillis: String(o.brokerSuspendMaxTimeMs),
    consumerTimeoutMillisWhenSuspend: String(o.pullTimeoutMs),
    PROP_NAMESERVER_ADDR: o.nameServer ? `${o.nameServer.split(';').filter(Boolean).join(';')};` : '',
    PROP_CONSUME_TYPE: 'CONSUME_ACTIVELY',
    PROP_CONSUMER_START_TIMESTAMP: String(ctx.startedAt),
  };
  const subscriptionSet = ctx.subscriptions().map((s) => ({ ...s }));
  const mqTable = ctx.sessions().map((s) => ({ queue: s.queue, info: processQueueInfo(s, ctx.polledOffset(s.queue)) }));
  return { properties, subscriptionSet, mqTable, statusTable: {} };
}
