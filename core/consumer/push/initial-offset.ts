import type { MessageQueue } from '../../message/message-queue.js';
import type { BrokerPort } from '../../ports/broker-port.js';
import type { ConsumeFromWhere } from '../../ports/heartbeat.js';
import { RETRY_TOPIC_PREFIX } from '../../validation/names.js';
import { ConsumerError } from './errors.js';
import type { OffsetStore } from './offset-store.js';

/** What the start position of a newly taken queue depends on. */
export interface InitialOffsetContext {
  readonly store: OffsetStore;
  readonly consumeFromWhere: ConsumeFromWhere;
  /** Start time (ms) for CONSUME_FROM_TIMESTAMP. */
  readonly consumeTimestamp: number;
  readonly port: () => Pick<BrokerPort, 'getMaxOffset' | 'searchOffset'>;
  readonly masterAddr: (brokerName: string) => string | undefined;
  readonly requestTimeoutMs: number;
}

/**
 * Java `RebalancePushImpl.computePullFromWhere`: the offset stored for the group (broker or local file) when there
 * is one; otherwise, by `consumeFromWhere`, the queue's max offset (last; `%RETRY%` topics start at 0), 0 (first),
 * or the offset at `consumeTimestamp` (timestamp; `%RETRY%` topics use the max offset). Rejects with the store's
 * or broker's error when the offset cannot be determined; the queue is then not taken in this round.
 */
export async function initialOffset(ctx: InitialOffsetContext, mq: MessageQueue): Promise<number> {
  const stored = await ctx.store.readStore(mq);
  if (stored !== undefined && stored >= 0) return stored;
  const retry = mq.topic.startsWith(RETRY_TOPIC_PREFIX);
  switch (ctx.consumeFromWhere) {
    case 'CONSUME_FROM_FIRST_OFFSET':
      return 0;
    case 'CONSUME_FROM_TIMESTAMP':
      if (retry) return maxOffset(ctx, mq);
      return ctx.port().searchOffset(addrOf(ctx, mq), mq, ctx.consumeTimestamp, { timeoutMs: ctx.requestTimeoutMs });
    case 'CONSUME_FROM_LAST_OFFSET':
    default:
      return retry ? 0 : maxOffset(ctx, mq);
  }
}

function maxOffset(ctx: InitialOffsetContext, mq: MessageQueue): Promise<number> {
  return ctx.port().getMaxOffset(addrOf(ctx, mq), mq, { timeoutMs: ctx.requestTimeoutMs });
}

function addrOf(ctx: InitialOffsetContext, mq: MessageQueue): string {
  const addr = ctx.masterAddr(mq.brokerName);
  if (addr === undefined) throw new ConsumerError('broker-not-found', `no master address known for broker ${mq.brokerName}`, { queue: mq });
  return addr;
}
